/**
 * Resolving a held lab-feed message in place (issue 19, item 4) on a real SQLite file:
 * a nurse assigns the registered patient (the lab sent another MRN) and confirms the
 * lab's unmapped codes; the results are filed in one transaction with the mapping, the
 * audit events, the signals and the inbox row marked filed. Every hostile call (another
 * message's code, an unknown patient or message, no permission, a double resolve, a
 * mapping that still does not file) leaves the database exactly as it was.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hl7FeedActor, receiveHl7Message, type FeedConfig } from '@/lib/dal/hl7-feed';
import { listOpenInbox } from '@/lib/dal/hl7-inbox';
import { inboxResolution, resolveInboxMessage } from '@/lib/dal/hl7-inbox-resolve';
import { resetFeedRefusalThrottle } from '@/lib/dal/hl7-refusals';
import { inactive, makeTeam, type Team } from '../setup/actors';
import { ASSAY, auditRows, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { labAMessage, labBMessage } from '../setup/hl7-messages';
import { useTempDatabase } from '../setup/temp-db';

const CONFIG: FeedConfig = { allowedSenders: [{ application: 'LABSYS', facility: 'REFLAB A' }, { application: 'HLAB', facility: '*' }] };
let team: Team;
let okafor = 0;

const send = (text: string) => receiveHl7Message(hl7FeedActor(), text, CONFIG, '127.0.0.1');
const held = (text: string, controlId: string): number => {
  expect(send(text).ack).toBe('AE');
  return listOpenInbox(team.nurse).find((i) => i.controlId === controlId)!.id;
};
const results = (patientId: number) => sqlite().prepare(
  "SELECT 'antibody' AS kind, value FROM antibody_results WHERE patient_id = ? UNION ALL SELECT 'enzyme', value FROM enzyme_results WHERE patient_id = ? ORDER BY kind",
).all(patientId, patientId);
const status = (id: number) => sqlite().prepare('SELECT status, resolved_by AS resolvedBy, resolved_at AS resolvedAt FROM hl7_inbox WHERE id = ?').get(id);

beforeAll(async () => {
  useTempDatabase();
  team = await makeTeam();
  okafor = newPatient(team.nurse, { mrn: 'MRN-2', familyName: 'Okafor', givenName: 'Chidi', birthDate: '1975-06-07', sex: 'male' });
});
beforeEach(() => resetFeedRefusalThrottle());

describe('assign the patient and confirm the codes, from the inbox', () => {
  it('files the results under the chosen patient in one transaction, remembers the mappings, marks the message filed', () => {
    // The hospital lab sends its own MRN and local codes nobody has mapped yet.
    const id = held(labBMessage({ mrn: 'H-4711', controlId: 'R-1', day: daysAgo(5), accession: 'R1' }), 'R-1');
    const r = inboxResolution(team.nurse, id);
    expect(r.mrnKnown).toBe(false);
    expect(r.problem).toMatch(/^Patient: No patient with MRN "H-4711"/);
    const elisa = r.mappings.find((m) => m.code.code === 'MI2E');
    expect(elisa).toBeDefined();
    const choices = r.mappings.map((m) => ({ key: m.key, target: m === elisa ? `assay:${ASSAY.elisa}` : (m.best ?? 'enzyme:ck') }));
    const mappingsBefore = Number(sqlite().prepare('SELECT count(*) FROM code_mappings').pluck().get());

    const done = resolveInboxMessage(team.nurse, { id: String(id), patientId: String(okafor), mappings: choices });
    expect(done).toMatchObject({ patientId: okafor, summary: 'Filed: 2 stored.' });
    expect(results(okafor)).toEqual([{ kind: 'antibody', value: 20 }, { kind: 'enzyme', value: 4.1 }]);
    expect(status(id)).toMatchObject({ status: 'filed', resolvedBy: team.nurse.userId, resolvedAt: expect.any(String) });
    // Remembered in the shared code map, confirmed by the nurse: the next message of that lab files by itself.
    expect(Number(sqlite().prepare('SELECT count(*) FROM code_mappings').pluck().get())).toBe(mappingsBefore + choices.length);
    expect(auditRows('code-map.create').at(-1)?.user_id).toBe(team.nurse.userId);
    const resolved = auditRows('hl7.inbox.resolved').at(-1)!;
    expect(resolved).toMatchObject({ entity_id: String(id), patient_id: okafor, user_id: team.nurse.userId });
    expect(JSON.parse(resolved.after_json ?? '{}')).toMatchObject({ status: 'filed', controlId: 'R-1', assignedPatientId: okafor });
    // The lab's own MRN was not linked to the patient: a later message with it is held again, not filed silently.
    expect(sqlite().prepare("SELECT count(*) FROM sender_identifiers WHERE value = 'H-4711'").pluck().get()).toBe(0);
    expect(send(labBMessage({ mrn: 'H-4711', controlId: 'R-2', day: daysAgo(4), accession: 'R2' })).ack).toBe('AE');
    // Double resolve: refused, nothing changed.
    return expectRefused(() => resolveInboxMessage(team.physician, { id, patientId: okafor }), 'invalid');
  });

  it('files a message whose MRN is known once its code is confirmed (no patient to assign)', () => {
    const astrid = newPatient(team.nurse, { mrn: 'MRN-A', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15' });
    // 88733-1 fits two catalog assays: ambiguous until a person says which.
    const id = held(labAMessage({ mrn: 'MRN-A', controlId: 'R-3', day: daysAgo(6), accession: 'R3', extraPid3: '' }), 'R-3');
    const r = inboxResolution(team.physician, id);
    expect(r.mrnKnown).toBe(true);
    expect(r.mappings.map((m) => m.code.code)).toEqual(['88733-1']);
    resolveInboxMessage(team.physician, { id, mappings: [{ key: r.mappings[0]!.key, target: `assay:${ASSAY.betaBlot}` }] });
    expect(results(astrid)).toHaveLength(2);
    expect(status(id)).toMatchObject({ status: 'filed', resolvedBy: team.physician.userId });
  });
});

describe('a patient whose details differ from what the lab sent', () => {
  it('is refused in words until a person confirms it with a reason, which the audit event keeps', async () => {
    const tove = newPatient(team.nurse, { mrn: 'MRN-T', familyName: 'Berg', givenName: 'Tove', birthDate: '1962-01-30' });
    // The lab sends Okafor, born 1975-06-07, under its own number: Berg is the wrong choice (a misclick).
    const id = held(labBMessage({ mrn: 'H-5555', controlId: 'R-20', day: daysAgo(2), accession: 'R20' }), 'R-20');
    const codes = inboxResolution(team.nurse, id).mappings.map((m) => ({ key: m.key, target: m.code.code === 'MI2E' ? `assay:${ASSAY.elisa}` : 'enzyme:ck' }));
    const err = await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: tove, mappings: codes }), 'invalid', 'patientId');
    expect(err.message).toMatch(/birth date 1975-06-07 \(the chosen patient: 1962-01-30\).*family name "Okafor" \(the chosen patient: Berg\)/);
    // Ticked without a reason, or a reason without the tick: still refused.
    await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: tove, mappings: codes, identityConfirmed: 'on' }), 'invalid', 'patientId');
    await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: tove, mappings: codes, identityReason: 'Lab confirmed by phone' }), 'invalid', 'patientId');
    // Hostile confirmations: an over-long reason, a confirmation that is not the box's value.
    await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: tove, mappings: codes, identityConfirmed: 'on', identityReason: 'x'.repeat(10_000) }), 'invalid');
    await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: tove, mappings: codes, identityConfirmed: { $ne: null }, identityReason: 'Lab confirmed by phone' }), 'invalid', 'patientId');
    resolveInboxMessage(team.nurse, { id, patientId: tove, mappings: codes, identityConfirmed: 'on', identityReason: 'Lab confirmed by phone: name entered wrongly' });
    expect(results(tove)).toHaveLength(2);
    const after = JSON.parse(auditRows('hl7.inbox.resolved').at(-1)!.after_json ?? '{}') as Record<string, unknown>;
    expect(after).toMatchObject({ assignedPatientId: tove, identityReason: 'Lab confirmed by phone: name entered wrongly' });
    expect(after.identityDifferences).toHaveLength(2);
  });

  it("names the lab's MRN when it belongs to another registered patient", async () => {
    newPatient(team.nurse, { mrn: 'MRN-K', familyName: 'Kask', givenName: 'Mari', birthDate: '1990-09-09' });
    // Okafor's details under Kask's MRN: held (two people); assigning Okafor needs the confirmation.
    const id = held(labBMessage({ mrn: 'MRN-K', controlId: 'R-21', day: daysAgo(2), accession: 'R21' }), 'R-21');
    const codes = inboxResolution(team.nurse, id).mappings.map((m) => ({ key: m.key, target: m.code.code === 'MI2E' ? `assay:${ASSAY.elisa}` : 'enzyme:ck' }));
    const err = await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: okafor, mappings: codes }), 'invalid', 'patientId');
    expect(err.message).toMatch(/MRN MRN-K, which is registered to another patient \(Kask\)/);
    expect(err.message).not.toMatch(/birth date|family name/);
  });
});

describe('hostile input leaves the database unchanged', () => {
  let id = 0;
  beforeAll(() => {
    // A code of the hospital lab nobody has mapped (MI2Z), for a patient the lab names by its own MRN.
    id = held(labBMessage({ mrn: 'H-9999', controlId: 'R-9', day: daysAgo(3), accession: 'R9', elisa: '^35' }).replace(/MI2E/g, 'MI2Z'), 'R-9');
  });

  it('refuses a reviewer, an inactive nurse, and an administrator (who may not file results)', async () => {
    await expectRefused(() => resolveInboxMessage(team.reviewer, { id, patientId: okafor }), 'forbidden');
    await expectRefused(() => resolveInboxMessage(inactive(team.nurse), { id, patientId: okafor }), 'forbidden');
    await expectRefused(() => resolveInboxMessage(team.admin, { id, patientId: okafor }), 'forbidden');
    await expectRefused(() => inboxResolution(team.reviewer, id), 'forbidden');
  });

  it('refuses an unknown message, an unknown patient, wrong types and a huge id', async () => {
    await expectRefused(() => resolveInboxMessage(team.nurse, { id: 987654, patientId: okafor }), 'not-found');
    await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: 987654 }), 'invalid', 'patientId');
    await expectRefused(() => resolveInboxMessage(team.nurse, { id: 'x'.repeat(100_000), patientId: okafor }), 'invalid');
    await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: { $ne: 1 } }), 'invalid');
    await expectRefused(() => resolveInboxMessage(team.nurse, { id, mappings: 'all' }), 'invalid');
  });

  it("refuses another message's code, and a resolution that still cannot file (the mapping is not kept)", async () => {
    const other = held(labBMessage({ mrn: 'MRN-2', controlId: 'R-10', day: daysAgo(3), accession: 'R10' }).replace(/CKT/g, 'CKQ'), 'R-10');
    const foreignKey = inboxResolution(team.nurse, other).mappings[0]!.key;
    await expectRefused(() => resolveInboxMessage(team.nurse, { id, patientId: okafor, mappings: [{ key: foreignKey, target: `assay:${ASSAY.betaBlot}` }] }), 'invalid');
    // The right codes, but no patient: the MRN is still unknown, so nothing is kept, not even the confirmed mapping.
    const mine = inboxResolution(team.nurse, id).mappings.map((m) => ({ key: m.key, target: m.best ?? 'enzyme:ck' }));
    expect(mine).toHaveLength(1);
    expect((await expectRefused(() => resolveInboxMessage(team.nurse, { id, mappings: mine }), 'invalid')).message).toMatch(/Still cannot be filed: .*H-9999/);
    expect(status(id)).toMatchObject({ status: 'open', resolvedBy: null });
  });
});
