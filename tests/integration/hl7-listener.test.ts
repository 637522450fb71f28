/**
 * The MLLP listener end to end (issue 19, Proof): the listener on localhost, a real
 * MLLP client from an HL7 library (@medplum/hl7's Hl7Client) sending messages from two
 * lab systems, ACKs asserted, and the database holding exactly the expected rows -
 * nothing for a refused message. Hostile input over raw sockets: a huge message, bad
 * framing, a frame in small chunks (FS and CR apart), an address not on the allow-list.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { startHl7Listener } from '@/lib/interop/hl7/listener';
import { CR, FS, frame, VT } from '@/lib/interop/hl7/mllp';
import { makeActor } from '../setup/actors';
import { ASSAY, auditRows, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { labAMessage, labBMessage } from '../setup/hl7-messages';
import { mllpConfig, startMllpFeed } from '../setup/mllp-feed';
import { tableCounts } from '../setup/temp-db';

const CONFIG = mllpConfig([{ application: 'LABSYS', facility: 'REFLAB A' }, { application: 'HLAB', facility: 'GENERAL HOSP' }]);

const stored = () => sqlite().prepare('SELECT (SELECT count(*) FROM antibody_results) AS antibody, (SELECT count(*) FROM enzyme_results) AS enzyme').get();

/** Writes raw bytes on a new connection; resolves with what came back once the listener closed it, `until` matched, or after `waitMs`. */
function raw(chunks: Buffer[], until?: RegExp, waitMs = 5000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port(), '127.0.0.1');
    const got: Buffer[] = [];
    let settled = false;
    const done = (closed: boolean) => {
      if (!settled) resolve({ text: Buffer.concat(got).toString('utf8'), closed });
      settled = true;
    };
    const timer = setTimeout(() => {
      socket.destroy();
      done(false);
    }, waitMs);
    socket.on('data', (b) => {
      got.push(b);
      if (until?.test(Buffer.concat(got).toString('utf8'))) {
        clearTimeout(timer);
        socket.destroy();
        done(false);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      done(true);
    });
    socket.on('error', () => {});
    socket.on('connect', async () => {
      socket.setNoDelay(true);
      for (const c of chunks) {
        socket.write(c);
        await new Promise((r) => setTimeout(r, 1));
      }
    });
  });
}

