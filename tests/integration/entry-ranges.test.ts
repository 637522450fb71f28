/**
 * Issue 17, item 4 on a real database: an empty enzyme range takes this patient's
 * latest lab range for the enzyme, else the site default, and the row records where
 * its range came from (enzyme_results.range_source), on single entry, correction and
 * import; the results tab carries what an empty range would take now (the entry
 * form's hint) and the source of every range it shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { correctEnzymeResult, markEnzymeResultInError, recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { runLabImport } from '@/lib/dal/lab-import';
import { getPatientResults } from '@/lib/dal/patient-page';
import { makeActor } from '../setup/actors';
import { ckForm, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { ckRow, labCsv } from '../setup/lab-csv';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let nurse: Actor;
let physician: Actor;
beforeAll(async () => {
  db = useTempDatabase();
  [nurse, physician] = await Promise.all([makeActor('nurse'), makeActor('physician')]);
});
afterAll(() => db.dispose());

interface Stored { lower_limit_ul: number | null; upper_limit_ul: number; range_source: string }
const stored = (id: number) => sqlite().prepare('SELECT lower_limit_ul, upper_limit_ul, range_source FROM enzyme_results WHERE id = ?').get(id) as Stored;
const mrnOf = (id: number) => (sqlite().prepare('SELECT mrn FROM patients WHERE id = ?').get(id) as { mrn: string }).mrn;

describe('single entry', () => {
  it('takes the latest lab range of this patient and enzyme (372 U/L against 39-308 is high, not normal against 395)', () => {
    const man = newPatient(physician, { sex: 'male' });
    recordEnzymeResult(nurse, man, ckForm(daysAgo(300), 150, { lowerLimit: '30', upperLimit: '200' }));
    recordEnzymeResult(nurse, man, ckForm(daysAgo(100), 120, { lowerLimit: '39', upperLimit: '308' }));
    recordEnzymeResult(nurse, man, ckForm(daysAgo(50), 100, { analyte: 'ldh', upperLimit: '250' }));
    const r = recordEnzymeResult(nurse, man, ckForm(daysAgo(10), '6.2', { unit: 'ukat/L' }));
    expect(stored(r.id)).toEqual({ lower_limit_ul: 39, upper_limit_ul: 308, range_source: 'patient' });
    const page = getPatientResults(nurse, man, { expanded: new Set() });
    expect(page.enzyme.rows[0]).toMatchObject({ id: r.id, flag: 'high', rangeSource: 'patient' });
    expect(page.rangeDefaults.ck).toMatchObject({ source: 'patient', from: daysAgo(100), lowerUL: 39, upperUL: 308 });
    expect(page.rangeDefaults.alt).toMatchObject({ source: 'site-default', upperUL: 41, limitsOf: 'male' });
  });

  it('never passes a fallback on as the patient\'s range, nor a range entered in error; else the site default', () => {
    const woman = newPatient(physician, { sex: 'female' });
    const first = recordEnzymeResult(nurse, woman, ckForm(daysAgo(100), 150, { upperLimit: '170' }));
    markEnzymeResultInError(nurse, woman, first.id, 'wrong patient');
    const second = recordEnzymeResult(nurse, woman, ckForm(daysAgo(50), 150));
    expect(stored(second.id)).toEqual({ lower_limit_ul: null, upper_limit_ul: 207, range_source: 'site-default' });
    const third = recordEnzymeResult(nurse, woman, ckForm(daysAgo(10), 150));
    expect(stored(third.id).range_source).toBe('site-default');
    expect(getPatientResults(nurse, woman, { expanded: new Set() }).enzyme.rows.map((r) => r.rangeSource)).toEqual(['site-default', 'site-default', 'lab']);
  });

  it('a lower limit alone must sit below the range it falls back to, and says which', async () => {
    const woman = newPatient(physician, { sex: 'female' });
    const err = await expectRefused(() => recordEnzymeResult(nurse, woman, ckForm(daysAgo(5), 150, { lowerLimit: '250' })), 'invalid', 'lowerLimit');
    expect(err.fieldErrors.lowerLimit![0]).toBe('The lower limit must be below the upper limit (207 U/L, the site default).');
  });
});

describe('correction', () => {
  it('keeps where an unchanged range came from; a cleared range is looked up again, without the row itself', () => {
    const man = newPatient(physician, { sex: 'male' });
    recordEnzymeResult(nurse, man, ckForm(daysAgo(100), 120, { upperLimit: '308' }));
    const r = recordEnzymeResult(nurse, man, ckForm(daysAgo(10), '6', { unit: 'ukat/L' }));
    expect(stored(r.id).range_source).toBe('patient');
    // The correction form shows the stored limits in the reported unit (308 U/L = 5.1333... ukat/L): unchanged, still the patient's.
    correctEnzymeResult(nurse, man, r.id, ckForm(daysAgo(10), '6.5', { unit: 'ukat/L', upperLimit: String(308 / 60) }), 'transcription error');
    expect(stored(r.id)).toEqual({ lower_limit_ul: null, upper_limit_ul: 308, range_source: 'patient' });
    correctEnzymeResult(nurse, man, r.id, ckForm(daysAgo(10), '6.5', { unit: 'ukat/L', upperLimit: '5' }), 'lab range on the report');
    expect(stored(r.id)).toEqual({ lower_limit_ul: null, upper_limit_ul: 300, range_source: 'lab' });
    // Cleared: the latest lab range other than this row's own (the 308 of the earlier result).
    correctEnzymeResult(nurse, man, r.id, ckForm(daysAgo(10), '6.5', { unit: 'ukat/L' }), 'range was not on the report');
    expect(stored(r.id)).toEqual({ lower_limit_ul: null, upper_limit_ul: 308, range_source: 'patient' });
  });
});

describe('CSV import', () => {
  it('as if the rows were entered one by one in file order: stored ranges, then the file\'s own earlier lab ranges', () => {
    const man = newPatient(physician, { sex: 'male' });
    const mrn = mrnOf(man);
    recordEnzymeResult(nurse, man, ckForm(daysAgo(200), 120, { upperLimit: '308' }));
    const report = runLabImport(nurse, labCsv([
      ckRow(mrn, daysAgo(100), 130),
      ckRow(mrn, daysAgo(90), 140, { reference_low: '20', reference_high: '250' }),
      ckRow(mrn, daysAgo(80), 150),
      ckRow(mrn, daysAgo(300), 160, { reference_high: '400' }),
      ckRow(mrn, daysAgo(70), 170),
      { ...ckRow(mrn, daysAgo(60), 50), test: 'alt' },
    ]));
    expect(report.outcome).toBe('imported');
    const rows = sqlite().prepare('SELECT value, lower_limit_ul, upper_limit_ul, range_source FROM enzyme_results WHERE patient_id = ? ORDER BY id').all(man);
    expect(rows).toEqual([
      { value: 120, lower_limit_ul: null, upper_limit_ul: 308, range_source: 'lab' },
      { value: 130, lower_limit_ul: null, upper_limit_ul: 308, range_source: 'patient' },
      { value: 140, lower_limit_ul: 20, upper_limit_ul: 250, range_source: 'lab' },
      { value: 150, lower_limit_ul: 20, upper_limit_ul: 250, range_source: 'patient' },
      { value: 160, lower_limit_ul: null, upper_limit_ul: 400, range_source: 'lab' },
      // An older lab range later in the file does not replace the latest one.
      { value: 170, lower_limit_ul: 20, upper_limit_ul: 250, range_source: 'patient' },
      { value: 50, lower_limit_ul: null, upper_limit_ul: 41, range_source: 'site-default' },
    ]);
  });
});
