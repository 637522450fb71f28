/**
 * An anti-Mi2-positive diagnosis is a positive history for the signals, as it is for the
 * worklist's "Due for labs": a patient found positive elsewhere, with only negative
 * titers recorded here, is still followed (docs/clinical/signals.md section 3, "Titer
 * overdue"). Found by a safety review (2026-12-06): the engine never received it.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { updatePatient, getPatient } from '@/lib/dal/patients';
import { listWorklist } from '@/lib/dal/worklist';
import { makeTeam } from '../setup/actors';
import { abForm, daysAgo, newPatient, patientForm, storedCodes, storedSignals } from '../setup/dal-helpers';
import { databasePerTest } from '../setup/temp-db';

let physician: Actor, nurse: Actor;
databasePerTest(async () => {
  ({ physician, nurse } = await makeTeam());
});

describe('a positive history recorded as the diagnosis', () => {
  it('an anti-Mi2-positive patient whose only titer here is negative and 500 days old: due for labs, and "titer overdue" in the record', () => {
    const pid = newPatient(physician, { familyName: 'Elsewhere', diagnosisGroup: 'mi2-pos-dm' });
    recordAntibodyResult(nurse, pid, abForm(daysAgo(500), 2));
    expect(listWorklist(nurse, { due: '1' }).items.map((i) => i.patientId)).toEqual([pid]);
    expect(storedCodes(pid)).toContain('titer-overdue');
    expect(storedSignals(pid).find((s) => s.code === 'titer-overdue')?.explanation).toContain('positive history recorded for the patient');
  });

  it('the same rows under another diagnosis: no overdue titer; correcting the diagnosis recomputes it', () => {
    const pid = newPatient(physician, { familyName: 'Negative', diagnosisGroup: 'mi2-neg-dm' });
    recordAntibodyResult(nurse, pid, abForm(daysAgo(500), 2));
    expect(storedCodes(pid)).not.toContain('titer-overdue');
    const mrn = getPatient(physician, pid).mrn;
    updatePatient(physician, pid, patientForm({ mrn, familyName: 'Negative', diagnosisGroup: 'mi2-pos-dm' }), 'positive result from the referring hospital');
    expect(storedCodes(pid)).toContain('titer-overdue');
  });
});
