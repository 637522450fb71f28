import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { listRowHistory } from '@/lib/dal/history';
import { createPatient, getPatient, listPatients, PATIENT_PAGE_SIZE, updatePatient } from '@/lib/dal/patients';
import { setUserActive } from '@/lib/dal/users';
import { addDays } from '@/lib/domain/dates';
import type { ErrorCode } from '@/lib/errors';
import { inactive, makeActor, makeTeam } from '../setup/actors';
import { auditRows, expectRefused, patientForm, sqlite, summaryRow, TODAY } from '../setup/dal-helpers';
import { databasePerTest, tableCounts } from '../setup/temp-db';

let admin: Actor, physician: Actor, nurse: Actor, reviewer: Actor;

databasePerTest(async () => {
  ({ admin, physician, nurse, reviewer } = await makeTeam());
});


describe('who may register, correct, view and list patients', () => {
  it('physicians and nurses register patients; admins, reviewers and deactivated users are forbidden and write nothing', async () => {
    for (const actor of [admin, reviewer, inactive(physician), inactive(nurse)]) {
      const err = await expectRefused(() => createPatient(actor, patientForm()), 'forbidden');
      expect(err.status).toBe(403);
    }
    const byPhysician = createPatient(physician, patientForm({ mrn: 'P-1' }));
    const byNurse = createPatient(nurse, patientForm({ mrn: 'P-2' }));
    expect(byPhysician).toMatchObject({ mrn: 'P-1', familyName: 'Doe', version: 1, enteredInError: false, createdBy: physician.userId });
    expect(byNurse.createdBy).toBe(nurse.userId);
    const creates = auditRows('patient.create');
    expect(creates.map((a) => [a.user_id, a.entity_id, a.patient_id])).toEqual([
      [physician.userId, String(byPhysician.id), byPhysician.id],
      [nurse.userId, String(byNurse.id), byNurse.id],
    ]);
    expect(JSON.parse(creates[0]!.after_json!)).toMatchObject({ id: byPhysician.id, mrn: 'P-1' });
    // The worklist summary is written in the same transaction: no results yet, so no signals.
    expect(summaryRow(byPhysician.id)).toMatchObject({ top_level_rank: 9, signal_codes: '', last_titer_on: null });
  });

  it('physicians and nurses correct demographics; the others are forbidden and nothing changes', async () => {
    const p = createPatient(physician, patientForm());
    for (const actor of [admin, reviewer, inactive(physician), inactive(nurse)]) {
      await expectRefused(() => updatePatient(actor, p.id, patientForm({ familyName: 'Smith' }), 'name misspelt'), 'forbidden');
    }
    expect(getPatient(reviewer, p.id).familyName).toBe('Doe');
    expect(updatePatient(nurse, p.id, patientForm({ familyName: 'Smith' }), 'name misspelt').familyName).toBe('Smith');
    expect(updatePatient(physician, p.id, patientForm({ familyName: 'Smyth' }), 'name misspelt again').familyName).toBe('Smyth');
  });

  it('every role views and lists patients; a deactivated user cannot, and nothing is audited for them', async () => {
    const p = createPatient(physician, patientForm());
    for (const actor of [admin, physician, nurse, reviewer]) {
      expect(getPatient(actor, p.id).mrn).toBe('MRN-1');
      expect(listPatients(actor, {}).patients.map((x) => x.id)).toEqual([p.id]);
    }
    for (const actor of [admin, physician, nurse, reviewer].map(inactive)) {
      await expectRefused(() => getPatient(actor, p.id), 'forbidden');
      await expectRefused(() => listPatients(actor, {}), 'forbidden');
    }
  });

  it('a user deactivated by an administrator is refused on the next call', async () => {
    setUserActive(admin, nurse.userId!, false);
    // The request layer re-reads the user; the DAL sees the active flag it was given.
    await expectRefused(() => createPatient({ ...nurse, active: false }, patientForm()), 'forbidden');
    expect(sqlite().prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 0 });
  });
});

