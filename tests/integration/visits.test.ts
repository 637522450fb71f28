import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { listRowHistory } from '@/lib/dal/history';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { createPatient } from '@/lib/dal/patients';
import { correctVisit, getVisit, listVisits, markVisitInError, recordVisit } from '@/lib/dal/visits';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { mmtTests } from '@/lib/domain/mmt';
import type { MmtVersion } from '@/lib/domain/types';
import { gradeField, mmtSummary } from '@/lib/validation/visits';
import { expectRefused, patientForm } from '../setup/dal-helpers';
import { makeTeam } from '../setup/actors';
import { databasePerTest } from '../setup/temp-db';

let physician: Actor, nurse: Actor, admin: Actor, reviewer: Actor;
let patientId: number, otherPatientId: number;
const BIRTH = '1970-06-15';

databasePerTest(async () => {
  ({ physician, nurse, admin, reviewer } = await makeTeam());
  patientId = createPatient(physician, patientForm({ birthDate: BIRTH })).id;
  otherPatientId = createPatient(physician, patientForm({ mrn: 'MRN-2', familyName: 'Roe', givenName: 'Rita', birthDate: '1980-01-01' })).id;
});



/** Grades for every test of a version, as a form would post them. */
function grades(version: MmtVersion, grade: number | ((i: number) => number)): Record<string, string> {
  return Object.fromEntries(mmtTests(version).map((t, i) => [gradeField(t.key), String(typeof grade === 'number' ? grade : grade(i))]));
}

function visitForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { visitOn: '2024-03-01', physicianGlobal: '2.5', patientGlobal: '3', haq: '0.75', extramuscular: '1', finding_rash: 'on', finding_weakness: 'on', notes: 'Seen in clinic.', ...grades('unilateral', 9), ...over };
}

interface VisitDbRow { mmt_version: string | null; mmt_total: number | null; mmt_tested: number; mmt_max: number | null; mmt_grades_json: string; findings_json: string; clinician_name: string; clinician_id: number | null }
const visitRow = (id: number) => getDb().$client.prepare('SELECT * FROM visits WHERE id = ?').get(id) as VisitDbRow;
const audits = (action: string) => getDb().$client.prepare('SELECT * FROM audit_events WHERE action = ? ORDER BY id').all(action) as { entity_id: string; before_json: string | null; after_json: string | null; reason: string | null; user_id: number }[];

describe('who may write visits (visit:write is physician only)', () => {
  it('refuses admin, nurse and reviewer for every write, allows the physician, and all four may read', async () => {
    for (const actor of [admin, nurse, reviewer]) {
      await expectRefused(() => recordVisit(actor, patientId, visitForm()), 'forbidden');
    }
    const v = recordVisit(physician, patientId, visitForm());
    for (const actor of [admin, nurse, reviewer]) {
      await expectRefused(() => correctVisit(actor, patientId, v.id, visitForm({ haq: '1' }), 'typo in HAQ'), 'forbidden');
      await expectRefused(() => markVisitInError(actor, patientId, v.id, 'wrong patient'), 'forbidden');
    }
    expect(correctVisit(physician, patientId, v.id, visitForm({ haq: '1' }), 'typo in HAQ').version).toBe(2);
    expect(markVisitInError(physician, patientId, v.id, 'wrong patient').enteredInError).toBe(true);
    for (const actor of [admin, nurse, reviewer, physician]) {
      expect(listVisits(actor, patientId).map((x) => x.id)).toEqual([v.id]);
      expect(getVisit(actor, patientId, v.id).errorReason).toBe('wrong patient');
    }
  });

  it('refuses a deactivated physician', async () => {
    await expectRefused(() => recordVisit({ ...physician, active: false }, patientId, visitForm()), 'forbidden');
  });
});

