import { describe, expect, it } from 'vitest';
import { classifyCourse, courseRowsOf, stopOnOrAfter, type CourseInput } from '@/lib/domain/cohort/course';
import { immunosuppressionSpans } from '@/lib/domain/treatment-coverage';
import { courseTable } from '@/lib/domain/cohort/course-table';
import { addDays } from '@/lib/domain/dates';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import type { Analyte, AntibodyResult, MedicationEpoch } from '@/lib/domain/types';

const AS_OF = '2025-06-01';
const S = { ...DEFAULT_SIGNAL_SETTINGS };
let seq = 0;

/** A Mi-2beta line blot result (cut-off 5, positive from 11, strong above 50), `years` before AS_OF. */
function ab(yearsAgo: number, value: number, over: Partial<AntibodyResult> = {}): AntibodyResult {
  seq += 1;
  return {
    id: seq, analyte: 'mi2-beta', assayId: 2, assayLabel: 'Mi-2β line blot', unit: 'units', collectedOn: addDays(AS_OF, -Math.round(yearsAgo * 365.25)),
    value, comparator: null, qualitative: null, cutoff: 5, positiveFrom: 11, strongAbove: 50, enteredInError: false, ...over,
  };
}

function drug(start: string, end: string | null, immunosuppressant = true): MedicationEpoch {
  seq += 1;
  return { id: seq, drug: immunosuppressant ? 'methotrexate' : 'hydroxychloroquine', drugClass: immunosuppressant ? 'antimetabolite' : 'antimalarial', immunosuppressant, dose: 15, doseUnit: 'mg', route: 'oral', frequency: 'weekly', startOn: start, endOn: end, reason: 'started', enteredInError: false };
}

const course = (antibodyResults: AntibodyResult[], medications: MedicationEpoch[] = [], years = 4, minFollowUpMonths = 12) =>
  classifyCourse({ patientId: 1, antibodyResults, medications } satisfies CourseInput, AS_OF, S, { minYears: years, minFollowUpMonths });
const stop = (meds: MedicationEpoch[], from: string) => stopOnOrAfter(immunosuppressionSpans(meds, S.drugCoverageDays, S.treatmentGapDays), from, AS_OF)?.stop ?? null;

describe('a stop of immunosuppression on or after a date', () => {
  it('walks over back-to-back epochs to the first day without any (a weekly drug covers the week after its last dose)', () => {
    expect(stop([drug('2020-01-01', '2020-06-30'), drug('2020-07-01', '2021-01-31')], '2020-03-01')).toBe('2021-02-07');
  });
  it('is null while a drug is ongoing, and a stop before the date is not one after it', () => {
    expect(stop([drug('2020-01-01', null)], '2021-01-01')).toBeNull();
    expect(stop([drug('2018-01-01', '2019-12-31')], '2022-05-05')).toBeNull();
  });
  it('hydroxychloroquine is not immunosuppression: stopping methotrexate while on it still counts', () => {
    expect(stop([drug('2020-01-01', '2023-12-31'), drug('2020-01-01', null, false)], '2022-01-01')).toBe('2024-01-07');
  });
  it('gaps shorter than the tolerance (30 days) are not stops; rituximab infusions every 6 months are continuous', () => {
    expect(stop([drug('2020-01-01', '2020-06-30'), drug('2020-07-20', null)], '2020-01-01')).toBeNull();
    expect(stop([drug('2020-01-01', '2020-06-30'), drug('2020-09-01', null)], '2020-01-01')).toBe('2020-07-07');
    const rtx = (on: string): MedicationEpoch => ({ ...drug(on, on), drug: 'rituximab', drugClass: 'anti-cd20', route: 'iv', frequency: 'per course' });
    expect(stop([rtx('2020-01-10'), rtx('2020-07-05'), rtx('2021-01-02')], '2020-01-01')).toBe('2021-07-04');
  });
});