describe('getPatient', () => {
  it('audits every view as patient.view with the viewer, the patient and no data copied', () => {
    const p = createPatient(physician, patientForm({ physicianId: String(physician.userId) }));
    const viewed = getPatient(reviewer, p.id);
    expect(viewed).toMatchObject({ id: p.id, mrn: 'MRN-1', physicianName: 'Test physician' });
    expect(viewed.age).toBeGreaterThanOrEqual(50);
    getPatient(admin, p.id);
    const views = auditRows('patient.view');
    expect(views.map((v) => [v.user_id, v.role, v.entity, v.entity_id, v.patient_id])).toEqual([
      [reviewer.userId, 'reviewer', 'patient', String(p.id), p.id],
      [admin.userId, 'admin', 'patient', String(p.id), p.id],
    ]);
    expect(views[0]!.after_json).toBeNull();
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('an unknown patient id is not found and audits nothing', async () => {
    createPatient(physician, patientForm());
    for (const id of [9999, 0, -1, Number.NaN]) await expectRefused(() => getPatient(physician, id), 'not-found');
    expect(auditRows('patient.view')).toHaveLength(0);
  });

  it('a patient marked entered in error is not found', async () => {
    const p = createPatient(physician, patientForm());
    sqlite().prepare('UPDATE patients SET entered_in_error = 1 WHERE id = ?').run(p.id);
    await expectRefused(() => getPatient(physician, p.id), 'not-found');
    expect(listPatients(physician, {}).total).toBe(0);
  });
});

describe('createPatient: hostile and impossible input', () => {
  const cases: [string, Record<string, unknown>, ErrorCode, string][] = [
    ['a birth date in the future', { birthDate: addDays(TODAY, 1) }, 'invalid', 'birthDate'],
    ['a birth date 2024-02-30', { birthDate: '2024-02-30' }, 'invalid', 'birthDate'],
    ['a birth date written 15/06/1970', { birthDate: '15/06/1970' }, 'invalid', 'birthDate'],
    ['a birth date before 1900', { birthDate: '1899-12-31' }, 'invalid', 'birthDate'],
    ['no birth date', { birthDate: undefined }, 'invalid', 'birthDate'],
    ['an onset date before birth', { onsetDate: '1970-06-14' }, 'invalid', 'onsetDate'],
    ['an onset date in the future', { onsetDate: addDays(TODAY, 1) }, 'invalid', 'onsetDate'],
    ['a diagnosis date in the future', { diagnosisDate: addDays(TODAY, 30) }, 'invalid', 'diagnosisDate'],
    ['a diagnosis date 2023-02-29', { diagnosisDate: '2023-02-29' }, 'invalid', 'diagnosisDate'],
    ['an empty MRN', { mrn: '   ' }, 'invalid', 'mrn'],
    ['an MRN of 33 characters', { mrn: 'A'.repeat(33) }, 'invalid', 'mrn'],
    ['an MRN carrying SQL', { mrn: "1' OR '1'='1" }, 'invalid', 'mrn'],
    ['an MRN that is a number', { mrn: 12345 }, 'invalid', 'mrn'],
    ['a 10k-character family name', { familyName: 'X'.repeat(10_000) }, 'invalid', 'familyName'],
    ['a 10k-character given name', { givenName: 'Y'.repeat(10_000) }, 'invalid', 'givenName'],
    ['a blank family name', { familyName: ' ' }, 'invalid', 'familyName'],
    ['10k characters of notes', { notes: 'n'.repeat(10_000) }, 'invalid', 'notes'],
    ['an unknown sex', { sex: 'F' }, 'invalid', 'sex'],
    ['an unknown diagnosis group', { diagnosisGroup: 'lupus' }, 'invalid', 'diagnosisGroup'],
    ['a physician id that is text', { physicianId: 'abc' }, 'invalid', 'physicianId'],
    ['a physician id that does not exist', { physicianId: 9999 }, 'invalid', 'physicianId'],
  ];
  it.each(cases)('%s', async (_label, over, code, field) => {
    await expectRefused(() => createPatient(physician, patientForm(over)), code, field);
  });

  it('a nurse or a deactivated physician cannot be the responsible physician', async () => {
    await expectRefused(() => createPatient(physician, patientForm({ physicianId: nurse.userId })), 'invalid', 'physicianId');
    const other = await makeActor('physician');
    setUserActive(admin, other.userId!, false);
    await expectRefused(() => createPatient(physician, patientForm({ physicianId: other.userId })), 'invalid', 'physicianId');
  });

  it.each<[string, unknown]>([['null', null], ['undefined', undefined], ['a string', 'MRN-1'], ['an array', [patientForm()]], ['a number', 7]])(
    'a non-object input (%s) is invalid',
    async (_label, input) => {
      await expectRefused(() => createPatient(physician, input), 'invalid');
    },
  );

  it('a duplicate MRN is a conflict naming mrn', async () => {
    createPatient(physician, patientForm());
    const err = await expectRefused(() => createPatient(nurse, patientForm({ familyName: 'Other' })), 'conflict', 'mrn');
    expect(err.status).toBe(409);
    // Surrounding spaces are trimmed before the check.
    await expectRefused(() => createPatient(nurse, patientForm({ mrn: '  MRN-1 ' })), 'conflict', 'mrn');
  });

  it('the boundaries are accepted: born today, onset on the birth date, diagnosis today', () => {
    const p = createPatient(physician, patientForm({ birthDate: TODAY, onsetDate: TODAY, diagnosisDate: TODAY }));
    expect(p).toMatchObject({ birthDate: TODAY, onsetDate: TODAY, diagnosisDate: TODAY });
    expect(createPatient(physician, patientForm({ mrn: 'OLD', birthDate: '1900-01-01' })).birthDate).toBe('1900-01-01');
  });

  it('stores HTML and SQL fragments verbatim as text and finds them again', () => {
    const familyName = '<script>alert(1)</script>';
    const givenName = "Robert'); DROP TABLE patients;--";
    const notes = `"; DELETE FROM audit_events; -- <img src=x onerror=alert(1)> 100% _x_`;
    const p = createPatient(nurse, patientForm({ familyName, givenName, notes }));
    expect(p).toMatchObject({ familyName, givenName, notes });
    const read = getPatient(physician, p.id);
    expect([read.familyName, read.givenName, read.notes]).toEqual([familyName, givenName, notes]);
    expect(sqlite().prepare('SELECT family_name, given_name, notes FROM patients WHERE id = ?').get(p.id)).toEqual({ family_name: familyName, given_name: givenName, notes });
    // The table and the audit trail are intact.
    expect(tableCounts().patients).toBe(1);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
    expect(listPatients(reviewer, { q: '<script>' }).patients.map((x) => x.familyName)).toEqual([familyName]);
    expect(listPatients(reviewer, { q: "robert');" }).patients.map((x) => x.givenName)).toEqual([givenName]);
  });
});

describe('updatePatient (correction of demographics)', () => {
  it('keeps the earlier version in history with the reason and author, bumps the version and audits before/after', () => {
    const p = createPatient(physician, patientForm());
    const after = updatePatient(nurse, p.id, patientForm({ familyName: 'Smith', onsetDate: '2020-01-01' }), '  name misspelt at registration ');
    expect(after).toMatchObject({ id: p.id, familyName: 'Smith', onsetDate: '2020-01-01', version: 2 });
    const history = listRowHistory(reviewer, 'patient', p.id, p.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, changeReason: 'name misspelt at registration', changedBy: 'Test nurse' });
    expect(history[0]!.data).toMatchObject({ familyName: 'Doe', onsetDate: null, version: 1 });
    const ev = auditRows('patient.correct');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: nurse.userId, entity: 'patient', entity_id: String(p.id), patient_id: p.id, reason: 'name misspelt at registration' });
    expect(JSON.parse(ev[0]!.before_json!)).toMatchObject({ familyName: 'Doe', version: 1 });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ familyName: 'Smith', version: 2 });
    // Search follows the new name.
    expect(listPatients(physician, { q: 'smith' }).total).toBe(1);
    expect(listPatients(physician, { q: 'doe' }).total).toBe(0);
  });

  it('needs a reason of at least 3 characters', async () => {
    const p = createPatient(physician, patientForm());
    for (const reason of [undefined, '', '  ', 'ab', 'r'.repeat(501), 42]) {
      await expectRefused(() => updatePatient(physician, p.id, patientForm({ familyName: 'Smith' }), reason), 'invalid', 'reason');
    }
    expect(getPatient(physician, p.id)).toMatchObject({ familyName: 'Doe', version: 1 });
  });

  it('refuses an unknown patient, an MRN of another patient, and bad dates, changing nothing', async () => {
    const p = createPatient(physician, patientForm());
    createPatient(physician, patientForm({ mrn: 'MRN-2' }));
    await expectRefused(() => updatePatient(physician, 9999, patientForm({ mrn: 'MRN-9' }), 'typo fixed'), 'not-found');
    await expectRefused(() => updatePatient(physician, p.id, patientForm({ mrn: 'MRN-2' }), 'typo fixed'), 'conflict', 'mrn');
    await expectRefused(() => updatePatient(physician, p.id, patientForm({ birthDate: addDays(TODAY, 1) }), 'typo fixed'), 'invalid', 'birthDate');
    await expectRefused(() => updatePatient(physician, p.id, patientForm({ diagnosisDate: '1960-01-01' }), 'typo fixed'), 'invalid', 'diagnosisDate');
    await expectRefused(() => updatePatient(physician, p.id, patientForm({ givenName: 'g'.repeat(10_000) }), 'typo fixed'), 'invalid', 'givenName');
    // Keeping its own MRN is fine.
    expect(updatePatient(physician, p.id, patientForm({ givenName: 'Janet' }), 'typo fixed').mrn).toBe('MRN-1');
  });
});