describe('recordVisit', () => {
  it('stores a complete unilateral MMT-8 with the total computed on the server, clinician defaulting to the physician', () => {
    const v = recordVisit(physician, patientId, visitForm({ ...grades('unilateral', (i) => (i < 4 ? 10 : 9)), mmtTotal: '3', mmt_total: '3' }));
    const row = visitRow(v.id);
    expect(row).toMatchObject({ mmt_version: 'unilateral', mmt_total: 76, mmt_tested: 8, mmt_max: 80, clinician_name: physician.name, clinician_id: physician.userId });
    expect(JSON.parse(row.mmt_grades_json)).toMatchObject({ neck_flexors: 10, ankle_dorsiflexors: 9 });
    expect(JSON.parse(row.findings_json)).toEqual(['weakness', 'rash']);
    expect(v).toMatchObject({ physicianGlobal: 2.5, patientGlobal: 3, haq: 0.75, extramuscular: 1, notes: 'Seen in clinic.' });
    const [event] = audits('visit.create');
    expect(event).toMatchObject({ entity_id: String(v.id), user_id: physician.userId });
    expect(JSON.parse(event!.after_json!)).toMatchObject({ id: v.id, mmtTotal: 76 });
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('stores a partial exam with mmt_total null (never a low total) and shows it as partial', () => {
    const six = Object.fromEntries(Object.entries(grades('unilateral', (i) => [10, 9, 9, 8, 8, 8][i] ?? 0)).slice(0, 6));
    const v = recordVisit(physician, patientId, { visitOn: '2024-03-01', ...six, mmtTotal: '80' });
    expect(visitRow(v.id)).toMatchObject({ mmt_version: 'unilateral', mmt_total: null, mmt_tested: 6, mmt_max: 80 });
    const shown = listVisits(physician, patientId)[0]!;
    expect(shown.mmt).toMatchObject({ total: null, tested: 6, required: 8, partialSum: 52 });
    expect(mmtSummary(shown.mmt)).toBe('partial: 6 of 8 groups, sum 52');
    expect(getPatientRecord(physician, patientId).visits[0]!.mmt?.complete).toBe(false);
  });

  it('stores a bilateral exam of 15 tests totalling 150', () => {
    const v = recordVisit(physician, patientId, visitForm({ mmtVersion: 'bilateral', ...grades('bilateral', 10) }));
    expect(visitRow(v.id)).toMatchObject({ mmt_version: 'bilateral', mmt_total: 150, mmt_tested: 15, mmt_max: 150 });
    expect(mmtSummary(listVisits(physician, patientId)[0]!.mmt)).toBe('150 / 150');
  });

  it('keeps only the chosen version\'s grades and stores no MMT when strength was not tested', () => {
    const v = recordVisit(physician, patientId, { visitOn: '2024-03-01', mmtVersion: 'unilateral', ...grades('bilateral', 7) });
    const row = visitRow(v.id);
    expect(Object.keys(JSON.parse(row.mmt_grades_json) as object)).toEqual(['neck_flexors']);
    const none = recordVisit(physician, patientId, { visitOn: '2024-03-02', physicianGlobal: '1', clinicianName: 'Dr. Colleague' });
    expect(visitRow(none.id)).toMatchObject({ mmt_version: null, mmt_total: null, mmt_tested: 0, mmt_max: null, clinician_name: 'Dr. Colleague', clinician_id: null });
    expect(mmtSummary(listVisits(physician, patientId)[0]!.mmt)).toBe('not tested');
  });

  const today = clinicToday();
  it.each([
    ['MMT grade 11', { mmt_deltoid: '11' }, 'mmt_deltoid', /whole number from 0 to 10/],
    ['MMT grade -1', { mmt_neck_flexors: '-1' }, 'mmt_neck_flexors', /whole number from 0 to 10/],
    ['MMT grade 7.5', { mmt_biceps: '7.5' }, 'mmt_biceps', /whole number/],
    ['MMT grade text', { mmt_quadriceps: 'strong' }, 'mmt_quadriceps', /Kendall/],
    ['bilateral grade 11', { mmtVersion: 'bilateral', ...grades('bilateral', 10), mmt_deltoid_left: '11' }, 'mmt_deltoid_left', /Deltoid \(middle\), left/],
    ['HAQ-DI 4', { haq: '4' }, 'haq', /from 0 to 3/],
    ['physician global 12', { physicianGlobal: '12' }, 'physicianGlobal', /from 0 to 10/],
    ['patient global -1', { patientGlobal: '-1' }, 'patientGlobal', /from 0 to 10/],
    ['extramuscular NaN', { extramuscular: 'NaN' }, 'extramuscular', /plain number such as 12.5/],
    ['a future date', { visitOn: addDays(today, 1) }, 'visitOn', /cannot be after/],
    ['a date before birth', { visitOn: addDays(BIRTH, -1) }, 'visitOn', /before 1970-06-15/],
    ['an impossible date', { visitOn: '2024-02-30' }, 'visitOn', /not a date in the calendar/],
    ['no date', { visitOn: '' }, 'visitOn', /required/],
    ['5000-character notes', { notes: 'x'.repeat(5000) }, 'notes', /at most 4000/],
    ['an unknown MMT version', { mmtVersion: 'trilateral' }, 'mmtVersion', /unilateral|bilateral/],
    ['a 500-character clinician', { clinicianName: 'x'.repeat(500) }, 'clinicianName', /at most 120/],
  ])('refuses %s with a field message and writes nothing', async (_what, over, field, message) => {
    const err = await expectRefused(() => recordVisit(physician, patientId, visitForm(over)), 'invalid', field);
    expect(err.fieldErrors[field]!.join(' ')).toMatch(message);
  });

  it('reports every bad field at once', async () => {
    const err = await expectRefused(() => recordVisit(physician, patientId, visitForm({ mmt_deltoid: '11', mmt_biceps: '7.5', haq: '4' })), 'invalid');
    expect(Object.keys(err.fieldErrors).sort()).toEqual(['haq', 'mmt_biceps', 'mmt_deltoid']);
  });

  it('refuses an unknown patient and non-object input', async () => {
    await expectRefused(() => recordVisit(physician, 999_999, visitForm()), 'not-found');
    await expectRefused(() => recordVisit(physician, patientId, 'visit'), 'invalid');
    await expectRefused(() => recordVisit(physician, patientId, null), 'invalid');
  });
});

describe('corrections and removals keep history', () => {
  it('correctVisit keeps the earlier version in record_history and audits before/after with the reason', () => {
    const v = recordVisit(physician, patientId, visitForm());
    const after = correctVisit(physician, patientId, v.id, visitForm({ mmt_deltoid: '6' }), 'deltoid grade mistyped');
    expect(after).toMatchObject({ version: 2, mmtTotal: 69 });
    const history = listRowHistory(reviewer, 'visit', v.id, patientId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, changeReason: 'deltoid grade mistyped', changedBy: physician.name });
    expect(history[0]!.data).toMatchObject({ mmtTotal: 72 });
    const [event] = audits('visit.correct');
    expect(event!.reason).toBe('deltoid grade mistyped');
    expect(JSON.parse(event!.before_json!)).toMatchObject({ version: 1, mmtTotal: 72 });
    expect(JSON.parse(event!.after_json!)).toMatchObject({ version: 2, mmtTotal: 69 });
  });

  it('a correction keeps the original clinician unless another is typed', () => {
    const v = recordVisit(physician, patientId, visitForm({ clinicianName: 'Dr. Colleague' }));
    correctVisit(physician, patientId, v.id, visitForm({ clinicianName: '', haq: '1' }), 'HAQ recomputed');
    expect(visitRow(v.id)).toMatchObject({ clinician_name: 'Dr. Colleague', clinician_id: null });
  });

  it('refuses a correction without a reason, with no change, with bad input, or for another patient\'s visit', async () => {
    const v = recordVisit(physician, patientId, visitForm());
    await expectRefused(() => correctVisit(physician, patientId, v.id, visitForm({ haq: '1' }), ''), 'invalid', 'reason');
    await expectRefused(() => correctVisit(physician, patientId, v.id, visitForm(), 'no change at all'), 'invalid');
    await expectRefused(() => correctVisit(physician, patientId, v.id, visitForm({ mmt_deltoid: '11' }), 'typo'), 'invalid', 'mmt_deltoid');
    await expectRefused(() => correctVisit(physician, otherPatientId, v.id, visitForm({ haq: '1' }), 'sneaky edit'), 'not-found');
    await expectRefused(() => markVisitInError(physician, otherPatientId, v.id, 'sneaky removal'), 'not-found');
    await expectRefused(() => correctVisit(physician, patientId, 999_999, visitForm({ haq: '1' }), 'missing row'), 'not-found');
    expect(() => getVisit(physician, otherPatientId, v.id)).toThrow(/not found/);
  });

  it('markVisitInError hides the visit from totals and signals but keeps it visible in history', async () => {
    const v = recordVisit(physician, patientId, visitForm({ ...grades('unilateral', 10) }));
    await expectRefused(() => markVisitInError(physician, patientId, v.id, 'x'), 'invalid', 'reason');
    const marked = markVisitInError(physician, patientId, v.id, 'entered for the wrong patient');
    expect(marked).toMatchObject({ enteredInError: true, errorReason: 'entered for the wrong patient', version: 2 });
    const shown = listVisits(physician, patientId);
    expect(shown[0]).toMatchObject({ id: v.id, enteredInError: true, errorReason: 'entered for the wrong patient' });
    expect(getPatientRecord(physician, patientId).visits[0]!.enteredInError).toBe(true);
    expect(listRowHistory(physician, 'visit', v.id, patientId)[0]).toMatchObject({ version: 1, changeReason: 'entered for the wrong patient' });
    expect(audits('visit.entered-in-error')).toHaveLength(1);
    await expectRefused(() => correctVisit(physician, patientId, v.id, visitForm({ haq: '2' }), 'late fix'), 'invalid');
    await expectRefused(() => markVisitInError(physician, patientId, v.id, 'twice'), 'invalid');
  });
});
