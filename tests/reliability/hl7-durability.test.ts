/**
 * The HL7 feed under SIGKILL (issue 19, Proof: durability): the real listener script
 * (`npm run hl7:listen`'s scripts/hl7-listen.ts) in its own process, a real MLLP client
 * streaming messages, `kill -9` in the middle of the stream. After restart: every message
 * that got an AA is stored, no message is half-stored (both of its results or neither),
 * the file and the audit chain are sound, and re-sending the whole stream completes it
 * without doubling anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDatabase } from '@/db/client';
import { cliActor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { createCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { createPatient } from '@/lib/dal/patients';
import { ASSAY, daysAgo } from '../setup/dal-helpers';
import { labAMessage } from '../setup/hl7-messages';
import { useTempDatabase } from '../setup/temp-db';

const ROOT = path.resolve(__dirname, '../..');
const MESSAGES = Array.from({ length: 40 }, (_, i) => labAMessage({ controlId: `D-${i}`, accession: `ACC-${i}`, day: daysAgo(200 - i), ck: String(300 + i), mi2: String(10 + i) }));

/** Starts the listener script as Node itself (tsx as a loader), so SIGKILL hits the process that holds the database. */
async function startListener(dbFile: string): Promise<{ child: ChildProcess; port: number; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/hl7-listen.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TITERLINE_DB: dbFile, TITERLINE_HL7_PORT: '0', TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|REFLAB A' },
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /HL7 listener on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('close', () => reject(new Error(`listener exited: ${out}`)));
  });
  return { child, port, exited };
}

function inspect(file: string) {
  closeDb();
  const db = openDatabase(file);
  const perAccession = db.$client.prepare("SELECT accession, count(*) AS n FROM (SELECT accession FROM antibody_results UNION ALL SELECT substr(accession, 1, length(accession) - 2) AS accession FROM enzyme_results) GROUP BY accession").all() as { accession: string; n: number }[];
  const filed = (db.$client.prepare("SELECT json_extract(after_json, '$.controlId') AS id FROM audit_events WHERE action = 'hl7.message'").all() as { id: string }[]).map((r) => r.id);
  const inbox = (db.$client.prepare("SELECT control_id AS id FROM hl7_inbox WHERE status = 'open'").all() as { id: string }[]).map((r) => r.id);
  const result = { integrity: db.$client.pragma('integrity_check', { simple: true }), chain: verifyAuditChain(db).ok, perAccession, filed, inbox };
  db.$client.close();
  return result;
}

describe('SIGKILL of the listener in the middle of a stream', { timeout: 180_000 }, () => {
  let tmp: ReturnType<typeof useTempDatabase>;
  beforeEach(() => {
    tmp = useTempDatabase();
    createPatient({ ...cliActor(), role: 'physician' }, { mrn: 'MRN-1', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15', sex: 'female', diagnosisGroup: 'mi2-pos-dm' });
    createCodeMapping(cliActor(), { domain: 'lab', application: 'LABSYS', facility: 'Reference lab A', system: 'http://loinc.org', code: '88733-1', target: `assay:${ASSAY.betaBlot}` });
    closeDb();
  });
  afterEach(() => tmp.dispose());

  it('keeps every acknowledged message, half-stores none, and completes on re-send', async () => {
    const first = await startListener(tmp.file);
    const client = new Hl7Client({ host: '127.0.0.1', port: first.port });
    const acked: string[] = [];
    // First three messages for a patient nobody registered: an AE means "kept in the inbox".
    const heldAcks: string[] = [];
    for (const i of [0, 1, 2]) {
      const ack = await client.sendAndWait(Hl7Message.parse(labAMessage({ controlId: `U-${i}`, mrn: `NOBODY-${i}`, accession: `UNK-${i}`, day: daysAgo(10), extraPid3: '' })), { timeoutMs: 20_000 });
      if (ack.getSegment('MSA')?.getComponent(1, 1) === 'AE') heldAcks.push(`U-${i}`);
    }
    expect(heldAcks).toEqual(['U-0', 'U-1', 'U-2']);
    for (const [i, text] of MESSAGES.entries()) {
      if (i === 15) {
        // One more message on the wire, and the kill while it is being filed.
        void client.send(Hl7Message.parse(text)).catch(() => {});
        await new Promise((r) => setTimeout(r, 5));
        first.child.kill('SIGKILL');
        break;
      }
      const ack = await client.sendAndWait(Hl7Message.parse(text), { timeoutMs: 20_000 });
      if (ack.getSegment('MSA')?.getComponent(1, 1) === 'AA') acked.push(`D-${i}`);
    }
    await first.exited;
    await client.close().catch(() => {});
    expect(acked).toHaveLength(15);

    const after = inspect(tmp.file);
    expect(after.integrity).toBe('ok');
    expect(after.chain).toBe(true);
    for (const id of acked) expect(after.filed).toContain(id);
    expect(after.filed.length - acked.length).toBeLessThanOrEqual(1); // the message in flight, whole or not at all
    expect(after.perAccession.every((a) => a.n === 2)).toBe(true);
    expect(after.perAccession).toHaveLength(after.filed.length);
    expect(after.inbox).toEqual(heldAcks);

    // The engine re-sends everything not acknowledged (here: the whole stream) to the restarted listener.
    const second = await startListener(tmp.file);
    const again = new Hl7Client({ host: '127.0.0.1', port: second.port });
    const codes = [];
    for (const text of MESSAGES) codes.push((await again.sendAndWait(Hl7Message.parse(text), { timeoutMs: 20_000 })).getSegment('MSA')?.getComponent(1, 1));
    await again.close();
    second.child.kill('SIGTERM');
    await second.exited;
    expect(codes).toEqual(MESSAGES.map(() => 'AA'));
    const final = inspect(tmp.file);
    expect(final.perAccession).toHaveLength(40);
    expect(final.perAccession.every((a) => a.n === 2)).toBe(true);
    expect(new Set(final.filed).size).toBe(40);
    expect(final.chain).toBe(true);
  });
});
