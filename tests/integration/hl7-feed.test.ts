/**
 * The HL7 v2 feed's write path on a real SQLite file (issue 19): messages from two lab
 * systems filed through the import's code map, entry rules and one transaction with
 * audit and signal recompute; corrections, preliminary-then-final, retractions and
 * re-sends; and hostile messages, each answered AE/AR in words with the database
 * exactly as it was.
 */
import Database from '@/db/sqlite-driver';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { createCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { exportAuditCsv, listAuditEvents } from '@/lib/dal/audit-log';
import { hl7FeedActor, receiveHl7Message, type FeedConfig } from '@/lib/dal/hl7-feed';
import { MAX_PER_MINUTE, recordFeedRefusal, resetFeedRefusalThrottle } from '@/lib/dal/hl7-refusals';
import { addDays } from '@/lib/domain/dates';
import { makeActor } from '../setup/actors';
import { ASSAY, auditRows, daysAgo, newPatient, sqlite, TODAY } from '../setup/dal-helpers';
import { labAMessage, labBMessage } from '../setup/hl7-messages';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const CONFIG: FeedConfig = { allowedSenders: [{ application: 'LABSYS', facility: 'REFLAB A' }, { application: 'HLAB', facility: '*' }] };
const feed = hl7FeedActor();
let physician: Actor;
let dbFile = '';
let astrid = 0;
let chidi = 0;

const file = (text: string) => receiveHl7Message(feed, text, CONFIG, '127.0.0.1');
const results = (patientId: number) => ({
  antibody: sqlite().prepare('SELECT assay_id, value, comparator, collected_on, accession, entered_in_error FROM antibody_results WHERE patient_id = ? ORDER BY id').all(patientId),
  enzyme: sqlite().prepare('SELECT analyte, value, unit, value_ul, upper_limit_ul, lower_limit_ul, collected_on, entered_in_error FROM enzyme_results WHERE patient_id = ? ORDER BY id').all(patientId),
});

/** Files `text`, expects the refusal code and words, and proves nothing but the refusal's audit event (and, for AE, the message kept in the inbox) was written. */
function expectRefused(text: string, ack: 'AE' | 'AR', words: RegExp) {
  const before = tableCounts();
  const outcome = file(text);
  const words_ = outcome.detail ?? outcome.text;
  expect(outcome.ack).toBe(ack);
  expect(words_).toMatch(words);
  expect(outcome.text).toMatch(/^Nothing stored\.|nothing stored/);
  expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 1, hl7_inbox: before.hl7_inbox! + (ack === 'AE' ? 1 : 0) });
  expect(auditRows('hl7.refused').at(-1)).toMatchObject({ origin: 'hl7', reason: words_.slice(0, 1000) });
  if (outcome.controlId) expect(JSON.parse(auditRows('hl7.refused').at(-1)!.after_json ?? '{}')).toMatchObject({ controlId: outcome.controlId });
  if (ack === 'AE') {
    const held = sqlite().prepare('SELECT raw_text AS text, control_id AS controlId, problem, status FROM hl7_inbox ORDER BY id DESC LIMIT 1').get();
    expect(held).toEqual({ text, controlId: outcome.controlId, problem: words_, status: 'open' });
  }
  return outcome;
}

