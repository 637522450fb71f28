/**
 * What a correction, a new day and a corrected birth date do to the stored signals,
 * through the real data layer on a temporary SQLite file (docs/clinical/signals.md
 * sections 1 and 7; hazard log H9, D1 and E11). Found by a clinical safety review (2026-12-06).
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { correctAntibodyResult, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { getPatient, updatePatient } from '@/lib/dal/patients';
import { acknowledgeSignal } from '@/lib/dal/signals';
import { recordVisit } from '@/lib/dal/visits';
import { makeTeam } from '../setup/actors';
import { abForm, daysAgo, expectRefused, newPatient, patientForm, sqlite, storedSignals } from '../setup/dal-helpers';
import { databasePerTest } from '../setup/temp-db';

let physician: Actor, nurse: Actor;
databasePerTest(async () => {
  ({ physician, nurse } = await makeTeam());
});

const shown = (pid: number, code: string) => getPatientRecord(physician, pid).signals.find((s) => s.code === code);

/** Mi-2beta line blot 40, then 6 (the nadir), then 13: a re-rise, acknowledged. */
function acknowledgedRise() {
  const pid = newPatient(physician);
  recordAntibodyResult(nurse, pid, abForm(daysAgo(300), 40));
  recordAntibodyResult(nurse, pid, abForm(daysAgo(200), 6));
  const rise = recordAntibodyResult(nurse, pid, abForm(daysAgo(20), 13));
  const signal = storedSignals(pid).find((s) => s.code === 'titer-rerise');
  expect(signal).toBeDefined();
  acknowledgeSignal(physician, pid, { signalId: signal!.id, note: 'small rise, repeat in 3 months' });
  expect(shown(pid, 'titer-rerise')?.acknowledged?.note).toBe('small rise, repeat in 3 months');
  return { pid, rise };
}

describe('an acknowledgement and a correction', () => {
  it('a correction of a result the signal names makes it show as new, with the lapsed note beside it', () => {
    const { pid, rise } = acknowledgedRise();
    correctAntibodyResult(nurse, pid, rise.id, abForm(daysAgo(20), 45), 'transcription error, the lab report says 45');
    const after = shown(pid, 'titer-rerise');
    expect(after?.explanation).toContain('45 units');
    expect(after?.acknowledged).toBeNull();
    expect(after?.lapsed?.note).toBe('small rise, repeat in 3 months');
  });

  it('a change the signal does not rest on (a visit) leaves the acknowledgement in place', () => {
    const { pid } = acknowledgedRise();
    recordVisit(physician, pid, { visitOn: daysAgo(5) });
    expect(shown(pid, 'titer-rerise')?.acknowledged?.note).toBe('small rise, repeat in 3 months');
  });
});

describe('the record read through the data layer on a new day (the REST API and the lab detail page)', () => {
  it('never returns a signal stored on an earlier day: they are computed again as of today first', () => {
    const pid = newPatient(physician);
    sqlite().prepare(`INSERT INTO patient_signals (patient_id, code, level, level_rank, analyte, since, explanation, result_ids_json, evidence_json, fingerprint, computed_at)
      VALUES (?, 'taper-discussion', 'action', 0, NULL, '2000-01-01', 'computed on an earlier day', '{"antibody":[],"enzyme":[],"visit":[],"medication":[]}', '{}', 'x', '2000-01-01T00:00:00Z')`).run(pid);
    sqlite().prepare("UPDATE patient_timelines SET built_for = '2000-01-01' WHERE patient_id = ?").run(pid);
    expect(getPatientRecord(physician, pid).signals.map((s) => s.explanation)).not.toContain('computed on an earlier day');
  });
});

describe('a birth date corrected to a later date', () => {
  it('is refused while results are dated before it, naming how many and the earliest; nothing changes', async () => {
    const pid = newPatient(physician, { birthDate: '1970-06-15' });
    recordAntibodyResult(nurse, pid, abForm('2000-01-10', 30));
    const mrn = getPatient(physician, pid).mrn;
    const err = await expectRefused(() => updatePatient(physician, pid, patientForm({ mrn, birthDate: '2001-03-01' }), 'birth date typed wrongly'), 'invalid', 'birthDate');
    expect(err.message).toBe('The record has 1 result dated before 2001-03-01 (the earliest on 2000-01-10). Check the birth date, or correct those dates first.');
    expect(getPatient(physician, pid).birthDate).toBe('1970-06-15');
  });

  it('is taken when nothing is dated before it, and an earlier birth date always is', () => {
    const pid = newPatient(physician, { birthDate: '1970-06-15' });
    recordAntibodyResult(nurse, pid, abForm('2000-01-10', 30));
    const mrn = getPatient(physician, pid).mrn;
    expect(updatePatient(physician, pid, patientForm({ mrn, birthDate: '1999-12-01' }), 'birth date typed wrongly').birthDate).toBe('1999-12-01');
    expect(updatePatient(physician, pid, patientForm({ mrn, birthDate: '1960-01-01' }), 'birth date typed wrongly').birthDate).toBe('1960-01-01');
  });
});
