import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { listRowHistory } from '@/lib/dal/history';
import { changeDose, correctMedicationEpoch, getMedicationEpoch, listMedicationEpochs, markMedicationEpochInError, startMedication, stopMedication } from '@/lib/dal/medications';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { createPatient } from '@/lib/dal/patients';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { expectRefused, patientForm } from '../setup/dal-helpers';
import { makeTeam } from '../setup/actors';
import { databasePerTest, tableCounts } from '../setup/temp-db';

let physician: Actor, nurse: Actor, admin: Actor, reviewer: Actor;
let patientId: number, otherPatientId: number;
const BIRTH = '1970-06-15';
const today = clinicToday();

databasePerTest(async () => {
  ({ physician, nurse, admin, reviewer } = await makeTeam());
  patientId = createPatient(physician, patientForm({ birthDate: BIRTH })).id;
  otherPatientId = createPatient(physician, patientForm({ mrn: 'MRN-2', familyName: 'Roe', givenName: 'Rita', birthDate: '1980-01-01' })).id;
});



function epochForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { drug: 'prednisone', dose: '40', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: '2024-01-01', startReason: 'started', ...over };
}

const audits = (action?: string) => (action
  ? getDb().$client.prepare('SELECT * FROM audit_events WHERE action = ? ORDER BY id').all(action)
  : getDb().$client.prepare('SELECT * FROM audit_events ORDER BY id').all()) as { id: number; action: string; entity_id: string; before_json: string | null; after_json: string | null; reason: string | null }[];

describe('who may write medications (medication:write is physician only)', () => {
  it('refuses admin, nurse and reviewer for every write, allows the physician, and all four may read', async () => {
    for (const actor of [admin, nurse, reviewer]) await expectRefused(() => startMedication(actor, patientId, epochForm()), 'forbidden');
    const e = startMedication(physician, patientId, epochForm());
    const denied = [admin, nurse, reviewer];
    for (const actor of denied) {
      await expectRefused(() => changeDose(actor, patientId, e.id, { startOn: '2024-02-01', dose: '30', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: 'tapered' }), 'forbidden');
      await expectRefused(() => stopMedication(actor, patientId, e.id, { endOn: '2024-02-01', endReason: 'stopped' }), 'forbidden');
      await expectRefused(() => correctMedicationEpoch(actor, patientId, e.id, epochForm({ dose: '45' }), 'dose mistyped'), 'forbidden');
      await expectRefused(() => markMedicationEpochInError(actor, patientId, e.id, 'wrong patient'), 'forbidden');
    }
    const { started } = changeDose(physician, patientId, e.id, { startOn: '2024-02-01', dose: '30', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: 'tapered' });
    expect(correctMedicationEpoch(physician, patientId, e.id, epochForm({ dose: '45', endOn: '2024-01-31', endReason: 'tapered' }), 'dose mistyped').dose).toBe(45);
    expect(stopMedication(physician, patientId, started.id, { endOn: '2024-03-01', endReason: 'side-effect' }).endReason).toBe('side-effect');
    expect(markMedicationEpochInError(physician, patientId, started.id, 'wrong patient').enteredInError).toBe(true);
    for (const actor of [...denied, physician]) {
      expect(listMedicationEpochs(actor, patientId)).toHaveLength(2);
      expect(getMedicationEpoch(actor, patientId, e.id).dose).toBe(45);
    }
  });
});