beforeAll(async () => {
  dbFile = useTempDatabase().file;
  physician = await makeActor('physician');
  astrid = newPatient(physician, { mrn: 'MRN-1', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15', sex: 'female' });
  chidi = newPatient(physician, { mrn: 'MRN-2', familyName: 'Okafor', givenName: 'Chidi', birthDate: '1975-06-07', sex: 'male' });
  const admin = await makeActor('admin');
  // The hospital lab's local codes, confirmed once under Admin, Code map (with its sending application).
  // Reference lab A's LOINC code fits two catalog assays (Mi-2β line blot and immunoblot): which one is confirmed once too.
  createCodeMapping(admin, { domain: 'lab', application: 'LABSYS', facility: 'Reference lab A', system: 'http://loinc.org', code: '88733-1', target: `assay:${ASSAY.betaBlot}` });
  createCodeMapping(admin, { domain: 'lab', application: 'HLAB', facility: 'GENERAL HOSP', system: '99HLB', code: 'MI2E', target: `assay:${ASSAY.elisa}`, display: 'MI-2 AB (ELISA)' });
  createCodeMapping(admin, { domain: 'lab', application: 'HLAB', facility: 'GENERAL HOSP', system: '99HLB', code: 'CKT', target: 'enzyme:ck', display: 'CK TOTAL' });
});
beforeEach(() => resetFeedRefusalThrottle());

describe('two lab systems', () => {
  it('files a LOINC-coded v2.5.1 message (two OBR groups, NTE, escapes, a Z segment) in one audited transaction', () => {
    const outcome = file(labAMessage({ day: daysAgo(20), controlId: 'A-1' }));
    expect(outcome).toMatchObject({ ack: 'AA', controlId: 'A-1', text: 'Filed: 2 stored.' });
    expect(results(astrid)).toEqual({
      antibody: [{ assay_id: ASSAY.betaBlot, value: 34, comparator: null, collected_on: daysAgo(20), accession: 'A26-0001', entered_in_error: 0 }],
      enzyme: [{ analyte: 'ck', value: 812, unit: 'U/L', value_ul: 812, upper_limit_ul: 192, lower_limit_ul: 26, collected_on: daysAgo(20), entered_in_error: 0 }],
    });
    const [event] = auditRows('hl7.message');
    expect(event).toMatchObject({ origin: 'hl7', entity: 'hl7-message', entity_id: JSON.stringify(['LABSYS', 'REFLAB A', 'A-1']) });
    const after = JSON.parse(event!.after_json ?? '{}') as Record<string, unknown>;
    expect(after).toMatchObject({ via: 'hl7', controlId: 'A-1', results: 2, antibodyResults: 1, enzymeResults: 1, skippedSegments: ['PV1', 'ORC', 'ZLA'] });
    expect(after.notes).toEqual(['Line blot & confirmation: Mi-2^beta band strong\nsecond line']);
    // Each result's own event names the feed and the message.
    expect(auditRows('antibody-result.create').at(-1)?.reason).toMatch(/^HL7 feed, message A-1, entry 1/);
    // Every event of the filing says it came by the lab feed (origin hl7), none says "import".
    const filing = sqlite().prepare("SELECT DISTINCT origin FROM audit_events WHERE action IN ('hl7.message', 'antibody-result.create', 'enzyme-result.create', 'patient-signals.recompute') OR reason LIKE 'HL7 feed%'").all();
    expect(filing).toEqual([{ origin: 'hl7' }]);
    // The second PID-3 identifier is now the patient's, so another patient's message carrying it is refused.
    expect(sqlite().prepare("SELECT entity, patient_id, system, value FROM sender_identifiers WHERE resource = 'Patient'").all())
      .toEqual([{ entity: 'patient', patient_id: astrid, system: 'urn:titerline:hl7:authority:HOSP', value: 'H998877' }]);
    expect(sqlite().prepare('SELECT count(*) AS n FROM patient_signals WHERE patient_id = ?').get(astrid)).toEqual({ n: expect.any(Number) });
  });

  it('files a locally coded v2.3 message through the confirmed code map (SN "<^20", CK as text in ukat/L, \\n line ends)', () => {
    const outcome = file(labBMessage({ day: daysAgo(19) }));
    expect(outcome).toMatchObject({ ack: 'AA', text: 'Filed: 2 stored.' });
    expect(results(chidi)).toEqual({
      antibody: [{ assay_id: ASSAY.elisa, value: 20, comparator: '<', collected_on: daysAgo(19), accession: '7731002', entered_in_error: 0 }],
      enzyme: [{ analyte: 'ck', value: 4.1, unit: 'ukat/L', value_ul: 246, upper_limit_ul: 192, lower_limit_ul: 24, collected_on: daysAgo(19), entered_in_error: 0 }],
    });
  });
});

describe('result status and re-sends', () => {
  it('acknowledges a re-sent message (same MSH-10, same text) and changes nothing', () => {
    const text = labAMessage({ day: daysAgo(20), controlId: 'A-1' });
    const before = tableCounts();
    expect(file(text)).toMatchObject({ ack: 'AA', text: /Already received/ });
    expect(tableCounts()).toEqual(before);
  });

  it('refuses a reused MSH-10 with another text (AR), storing nothing', () => {
    expectRefused(labAMessage({ day: daysAgo(20), controlId: 'A-1', ck: '900' }), 'AR', /Control ID A-1 \(MSH-10\) was already used/);
  });

  it('treats the same results under a new control ID as already present', () => {
    const before = results(astrid);
    expect(file(labAMessage({ day: daysAgo(20), controlId: 'A-1b' }))).toMatchObject({ ack: 'AA', text: 'Filed: 2 already present.' });
    expect(results(astrid)).toEqual(before);
  });

  it('applies a correction (C) to the earlier result as a lab correction, keeping its history', () => {
    expect(file(labAMessage({ day: daysAgo(20), controlId: 'A-2', status: 'C', ck: '790' }))).toMatchObject({ ack: 'AA', text: /2 corrected|1 corrected/ });
    expect(results(astrid).enzyme).toEqual([expect.objectContaining({ value: 790, entered_in_error: 0 })]);
    expect(auditRows('enzyme-result.correct').at(-1)?.reason).toMatch(/^Lab correction: sent as corrected \(HL7 feed, message A-2/);
  });

  it('holds a preliminary result (P) and stores it when the final arrives', () => {
    const p = file(labAMessage({ day: daysAgo(10), controlId: 'A-3', status: 'P', accession: 'A26-0300', ck: '400', mi2: '30' }));
    expect(p).toMatchObject({ ack: 'AA', text: 'Filed: 2 held as preliminary.' });
    expect(results(astrid).enzyme).toHaveLength(1);
    expect(file(labAMessage({ day: daysAgo(10), controlId: 'A-4', status: 'F', accession: 'A26-0300', ck: '410', mi2: '30' }))).toMatchObject({ ack: 'AA', text: 'Filed: 2 stored.' });
    expect(results(astrid).enzyme.map((r) => (r as { value: number }).value)).toEqual([790, 410]);
  });

  it('retracts a result the lab deletes (D), keeping it marked entered in error', () => {
    expect(file(labAMessage({ day: daysAgo(10), controlId: 'A-5', status: 'D', accession: 'A26-0300', ck: '410', mi2: '30' }))).toMatchObject({ ack: 'AA', text: 'Filed: 2 retracted.' });
    expect(results(astrid).enzyme.map((r) => (r as { entered_in_error: number }).entered_in_error)).toEqual([0, 1]);
  });
});

describe('hostile and unfileable messages: AE/AR in words, nothing stored', () => {
  it('an unknown MRN (never registers a patient)', () => {
    const o = expectRefused(labAMessage({ mrn: 'NOPE-9', controlId: 'X-1', day: daysAgo(5) }), 'AE', /No patient with MRN "NOPE-9" in Titerline/);
    expect(o.error).toMatchObject({ code: '204' });
  });

  it('a known MRN with another person\'s name or birth date', () => {
    const outcome = expectRefused(labAMessage({ mrn: 'MRN-2', controlId: 'X-2', day: daysAgo(5), extraPid3: '' }), 'AE', /already belongs to Okafor.*Refusing to merge two people/);
    // The inbox and the audit trail name the registered patient; the sender's ACK does not (else it could read them MRN by MRN).
    expect(outcome.text).toMatch(/belongs to a patient with another name or birth date/);
    expect(outcome.text).not.toMatch(/Okafor/);
  });

  it('another patient\'s identifier in PID-3', () => {
    expectRefused(labBMessage({ controlId: 'X-3', day: daysAgo(5) }).replace('MRN-2^^^^MR', 'MRN-2^^^^MR~H998877^^^HOSP^PI'), 'AE', /H998877/);
  });

  it('a future collection date', () => {
    expectRefused(labAMessage({ controlId: 'X-4', day: addDays(TODAY, 3), accession: 'F-1' }), 'AE', /OBX\[1\]: Collection date cannot be after/);
  });

  it('an unmapped local code names the code to map', () => {
    expectRefused(labBMessage({ controlId: 'X-5', day: daysAgo(5), accession: 'U-1' }).replace('|ST|CKT^CK TOTAL^99HLB', '|ST|ALDX^ALDOLASE^99HLB'), 'AE', /Unknown code .*ALDX.*map it once/);
  });

  it('an implausible value (the entry rules apply to feeds too)', () => {
    expectRefused(labAMessage({ controlId: 'X-6', day: daysAgo(5), ck: '-5', accession: 'N-1' }), 'AE', /OBX\[2\]: Value must be/);
  });

  it('a sender not on the allow-list (AR, audited)', () => {
    expectRefused(labAMessage({ controlId: 'X-7' }).replace('LABSYS|REFLAB A', 'OTHERLAB|ELSEWHERE'), 'AR', /OTHERLAB\/ELSEWHERE .* not on this listener's allow-list/);
  });

  it('a test message (MSH-11 T), another message type, an unsupported version, no PID, garbage', () => {
    // The refusal still answers with the message's control ID and sender (the engine matches the ACK by it).
    expect(expectRefused(labAMessage({ controlId: 'X-8', processing: 'T' }), 'AR', /only production messages/)).toMatchObject({ controlId: 'X-8', header: { sendingApplication: 'LABSYS' } });
    expectRefused(labAMessage({ controlId: 'X-9' }).replace('ORU^R01^ORU_R01', 'ADT^A01'), 'AR', /Message type ADT\^A01/);
    expectRefused(labAMessage({ controlId: 'X-10' }).replace('|2.5.1|', '|2.8|'), 'AR', /HL7 version 2\.8/);
    expectRefused(labAMessage({ controlId: 'X-11' }).replace(/\rPID\|[^\r]*/, ''), 'AR', /OBR before PID|No PID/);
    expectRefused('hello\rworld', 'AR', /must begin with an MSH segment|Not an HL7 v2 message/);
  });

  it('a huge free-text value and a value that is not a number', () => {
    expectRefused(labAMessage({ controlId: 'X-12', mi2: 'x'.repeat(100_000) }).replace('|NM|88733-1', '|ST|88733-1'), 'AE', /category|not one of/i);
    expectRefused(labAMessage({ controlId: 'X-13', ck: '8l2' }), 'AE', /OBX-5 "8l2" is not a number/);
  });
});

describe('a sender looping on a refused message', () => {
  it('cannot flood the audit trail: at most MAX_PER_MINUTE events a minute, the next one counts the rest', () => {
    const before = auditRows('hl7.refused').length;
    const now = Date.now();
    for (let i = 0; i < MAX_PER_MINUTE + 15; i++) recordFeedRefusal(feed, { ack: 'AR', controlId: `L-${i}`, text: 'Nothing stored. loop' }, '127.0.0.1', now);
    expect(auditRows('hl7.refused').length - before).toBe(MAX_PER_MINUTE);
    recordFeedRefusal(feed, { ack: 'AR', controlId: 'L-next', text: 'Nothing stored. loop' }, '127.0.0.1', now + 61_000);
    expect(JSON.parse(auditRows('hl7.refused').at(-1)!.after_json ?? '{}')).toMatchObject({ controlId: 'L-next', othersNotRecorded: 15 });
  });
});

describe('a busy database', () => {
  it('answers AR "resend" with nothing written (not even the refusal), and files the message when it is resent', () => {
    const other = new Database(dbFile);
    getDb().$client.pragma('busy_timeout = 200');
    const before = tableCounts();
    const text = labBMessage({ controlId: 'BUSY-1', day: daysAgo(40), accession: 'BZ-1' });
    try {
      other.exec('BEGIN IMMEDIATE');
      expect(file(text)).toMatchObject({ ack: 'AR', controlId: 'BUSY-1', text: /database is busy: nothing stored\. Send the message again/, error: { code: '206' } });
    } finally {
      other.exec('ROLLBACK');
      other.close();
      getDb().$client.pragma('busy_timeout = 5000');
    }
    expect(tableCounts()).toEqual(before);
    expect(file(text)).toMatchObject({ ack: 'AA', text: 'Filed: 2 stored.' });
  });
});

describe('the audit log says "Lab feed"', () => {
  it('filters by origin hl7 and names it in words on the page and in the CSV export', async () => {
    expect(file(labBMessage({ day: daysAgo(12), controlId: 'LOG-1', accession: 'LOG-ACC' })).ack).toBe('AA');
    const admin = await makeActor('admin');
    const { events } = listAuditEvents(admin, { origin: 'hl7' });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.origin))).toEqual(new Set(['hl7']));
    expect(events.some((e) => e.action === 'hl7.message' && e.entityId?.endsWith('"LOG-1"]'))).toBe(true);
    const lines = exportAuditCsv(admin, { origin: 'hl7' }).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/,origin,.*,originLabel$/);
    expect(lines.length - 1).toBe(Number(sqlite().prepare("SELECT count(*) AS n FROM audit_events WHERE origin = 'hl7'").pluck().get()));
    for (const line of lines.slice(1)) expect(line).toMatch(/,Lab feed$/);
    // An origin that does not exist is ignored, not an error: all events are listed.
    expect(listAuditEvents(admin, { origin: 'nowhere' }).total).toBe(listAuditEvents(admin, {}).total);
  });
});