const { send, port } = startMllpFeed(CONFIG, async () => {
  const [physician, admin] = await Promise.all([makeActor('physician'), makeActor('admin')]);
  newPatient(physician, { mrn: 'MRN-1', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15', sex: 'female' });
  newPatient(physician, { mrn: 'MRN-2', familyName: 'Okafor', givenName: 'Chidi', birthDate: '1975-06-07', sex: 'male' });
  createCodeMapping(admin, { domain: 'lab', application: 'LABSYS', facility: 'Reference lab A', system: 'http://loinc.org', code: '88733-1', target: `assay:${ASSAY.betaBlot}` });
  createCodeMapping(admin, { domain: 'lab', application: 'HLAB', facility: 'GENERAL HOSP', system: '99HLB', code: 'MI2E', target: `assay:${ASSAY.elisa}` });
  createCodeMapping(admin, { domain: 'lab', application: 'HLAB', facility: 'GENERAL HOSP', system: '99HLB', code: 'CKT', target: 'enzyme:ck' });
});

describe('a lab interface engine sending over MLLP', () => {
  it('gets AA for each lab system\'s message, after the results are stored', async () => {
    expect(await send(labAMessage({ day: daysAgo(30), controlId: 'A-100' }))).toMatchObject({ code: 'AA', controlId: 'A-100', words: 'Filed: 2 stored.' });
    expect(await send(labBMessage({ day: daysAgo(29), controlId: 'B-100' }))).toMatchObject({ code: 'AA', controlId: 'B-100' });
    expect(stored()).toEqual({ antibody: 2, enzyme: 2 });
  });

  it('gets AA and no change for a duplicate control ID, AE for an unknown patient or code and a future date, nothing stored', async () => {
    const before = tableCounts();
    expect(await send(labAMessage({ day: daysAgo(30), controlId: 'A-100' }))).toMatchObject({ code: 'AA', words: expect.stringMatching(/Already received/) });
    expect(tableCounts()).toEqual(before);
    expect(await send(labAMessage({ controlId: 'A-101', mrn: 'MRN-404', day: daysAgo(3) }))).toMatchObject({ code: 'AE', words: expect.stringMatching(/No patient with MRN \\"MRN-404\\"|No patient with MRN "MRN-404"/) });
    expect(await send(labBMessage({ controlId: 'B-101', day: daysAgo(3), accession: 'Z1' }).replace('|ST|CKT^', '|ST|ZZZ^'))).toMatchObject({ code: 'AE', words: expect.stringMatching(/Unknown code/) });
    expect(await send(labBMessage({ controlId: 'B-102', day: '2099-01-01', accession: 'Z2' }))).toMatchObject({ code: 'AE', words: expect.stringMatching(/cannot be after/) });
    expect(await send(labAMessage({ controlId: 'A-102', mrn: 'MRN-2', day: daysAgo(3), extraPid3: '' }))).toMatchObject({ code: 'AE', words: expect.stringMatching(/Refusing to merge two people/) });
    expect(await send(labAMessage({ controlId: 'A-100', day: daysAgo(30), ck: '1' }))).toMatchObject({ code: 'AR', words: expect.stringMatching(/already used/) });
    expect(stored()).toEqual({ antibody: 2, enzyme: 2 });
    // Five refusals, each audited with the sender's address; the duplicate wrote nothing.
    // The four AE messages are kept in the inbox (committed before the ACK), with the
    // refusal event's inbox id; the AR (reused control ID) is not.
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 5, hl7_inbox: before.hl7_inbox! + 4 });
    const refusals = auditRows('hl7.refused').slice(-5).map((r) => JSON.parse(r.after_json ?? '{}') as { peer: string; inboxId?: number });
    expect(refusals.map((r) => r.peer)).toEqual(Array(5).fill('127.0.0.1'));
    const inbox = sqlite().prepare("SELECT id, control_id AS controlId, status, problem FROM hl7_inbox ORDER BY id DESC LIMIT 4").all().reverse();
    expect(inbox).toEqual([
      { id: refusals[0]!.inboxId, controlId: 'A-101', status: 'open', problem: expect.stringMatching(/No patient with MRN "MRN-404"/) },
      { id: refusals[1]!.inboxId, controlId: 'B-101', status: 'open', problem: expect.stringMatching(/Unknown code/) },
      { id: refusals[2]!.inboxId, controlId: 'B-102', status: 'open', problem: expect.stringMatching(/cannot be after/) },
      { id: refusals[3]!.inboxId, controlId: 'A-102', status: 'open', problem: expect.stringMatching(/Refusing to merge two people/) },
    ]);
    expect(refusals[4]!.inboxId).toBeUndefined();
  });

  it('gets AR for a sender not on the allow-list', async () => {
    const other = labAMessage({ controlId: 'O-1' }).replace('LABSYS|REFLAB A', 'OTHER|LAB');
    expect(await send(other)).toMatchObject({ code: 'AR', words: expect.stringMatching(/not on this listener's allow-list/) });
  });
});

describe('hostile streams over raw sockets', () => {
  it('a message split into small chunks (FS and CR apart) is still one message', async () => {
    const bytes = frame(labAMessage({ day: daysAgo(28), controlId: 'A-200', accession: 'S-1' }));
    const chunks = Array.from({ length: Math.ceil((bytes.length - 1) / 16) }, (_, i) => bytes.subarray(i * 16, Math.min(i * 16 + 16, bytes.length - 1)));
    const reply = await raw([...chunks, bytes.subarray(bytes.length - 1)], /MSA\|A[AER]\|/, 30_000);
    expect(reply.text).toMatch(/MSA\|AA\|A-200\|/);
    expect(stored()).toEqual({ antibody: 3, enzyme: 3 });
  });

  it('a huge message is refused with AR before it is buffered, the connection closed, nothing stored', async () => {
    const before = tableCounts();
    const head = labAMessage({ controlId: 'HUGE-1', accession: 'H-1' });
    const reply = await raw([Buffer.from([VT]), Buffer.from(head), Buffer.from(`\rNTE|1||${'x'.repeat(200 * 1024)}`), Buffer.from([FS, CR])]);
    expect(reply.closed).toBe(true);
    expect(reply.text).toMatch(/MSA\|AR\|HUGE-1\|/);
    expect(reply.text).toMatch(/larger than this listener accepts:.*\(limit 64 KB\)/);
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 1 });
  });

  it('bytes without MLLP framing get AR and a closed connection', async () => {
    const before = tableCounts();
    const reply = await raw([Buffer.from(labAMessage({ controlId: 'RAW-1' }))]);
    expect(reply).toMatchObject({ closed: true, text: expect.stringMatching(/MSA\|AR\|RAW-1\|.*outside an MLLP frame/s) });
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 1 });
  });

  it('garbage inside a frame gets AR in words and the connection stays usable', async () => {
    const reply = await raw([frame('\u0000\u00ff garbage'), frame(labAMessage({ day: daysAgo(27), controlId: 'A-300', accession: 'G-1' }))], /MSA\|AA\|A-300\|/);
    expect(reply.text).toMatch(/MSA\|AR\|\|.*Not an HL7 v2 message|MSA\|AR\|\|.*must begin with an MSH/s);
    expect(reply.text).toMatch(/MSA\|AA\|A-300\|/);
  });

  it('an address not on the allow-list is disconnected without an answer, and audited', async () => {
    const strict = await startHl7Listener({ ...CONFIG, allowedAddresses: ['10.9.9.9'] });
    const before = tableCounts();
    try {
      const reply = await new Promise<{ text: string }>((resolve) => {
        const s = net.connect(strict.port, '127.0.0.1', () => s.write(frame(labAMessage({ controlId: 'ADDR-1' }))));
        let text = '';
        s.on('data', (b) => (text += b.toString()));
        s.on('error', () => {});
        s.on('close', () => resolve({ text }));
      });
      expect(reply.text).toBe('');
      expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 1 });
      expect(auditRows('hl7.refused').at(-1)?.reason).toMatch(/Connection from 127\.0\.0\.1 refused/);
    } finally {
      await strict.close();
    }
  });
});