describe('one patient\'s long-term course (signal rules over the whole history)', () => {
  it('titers spanning less than the minimum are not serial', () => {
    expect(course([ab(3, 80), ab(0, 2)])).toBeNull();
    expect(course([ab(3, 80), ab(0, 2)], [], 2)).not.toBeNull();
  });

  it('declined, normalized, stopped, never relapsed (the study\'s 2 of 3)', () => {
    const r = course([ab(6, 82), ab(4, 40), ab(3, 12), ab(2, 4), ab(1.5, 3), ab(0.2, 2)], [drug('2019-01-01', '2023-12-31')]);
    // Normalization became sustained at the second negative (1.5 years ago), not the first.
    expect(r).toMatchObject({ analyte: 'mi2-beta', declined: true, normalizedOn: addDays(AS_OF, -Math.round(1.5 * 365.25)), stoppedFrom: '2024-01-07', relapse: null, results: 6, tooEarly: false });
    expect(courseRowsOf(r!)).toEqual(['serial', 'declined', 'normalized', 'stopped', 'stopped-no-relapse']);
  });

  it('a re-rise after normalizing is a relapse (titer-rerise: positive after negative)', () => {
    const r = course([ab(6, 60), ab(3, 20), ab(2, 4), ab(1.5, 3), ab(1, 14), ab(0.5, 48)], [drug('2019-01-01', '2024-03-31')]);
    expect(r?.relapse).toEqual({ on: addDays(AS_OF, -Math.round(365.25)), how: 'titer re-rise' });
    expect(courseRowsOf(r!)).toEqual(['serial', 'declined', 'normalized', 'stopped', 'relapsed']);
  });

  it('restarting immunosuppression after the stop is a relapse even with the titer still negative', () => {
    const r = course([ab(6, 60), ab(2, 4), ab(1, 3), ab(0.2, 3)], [drug('2019-01-01', '2024-06-30'), drug('2024-09-01', null)]);
    expect(r?.stoppedFrom).toBe('2024-07-07');
    expect(r?.relapse).toEqual({ on: '2024-09-01', how: 'treatment restarted' });
  });

  it('one negative is not normalization: 60, 4, 40, 45 never normalized (nor relapsed)', () => {
    const r = course([ab(5, 60), ab(3, 4), ab(2, 40), ab(0, 45)], [drug('2019-01-01', '2022-01-01')]);
    expect(r).toMatchObject({ normalizedOn: null, stoppedFrom: null, relapse: null });
    expect(courseRowsOf(r!)).toEqual(['serial', 'declined']);
  });

  it('a stop before the sustained normalization is not "stopped after normalizing"', () => {
    const r = course([ab(6, 60), ab(2, 4), ab(1, 3), ab(0.2, 3)], [drug('2019-01-01', '2022-12-31')]);
    expect(r).toMatchObject({ stoppedFrom: null, relapse: null });
    expect(courseRowsOf(r!)).toEqual(['serial', 'declined', 'normalized']);
  });

  it('a stop a few days ago is too early to tell, not "never relapsed"; the minimum follow-up is a setting', () => {
    const titers = [ab(6, 60), ab(2, 4), ab(1, 3), ab(0, 3)];
    const r = course(titers, [drug('2019-01-01', '2025-05-23')]);
    expect(r).toMatchObject({ stoppedFrom: '2025-05-30', relapse: null, tooEarly: true, followedUntil: AS_OF });
    expect(courseRowsOf(r!)).toEqual(['serial', 'declined', 'normalized', 'stopped', 'too-early']);
    const r2 = course(titers, [drug('2019-01-01', '2024-05-25')], 4, 12);
    expect(courseRowsOf(r2!).at(-1)).toBe('stopped-no-relapse');
    expect(course(titers, [drug('2019-01-01', '2024-05-25')], 4, 13)?.tooEarly).toBe(true);
  });

  it('declined without normalizing: a later level at most half an earlier one of the same assay', () => {
    const r = course([ab(5, 140), ab(3, 72), ab(0, 60)]);
    expect(r).toMatchObject({ declined: true, normalizedOn: null, stoppedFrom: null, relapse: null });
    expect(course([ab(5, 96), ab(3, 82), ab(0, 74)])?.declined).toBe(false);
  });

  it('levels of different assays are never compared: a lower number from another assay is not a decline', () => {
    const r = course([ab(5, 58), ab(3, 50), ab(2, 40, { assayId: 3, cutoff: 10, positiveFrom: 10, strongAbove: null }), ab(0, 20, { assayId: 3, cutoff: 10, positiveFrom: 10, strongAbove: null })]);
    expect(r?.declined).toBe(true); // 40 -> 20 within assay 3
    const r2 = course([ab(5, 58), ab(3, 50), ab(2, 28, { assayId: 3, cutoff: 10, positiveFrom: 10, strongAbove: null }), ab(0, 26, { assayId: 3, cutoff: 10, positiveFrom: 10, strongAbove: null })]);
    expect(r2?.declined).toBe(false); // 58 -> 26 crosses assays: not counted
  });

  it('never positive before: a negative result is not a normalization', () => {
    expect(course([ab(5, 4), ab(0, 3)])).toMatchObject({ normalizedOn: null, declined: false });
  });

  it('follows the analyte with the longest span; entered-in-error results never count', () => {
    const alpha = (y: number, v: number) => ab(y, v, { analyte: 'mi2-alpha' as Analyte, assayId: 1 });
    expect(course([alpha(9, 50), alpha(0, 40), ab(5, 80), ab(0, 2)])?.analyte).toBe('mi2-alpha');
    expect(course([ab(6, 80), ab(0, 2, { enteredInError: true })])).toBeNull();
  });
});

describe('the course table', () => {
  it('counts each row from its records and keeps the patient ids behind every count', () => {
    const base = { analyte: 'mi2-beta' as const, analytes: ['mi2-beta' as const], firstOn: '2015-01-01', lastOn: '2025-01-01', years: 10, results: 10, followedUntil: '2025-01-01', tooEarly: false };
    const t = courseTable([
      { ...base, patientId: 1, declined: true, normalizedOn: '2020-01-01', stoppedFrom: '2021-01-01', relapse: null },
      { ...base, patientId: 2, declined: true, normalizedOn: '2020-01-01', stoppedFrom: null, relapse: { on: '2022-01-01', how: 'titer re-rise' } },
      { ...base, patientId: 3, declined: false, normalizedOn: null, stoppedFrom: null, relapse: null },
      { ...base, patientId: 4, declined: true, normalizedOn: '2024-01-01', stoppedFrom: '2024-12-01', relapse: null, tooEarly: true },
    ]);
    expect(Object.fromEntries(t.map((r) => [r.row, [r.count, r.of, r.patientIds]]))).toEqual({
      serial: [4, null, [1, 2, 3, 4]], declined: [3, 4, [1, 2, 4]], normalized: [3, 4, [1, 2, 4]], stopped: [2, 3, [1, 4]], relapsed: [1, 3, [2]],
      'stopped-no-relapse': [1, 2, [1]], 'too-early': [1, 2, [4]],
    });
    expect(courseTable([]).every((r) => r.count === 0)).toBe(true);
  });
});