describe('startMedication', () => {
  it('stores the catalog label, class and immunosuppressant flag; hydroxychloroquine is not an immunosuppressant', () => {
    const p = startMedication(physician, patientId, epochForm());
    expect(p).toMatchObject({ drug: 'Prednisone', drugClass: 'glucocorticoid', immunosuppressant: true, dose: 40, endOn: null, reason: 'started', endReason: null });
    const h = startMedication(physician, patientId, epochForm({ drug: 'hydroxychloroquine', dose: '200', frequency: 'twice daily' }));
    expect(h).toMatchObject({ drug: 'Hydroxychloroquine', drugClass: 'antimalarial', immunosuppressant: false });
    expect(JSON.parse(audits('medication-epoch.create')[0]!.after_json!)).toMatchObject({ id: p.id, drug: 'Prednisone' });
    expect(getPatientRecord(physician, patientId).currentMedications.map((m) => m.drug).sort()).toEqual(['Hydroxychloroquine', 'Prednisone']);
  });

  it('"other" needs a name and a yes/no immunosuppressant answer', async () => {
    await expectRefused(() => startMedication(physician, patientId, epochForm({ drug: 'other', otherName: 'Anakinra' })), 'invalid', 'otherImmunosuppressant');
    await expectRefused(() => startMedication(physician, patientId, epochForm({ drug: 'other', otherImmunosuppressant: 'yes' })), 'invalid', 'otherName');
    await expectRefused(() => startMedication(physician, patientId, epochForm({ drug: 'other', otherName: 'Prednisone', otherImmunosuppressant: 'yes' })), 'invalid', 'otherName');
    const a = startMedication(physician, patientId, epochForm({ drug: 'other', otherName: 'Anakinra', otherImmunosuppressant: 'yes', doseUnit: 'mg', route: 'sc' }));
    expect(a).toMatchObject({ drug: 'Anakinra', drugClass: 'other', immunosuppressant: true, route: 'sc' });
  });

  it('enters a past epoch with its end date and end reason', () => {
    const e = startMedication(physician, patientId, epochForm({ endOn: '2024-02-29', endReason: 'remission' }));
    expect(e).toMatchObject({ endOn: '2024-02-29', endReason: 'remission' });
    expect(getPatientRecord(physician, patientId).currentMedications).toEqual([]);
  });

  it.each([
    ['an unknown drug', { drug: 'aspirin' }, 'drug', /Choose a drug from the list/],
    ['dose 0', { dose: '0' }, 'dose', /greater than 0/],
    ['a negative dose', { dose: '-5' }, 'dose', /greater than 0 and at most 100000/],
    ['no dose', { dose: '' }, 'dose', /required/],
    ['a text dose', { dose: 'lots' }, 'dose', /number/],
    ['an unknown unit', { doseUnit: 'kg' }, 'doseUnit', /mg, g/],
    ['an unknown route', { route: 'rectal' }, 'route', /Oral/],
    ['a 5000-character frequency', { frequency: 'x'.repeat(5000) }, 'frequency', /at most 40/],
    ['an unknown start reason', { startReason: 'whim' }, 'startReason', /started, tapered, increased/],
    ['a stop as the reason for starting', { startReason: 'stopped' }, 'startReason', /started, tapered, increased/],
    ['"started" as the reason for ending', { endOn: '2024-02-01', endReason: 'started' }, 'endReason', /stopped, course completed, tapered, increased/],
    ['a future start', { startOn: addDays(today, 1) }, 'startOn', /cannot be after/],
    ['a start before birth', { startOn: addDays(BIRTH, -1) }, 'startOn', /before 1970-06-15/],
    ['an end before the start', { endOn: '2023-12-31', endReason: 'stopped' }, 'endOn', /on or after the start date/],
    ['a future end', { endOn: addDays(today, 1), endReason: 'stopped' }, 'endOn', /after today/],
    ['an end without a reason', { endOn: '2024-02-01' }, 'endReason', /needs a reason/],
  ])('refuses %s with a field message and writes nothing', async (_what, over, field, message) => {
    const err = await expectRefused(() => startMedication(physician, patientId, epochForm(over)), 'invalid', field);
    expect(err.fieldErrors[field]!.join(' ')).toMatch(message);
  });

  it('refuses an overlapping epoch of the same drug but allows another drug, a later epoch, or one overlapping an entered-in-error epoch', async () => {
    const first = startMedication(physician, patientId, epochForm({ endOn: '2024-01-31', endReason: 'tapered' }));
    const err = await expectRefused(() => startMedication(physician, patientId, epochForm({ startOn: '2024-01-31', dose: '20' })), 'invalid', 'startOn');
    expect(err.fieldErrors.startOn!.join(' ')).toMatch(/Overlaps another Prednisone epoch \(2024-01-01 to 2024-01-31\)/);
    startMedication(physician, patientId, epochForm({ drug: 'methotrexate', startOn: '2024-01-15', dose: '15', frequency: 'weekly' }));
    startMedication(physician, patientId, epochForm({ startOn: '2024-02-01', dose: '20', startReason: 'tapered' }));
    markMedicationEpochInError(physician, patientId, first.id, 'duplicate entry');
    expect(startMedication(physician, patientId, epochForm({ startOn: '2024-01-10', endOn: '2024-01-20', endReason: 'stopped' })).drug).toBe('Prednisone');
  });

  it('refuses an unknown patient', async () => {
    await expectRefused(() => startMedication(physician, 999_999, epochForm()), 'not-found');
  });
});

