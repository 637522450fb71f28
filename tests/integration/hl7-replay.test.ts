/**
 * `npm run hl7:replay -- FILE` (issue 19, item 5): a file of messages, MLLP-framed or one
 * per MSH, fed through the feed's own path by the real script; a second run changes
 * nothing; a refused message is listed with its words and sets the exit code.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { cliActor } from '@/lib/dal/actor';
import { createCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { createPatient } from '@/lib/dal/patients';
import { frame } from '@/lib/interop/hl7/mllp';
import { splitMessages } from '@/lib/interop/hl7/split';
import { ASSAY, daysAgo } from '../setup/dal-helpers';
import { labAMessage, labBMessage } from '../setup/hl7-messages';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
let tmp: ReturnType<typeof useTempDatabase>;

function replay(file: string, senders = 'LABSYS|REFLAB A,HLAB|GENERAL HOSP') {
  closeDb();
  const res = spawnSync(TSX, ['--conditions=react-server', path.join(ROOT, 'scripts/hl7-replay.ts'), file], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, TITERLINE_DB: tmp.file, TITERLINE_HL7_ALLOWED_SENDERS: senders },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}
const rows = () => getDb().$client.prepare('SELECT (SELECT count(*) FROM antibody_results) AS antibody, (SELECT count(*) FROM enzyme_results) AS enzyme').get();

beforeAll(() => {
  tmp = useTempDatabase();
  const physician = { ...cliActor(), role: 'physician' as const };
  createPatient(physician, { mrn: 'MRN-1', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15', sex: 'female', diagnosisGroup: 'mi2-pos-dm' });
  createPatient(physician, { mrn: 'MRN-2', familyName: 'Okafor', givenName: 'Chidi', birthDate: '1975-06-07', sex: 'male', diagnosisGroup: 'mi2-pos-dm' });
  createCodeMapping(cliActor(), { domain: 'lab', application: 'LABSYS', facility: 'Reference lab A', system: 'http://loinc.org', code: '88733-1', target: `assay:${ASSAY.betaBlot}` });
  createCodeMapping(cliActor(), { domain: 'lab', application: 'HLAB', facility: 'GENERAL HOSP', system: '99HLB', code: 'MI2E', target: `assay:${ASSAY.elisa}` });
  createCodeMapping(cliActor(), { domain: 'lab', application: 'HLAB', facility: 'GENERAL HOSP', system: '99HLB', code: 'CKT', target: 'enzyme:ck' });
});
afterAll(() => tmp.dispose());

describe('splitting a file', () => {
  it('reads MLLP frames and plain messages (\\r or \\n segments) alike', () => {
    const a = labAMessage();
    const b = labBMessage();
    expect(splitMessages(Buffer.concat([frame(a), Buffer.from('\n'), frame(b)]), 1 << 20)).toEqual({ ok: true, messages: [a, b] });
    expect(splitMessages(Buffer.from(`${a}\r\n${b}\n\n`), 1 << 20)).toEqual({ ok: true, messages: [a, b] });
    expect(splitMessages(Buffer.from(`${a}\n${b}`), 100)).toMatchObject({ ok: false, index: 1 });
  });
});

describe('npm run hl7:replay', () => {
  it('files each message in order, and a second run changes nothing', () => {
    const file = path.join(path.dirname(tmp.file), 'history.hl7');
    fs.writeFileSync(file, [labAMessage({ controlId: 'R-1', day: daysAgo(60) }), labBMessage({ controlId: 'R-2', day: daysAgo(59) })].join('\n'));
    const first = replay(file);
    // stderr carries the command's JSON log lines (lib/ops/log.ts), nothing else.
    expect(first.err.split('\n').filter((l) => l !== '' && !l.startsWith('{"level":'))).toEqual([]);
    expect(first.out).toMatch(/^1\tR-1\tAA\tFiled: 2 stored\.\n2\tR-2\tAA\tFiled: 2 stored\.\n2 messages: 2 AA, 0 AE, 0 AR\.\n$/);
    expect(first.code).toBe(0);
    expect(rows()).toEqual({ antibody: 2, enzyme: 2 });
    const before = tableCounts();
    const second = replay(file);
    expect(second.out).toMatch(/1\tR-1\tAA\tAlready received/);
    expect(tableCounts()).toEqual(before);
  });

  it('lists a refused message with its words, exits 1, and stores nothing of it', () => {
    const file = path.join(path.dirname(tmp.file), 'framed.hl7');
    fs.writeFileSync(file, Buffer.concat([frame(labAMessage({ controlId: 'R-3', mrn: 'MRN-404', day: daysAgo(50) }))]));
    const before = rows();
    const res = replay(file);
    expect(res.out).toMatch(/1\tR-3\tAE\tNothing stored\. PID-3: .*No patient with MRN "MRN-404"/);
    expect(res.code).toBe(1);
    expect(rows()).toEqual(before);
  });

  it('refuses to run without the senders\' allow-list', () => {
    const res = replay(path.join(path.dirname(tmp.file), 'framed.hl7'), '');
    expect(res).toMatchObject({ code: 2, err: expect.stringMatching(/TITERLINE_HL7_ALLOWED_SENDERS is empty/) });
  });
});