describe('listPatients', () => {
  it('searches by MRN or name (case-insensitive, all terms), ignores LIKE wildcards and sorts', () => {
    createPatient(physician, patientForm({ mrn: 'A-100', familyName: 'Zeta', givenName: 'Anna', birthDate: '1980-01-01' }));
    createPatient(physician, patientForm({ mrn: 'B-200', familyName: 'Alpha', givenName: 'Bruno', birthDate: '1960-01-01', sex: 'male' }));
    createPatient(physician, patientForm({ mrn: 'C-300', familyName: 'Mid', givenName: 'Anna', birthDate: '1990-01-01' }));
    const names = (q: Record<string, unknown>) => listPatients(nurse, q).patients.map((p) => p.familyName);
    expect(names({})).toEqual(['Alpha', 'Mid', 'Zeta']);
    expect(names({ sort: 'mrn' })).toEqual(['Zeta', 'Alpha', 'Mid']);
    expect(names({ sort: 'birth' })).toEqual(['Alpha', 'Zeta', 'Mid']);
    expect(names({ sort: 'nonsense' })).toEqual(['Alpha', 'Mid', 'Zeta']);
    expect(names({ q: 'b-200' })).toEqual(['Alpha']);
    expect(names({ q: 'ANNA' })).toEqual(['Mid', 'Zeta']);
    expect(names({ q: 'anna zeta' })).toEqual(['Zeta']);
    expect(names({ q: '%' })).toEqual(['Alpha', 'Mid', 'Zeta']);
    expect(names({ q: '_' })).toEqual(['Alpha', 'Mid', 'Zeta']);
    expect(names({ q: 'nobody' })).toEqual([]);
    expect(names({ q: 'q'.repeat(10_000) })).toEqual(['Alpha', 'Mid', 'Zeta']); // over-long search falls back to no filter
  });

  it('paginates 25 to a page without overlap and clamps the page number', () => {
    for (let i = 0; i < 30; i++) createPatient(nurse, patientForm({ mrn: `M-${String(i).padStart(2, '0')}`, familyName: `Fam${String(i).padStart(2, '0')}` }));
    expect(PATIENT_PAGE_SIZE).toBe(25);
    const p1 = listPatients(reviewer, { page: 1 });
    const p2 = listPatients(reviewer, { page: '2' });
    expect([p1.total, p1.pages, p1.patients.length, p2.patients.length]).toEqual([30, 2, 25, 5]);
    expect(new Set([...p1.patients, ...p2.patients].map((p) => p.id)).size).toBe(30);
    expect(p1.patients[0]!.familyName).toBe('Fam00');
    expect(p2.patients.at(-1)!.familyName).toBe('Fam29');
    expect(listPatients(reviewer, { page: 99 }).page).toBe(2);
    expect(listPatients(reviewer, { page: 'abc' }).page).toBe(1);
    expect(listPatients(reviewer, { page: -1 }).page).toBe(1);
  });

  it('does not audit list reads', () => {
    createPatient(physician, patientForm());
    const n = auditRows().length;
    listPatients(admin, {});
    expect(auditRows()).toHaveLength(n);
  });
});

describe('optional fields may be left out altogether (API, import and script callers)', () => {
  it('registers a patient without physicianId, onsetDate, diagnosisDate or notes keys', () => {
    const { physicianId: _omit, ...form } = patientForm();
    const p = createPatient(nurse, form);
    expect(p).toMatchObject({ physicianId: null, onsetDate: null, diagnosisDate: null, notes: '' });
  });
});