describe('changeDose', () => {
  it('ends the current epoch the day before and starts the next in one transaction; current treatment shows only the new dose', () => {
    const e = startMedication(physician, patientId, epochForm());
    const before = tableCounts();
    const lastAudit = audits().at(-1)!.id;
    const { ended, started } = changeDose(physician, patientId, e.id, { startOn: today, dose: '20', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: 'tapered' });
    expect(ended).toMatchObject({ id: e.id, endOn: addDays(today, -1), endReason: 'tapered', version: 2, dose: 40 });
    expect(started).toMatchObject({ drug: 'Prednisone', drugClass: 'glucocorticoid', immunosuppressant: true, dose: 20, startOn: today, endOn: null, reason: 'tapered' });
    const after = tableCounts();
    expect(after.medication_epochs).toBe(before.medication_epochs! + 1);
    expect(after.record_history).toBe(before.record_history! + 1);
    const events = audits().filter((a) => a.id > lastAudit);
    expect(events.map((a) => [a.action, a.entity_id])).toEqual([['medication-epoch.end', String(e.id)], ['medication-epoch.create', String(started.id)]]);
    expect(JSON.parse(events[0]!.before_json!)).toMatchObject({ endOn: null });
    expect(JSON.parse(events[0]!.after_json!)).toMatchObject({ endOn: addDays(today, -1) });
    const current = getPatientRecord(physician, patientId).currentMedications;
    expect(current.map((m) => [m.id, m.dose])).toEqual([[started.id, 20]]);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('rolls back the ended epoch when starting the next one fails (one transaction)', async () => {
    const e = startMedication(physician, patientId, epochForm());
    getDb().$client.exec("CREATE TRIGGER fail_dose_13 BEFORE INSERT ON medication_epochs WHEN NEW.dose = 13 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
    const before = tableCounts();
    expect(() => changeDose(physician, patientId, e.id, { startOn: '2024-02-01', dose: '13', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: 'tapered' })).toThrow(/simulated failure/);
    expect(tableCounts()).toEqual(before);
    expect(getMedicationEpoch(physician, patientId, e.id)).toMatchObject({ endOn: null, version: 1 });
  });

  it('refuses a new dose starting on or before the current start, in the future, unchanged, on an ended epoch or another patient\'s epoch', async () => {
    const e = startMedication(physician, patientId, epochForm());
    const change = (over: Record<string, unknown>, pid = patientId, id = e.id) =>
      () => changeDose(physician, pid, id, { startOn: '2024-02-01', dose: '20', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: 'tapered', ...over });
    await expectRefused(change({ startOn: '2024-01-01' }), 'invalid', 'startOn');
    await expectRefused(change({ startOn: addDays(today, 1) }), 'invalid', 'startOn');
    await expectRefused(change({ dose: '40' }), 'invalid', 'dose');
    await expectRefused(change({ dose: '20.5.1' }), 'invalid', 'dose');
    await expectRefused(change({ reason: 'bored' }), 'invalid', 'reason');
    // A dose change is not a start or a stop (medication-options.ts DOSE_CHANGE_REASONS).
    await expectRefused(change({ reason: 'started' }), 'invalid', 'reason');
    await expectRefused(change({ reason: 'stopped' }), 'invalid', 'reason');
    await expectRefused(change({}, otherPatientId), 'not-found');
    await expectRefused(change({}, patientId, 999_999), 'not-found');
    stopMedication(physician, patientId, e.id, { endOn: '2024-03-01', endReason: 'stopped' });
    await expectRefused(change({ startOn: '2024-04-01' }), 'invalid', 'startOn');
  });
});

describe('stopMedication', () => {
  it('ends the epoch with its last day and reason; the drug leaves current treatment the day after', async () => {
    const e = startMedication(physician, patientId, epochForm());
    const stopped = stopMedication(physician, patientId, e.id, { endOn: addDays(today, -1), endReason: 'side-effect' });
    expect(stopped).toMatchObject({ endOn: addDays(today, -1), endReason: 'side-effect', version: 2 });
    expect(getPatientRecord(physician, patientId).currentMedications).toEqual([]);
    expect(audits('medication-epoch.stop')).toHaveLength(1);
    expect(listRowHistory(physician, 'medication-epoch', e.id, patientId)[0]).toMatchObject({ version: 1, changeReason: expect.stringMatching(/Side effect/) });
    await expectRefused(() => stopMedication(physician, patientId, e.id, { endOn: today, endReason: 'stopped' }), 'invalid', 'endOn');
  });

  it.each([
    ['an end before the start', { endOn: '2023-12-31', endReason: 'stopped' }, 'endOn'],
    ['a future end', { endOn: addDays(today, 1), endReason: 'stopped' }, 'endOn'],
    ['no end', { endReason: 'stopped' }, 'endOn'],
    ['an unknown reason', { endOn: '2024-02-01', endReason: 'fate' }, 'endReason'],
    // Not reasons to stop (issue 17: the stop form offered "Started" and "Increased").
    ['"started" as the reason for stopping', { endOn: '2024-02-01', endReason: 'started' }, 'endReason'],
    ['"increased" as the reason for stopping', { endOn: '2024-02-01', endReason: 'increased' }, 'endReason'],
    ['"tapered" as the reason for stopping', { endOn: '2024-02-01', endReason: 'tapered' }, 'endReason'],
  ])('refuses %s', async (_what, input, field) => {
    const e = startMedication(physician, patientId, epochForm());
    await expectRefused(() => stopMedication(physician, patientId, e.id, input), 'invalid', field);
  });

  it('refuses another patient\'s epoch as not found', async () => {
    const e = startMedication(physician, patientId, epochForm());
    await expectRefused(() => stopMedication(physician, otherPatientId, e.id, { endOn: '2024-02-01', endReason: 'stopped' }), 'not-found');
  });
});

describe('corrections and removals keep history', () => {
  it('correctMedicationEpoch keeps the earlier version and audits before/after with the reason', () => {
    const e = startMedication(physician, patientId, epochForm());
    const fixed = correctMedicationEpoch(physician, patientId, e.id, epochForm({ dose: '45' }), 'dose mistyped');
    expect(fixed).toMatchObject({ version: 2, dose: 45 });
    expect(listRowHistory(reviewer, 'medication-epoch', e.id, patientId)).toMatchObject([{ version: 1, changeReason: 'dose mistyped', data: { dose: 40 } }]);
    const [event] = audits('medication-epoch.correct');
    expect(event!.reason).toBe('dose mistyped');
    expect(JSON.parse(event!.before_json!)).toMatchObject({ dose: 40 });
    expect(JSON.parse(event!.after_json!)).toMatchObject({ dose: 45 });
  });

  it('refuses a correction that overlaps, has no reason, changes nothing, or targets another patient\'s epoch', async () => {
    const a = startMedication(physician, patientId, epochForm({ endOn: '2024-01-31', endReason: 'tapered' }));
    startMedication(physician, patientId, epochForm({ startOn: '2024-02-01', dose: '30', startReason: 'tapered' }));
    await expectRefused(() => correctMedicationEpoch(physician, patientId, a.id, epochForm({ endOn: '2024-02-05', endReason: 'tapered' }), 'end was later'), 'invalid', 'startOn');
    await expectRefused(() => correctMedicationEpoch(physician, patientId, a.id, epochForm({ dose: '45', endOn: '2024-01-31', endReason: 'tapered' }), ''), 'invalid', 'reason');
    await expectRefused(() => correctMedicationEpoch(physician, patientId, a.id, epochForm({ endOn: '2024-01-31', endReason: 'tapered' }), 'nothing'), 'invalid');
    await expectRefused(() => correctMedicationEpoch(physician, otherPatientId, a.id, epochForm({ dose: '45' }), 'sneaky edit'), 'not-found');
    await expectRefused(() => markMedicationEpochInError(physician, otherPatientId, a.id, 'sneaky removal'), 'not-found');
    expect(() => getMedicationEpoch(physician, otherPatientId, a.id)).toThrow(/not found/);
  });

  it('an epoch marked entered in error leaves current treatment, stays listed with its reason, and can no longer change', async () => {
    const e = startMedication(physician, patientId, epochForm());
    const marked = markMedicationEpochInError(physician, patientId, e.id, 'entered for the wrong patient');
    expect(marked).toMatchObject({ enteredInError: true, errorReason: 'entered for the wrong patient' });
    expect(getPatientRecord(physician, patientId).currentMedications).toEqual([]);
    expect(listMedicationEpochs(physician, patientId)).toMatchObject([{ id: e.id, enteredInError: true, errorReason: 'entered for the wrong patient' }]);
    expect(listRowHistory(physician, 'medication-epoch', e.id, patientId)).toHaveLength(1);
    await expectRefused(() => changeDose(physician, patientId, e.id, { startOn: '2024-02-01', dose: '20', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: 'tapered' }), 'invalid');
    await expectRefused(() => stopMedication(physician, patientId, e.id, { endOn: '2024-02-01', endReason: 'stopped' }), 'invalid');
    await expectRefused(() => correctMedicationEpoch(physician, patientId, e.id, epochForm({ dose: '45' }), 'late fix'), 'invalid');
  });
});
