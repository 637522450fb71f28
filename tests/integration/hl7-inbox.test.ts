/**
 * The HL7 feed's inbox on a real SQLite file (issue 19, item 4): a message that cannot
 * be filed is answered AE and kept with its reason; once the patient is registered a
 * nurse files it again (stored once, audited, marked filed); another is dismissed with
 * a reason; every refusal (role, hostile id, still unfileable, already resolved)
 * leaves the database exactly as it was.
 */
import Database from '@/db/sqlite-driver';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { readOru } from '@/lib/interop/hl7/oru';
import { createCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { hl7FeedActor, receiveHl7Message, type FeedConfig } from '@/lib/dal/hl7-feed';
import { countOpenInbox, dismissInboxMessage, fileInboxMessageAgain, listOpenInbox } from '@/lib/dal/hl7-inbox';
import { recordFeedRefusal, resetFeedRefusalThrottle } from '@/lib/dal/hl7-refusals';
import { inactive, makeTeam, type Team } from '../setup/actors';
import { ASSAY, auditRows, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { labAMessage } from '../setup/hl7-messages';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const CONFIG: FeedConfig = { allowedSenders: [{ application: 'LABSYS', facility: 'REFLAB A' }] };
let team: Team;
let dbFile = '';

const send = (text: string) => receiveHl7Message(hl7FeedActor(), text, CONFIG, '127.0.0.1');
const inboxRow = (id: number) => sqlite().prepare('SELECT status, resolved_by AS resolvedBy, resolution, problem FROM hl7_inbox WHERE id = ?').get(id) as
  { status: string; resolvedBy: number | null; resolution: string | null; problem: string } | undefined;
const resultsOf = (patientId: number) => ({
  antibody: (sqlite().prepare('SELECT COUNT(*) AS n FROM antibody_results WHERE patient_id = ?').get(patientId) as { n: number }).n,
  enzyme: (sqlite().prepare('SELECT COUNT(*) AS n FROM enzyme_results WHERE patient_id = ?').get(patientId) as { n: number }).n,
});
/** Sends a message for an MRN nobody registered; returns its inbox id. */
const message = (mrn: string, controlId: string) => labAMessage({ mrn, controlId, day: daysAgo(4), extraPid3: '', accession: `ACC-${controlId}` });
function heldMessage(mrn: string, controlId: string): number {
  const outcome = send(message(mrn, controlId));
  expect(outcome.ack).toBe('AE');
  const item = listOpenInbox(team.nurse).find((i) => i.controlId === controlId);
  expect(item).toBeDefined();
  return item!.id;
}

beforeAll(async () => {
  dbFile = useTempDatabase().file;
  team = await makeTeam();
  createCodeMapping(team.admin, { domain: 'lab', application: 'LABSYS', facility: 'Reference lab A', system: 'http://loinc.org', code: '88733-1', target: `assay:${ASSAY.betaBlot}` });
});
beforeEach(() => resetFeedRefusalThrottle());

describe('unknown MRN -> inbox -> register the patient -> file again', () => {
  it('keeps the message with the patient as sent and the problem in words, counts it, and files it once when the patient exists', async () => {
    const before = countOpenInbox(team.nurse)!;
    const id = heldMessage('NEW-77', 'IN-1');
    const item = listOpenInbox(team.physician).find((i) => i.id === id)!;
    expect(item).toMatchObject({ sender: 'LABSYS / REFLAB A', patientAsSent: 'MRN NEW-77 (CLINIC) · Lindqvist, Astrid · born 1980-03-15' });
    expect(item.problem).toMatch(/No patient with MRN "NEW-77"/);
    expect(countOpenInbox(team.nurse)).toBe(before + 1);
    const refusal = auditRows('hl7.refused').at(-1)!;
    expect(JSON.parse(refusal.after_json ?? '{}')).toMatchObject({ inboxId: id, inboxNew: true });

    // The sender resends the same refused message: no second inbox row.
    expect(send(message('NEW-77', 'IN-1')).ack).toBe('AE');
    expect(countOpenInbox(team.nurse)).toBe(before + 1);

    // Still no patient: filing again is refused in words, nothing changes.
    expect((await expectRefused(() => fileInboxMessageAgain(team.nurse, id), 'invalid')).message).toMatch(/Still cannot be filed: .*NEW-77/);

    const patient = newPatient(team.nurse, { mrn: 'NEW-77', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15' });
    const { summary } = fileInboxMessageAgain(team.nurse, id);
    expect(summary).toMatch(/^Filed: 2 stored/);
    expect(resultsOf(patient)).toEqual({ antibody: 1, enzyme: 1 });
    expect(inboxRow(id)).toMatchObject({ status: 'filed', resolvedBy: team.nurse.userId });
    expect(auditRows('hl7.inbox.filed').at(-1)).toMatchObject({ entity_id: String(id), user_id: team.nurse.userId });
    expect(auditRows('hl7.message').at(-1)?.user_id).toBe(team.nurse.userId);
    expect(countOpenInbox(team.nurse)).toBe(before);
    expect(listOpenInbox(team.nurse).some((i) => i.id === id)).toBe(false);

    // Filed once: filing again, or the lab resending it, stores nothing more.
    await expectRefused(() => fileInboxMessageAgain(team.nurse, id), 'invalid');
    expect(send(message('NEW-77', 'IN-1')).ack).toBe('AA');
    expect(resultsOf(patient)).toEqual({ antibody: 1, enzyme: 1 });
  });
});

describe('the laboratory sends it again once the cause is fixed', () => {
  it('files it and closes its inbox message, audited as the feed', () => {
    const id = heldMessage('NEW-88', 'IN-6');
    const patient = newPatient(team.nurse, { mrn: 'NEW-88', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15' });
    expect(send(message('NEW-88', 'IN-6'))).toMatchObject({ ack: 'AA', text: 'Filed: 2 stored.' });
    expect(resultsOf(patient)).toEqual({ antibody: 1, enzyme: 1 });
    expect(inboxRow(id)).toMatchObject({ status: 'filed', resolvedBy: null, resolution: 'Filed: 2 stored.' });
    expect(auditRows('hl7.inbox.filed').at(-1)).toMatchObject({ entity_id: String(id), user_id: null, origin: 'hl7' });
  });
});

describe('dismiss', () => {
  it('sets the message aside with the reason, audited; an admin sees the list but neither files nor dismisses results', async () => {
    const id = heldMessage('GONE-1', 'IN-2');
    await expectRefused(() => fileInboxMessageAgain(team.admin, id), 'forbidden');
    await expectRefused(() => dismissInboxMessage(team.admin, id, 'Test patient of the lab, not ours'), 'forbidden');
    await expectRefused(() => dismissInboxMessage(team.physician, id, ''), 'invalid', 'reason');
    dismissInboxMessage(team.physician, id, 'Test patient of the lab, not ours');
    expect(inboxRow(id)).toMatchObject({ status: 'dismissed', resolvedBy: team.physician.userId, resolution: 'Test patient of the lab, not ours' });
    expect(auditRows('hl7.inbox.dismissed').at(-1)).toMatchObject({ entity_id: String(id), reason: 'Test patient of the lab, not ours' });
    await expectRefused(() => dismissInboxMessage(team.nurse, id, 'again'), 'invalid');
    await expectRefused(() => fileInboxMessageAgain(team.nurse, id), 'invalid');
  });
});

describe('refusals change nothing', () => {
  it('refuses reviewers and inactive users everything, and shows them no count', async () => {
    const id = heldMessage('ROLE-1', 'IN-3');
    expect(countOpenInbox(team.reviewer)).toBeNull();
    expect(countOpenInbox(inactive(team.nurse))).toBeNull();
    for (const who of [team.reviewer, inactive(team.nurse), inactive(team.admin)]) {
      await expectRefused(() => listOpenInbox(who), 'forbidden');
      await expectRefused(() => fileInboxMessageAgain(who, id), 'forbidden');
      await expectRefused(() => dismissInboxMessage(who, id, 'not ours'), 'forbidden');
    }
    expect(inboxRow(id)?.status).toBe('open');
  });

  it('refuses hostile ids and reasons', async () => {
    const id = heldMessage('HOST-1', 'IN-4');
    for (const bad of ['0x10', '1e1', '-1', '0', 'abc', '9'.repeat(40), ' ', null, undefined, {}, [id], 1.5, Number.NaN]) {
      await expectRefused(() => fileInboxMessageAgain(team.nurse, bad), 'invalid');
      await expectRefused(() => dismissInboxMessage(team.nurse, bad, 'a reason'), 'invalid');
    }
    await expectRefused(() => fileInboxMessageAgain(team.nurse, 987654), 'not-found');
    await expectRefused(() => dismissInboxMessage(team.nurse, String(987654), 'a reason'), 'not-found');
    for (const reason of ['', 'ab', 'x'.repeat(501), 42, null, { r: 'x' }]) await expectRefused(() => dismissInboxMessage(team.nurse, id, reason), 'invalid');
    expect(inboxRow(id)?.status).toBe('open');
  });

  it('a message that is not AE (sender not allowed, AR) is not kept in the inbox', () => {
    const before = tableCounts();
    const outcome = send(labAMessage({ controlId: 'IN-5' }).replace('LABSYS|REFLAB A', 'OTHER|ELSEWHERE'));
    expect(outcome.ack).toBe('AR');
    expect(tableCounts().hl7_inbox).toBe(before.hl7_inbox);
  });
});

describe('a busy database while keeping a message', () => {
  it('throws busy for a message to keep (the feed then answers AR "resend", not an AE nobody sees); a plain refusal is only not recorded', () => {
    const text = message('BUSY-9', 'IN-9');
    const outcome = { ack: 'AE' as const, controlId: 'IN-9', header: readOru(text).header, text: 'Nothing stored. PID: No patient with MRN "BUSY-9" in Titerline.' };
    const other = new Database(dbFile);
    sqlite().pragma('busy_timeout = 200');
    const before = tableCounts();
    try {
      other.exec('BEGIN IMMEDIATE');
      let thrown: unknown = null;
      try {
        recordFeedRefusal(hl7FeedActor(), outcome, '127.0.0.1', Date.now(), text);
      } catch (e) {
        thrown = e;
      }
      expect(isAppError(thrown) && thrown.code === 'busy').toBe(true);
      expect(() => recordFeedRefusal(hl7FeedActor(), { ...outcome, ack: 'AR' }, '127.0.0.1')).not.toThrow();
    } finally {
      other.exec('ROLLBACK');
      other.close();
      sqlite().pragma('busy_timeout = 5000');
    }
    expect(tableCounts()).toEqual(before);
  });
});
