import { describe, expect, it } from 'vitest';
import { classifyCourse, courseRowsOf } from '@/lib/domain/cohort/course';
import { courseRowDefinition } from '@/lib/domain/cohort/course-table';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import type { AntibodyResult, MedicationEpoch } from '@/lib/domain/types';
import { find, has, med, run, titer } from './signals-fixtures';

/**
 * The course table reads titers as the signal engine does (docs/decisions/0009-cohort-insights.md;
 * hazard H8 "The course table miscounts"): the engine's points, where a day whose results
 * disagree is neither negative nor positive, and every anti-Mi2 analyte the patient has, as
 * the tapering signal's conditions 1 and 2 (docs/clinical/signals.md section 5).
 * Fixture titers: line blot, cut-off 5, positive from 11 (4 and 3 are negative, 20 positive).
 */
const S = DEFAULT_SIGNAL_SETTINGS;
const OPTIONS = { minYears: 4, minFollowUpMonths: 12 };
const course = (antibodyResults: AntibodyResult[], asOf: string, medications: MedicationEpoch[] = []) =>
  classifyCourse({ patientId: 1, antibodyResults, medications }, asOf, S, OPTIONS);
const alpha = { analyte: 'mi2-alpha' as const };
const mtx = (start: string, end: string | null) => med(30, start, end, { drug: 'Methotrexate', drugClass: 'antimetabolite', frequency: 'weekly' });

describe('course: a day whose results disagree is not a negative (the engine\'s points, never a filtered copy)', () => {
  const history = [titer(1, '2019-01-01', 80), titer(2, '2021-01-01', 40), titer(3, '2023-01-01', 4)];

  it('80, 40, 4, a day with 3 and 20 units, 3: the engine sees a conflict and no sustained normalization; nor does the course', () => {
    const results = [...history, titer(4, '2023-03-01', 3), titer(5, '2023-03-01', 20), titer(6, '2023-05-01', 3)];
    const engine = run({ antibodyResults: results }, '2023-06-01');
    expect(has(engine, 'same-day-conflict')).toBe(true);
    expect(has(engine, 'normalization-sustained')).toBe(false);
    const r = course(results, '2023-06-01');
    expect(r).toMatchObject({ normalizedOn: null, stoppedFrom: null, relapse: null });
    expect(courseRowsOf(r!)).toEqual(['serial', 'declined']);
  });

  it('whatever order the disagreeing results were entered in', () => {
    const results = [...history, titer(5, '2023-03-01', 20), titer(4, '2023-03-01', 3), titer(6, '2023-05-01', 3)];
    expect(course(results, '2023-06-01')?.normalizedOn).toBeNull();
  });

  it('a negative beside a result that cannot be classified is a disagreement too', () => {
    const unclassified = titer(5, '2023-03-01', 30, { comparator: '<' });
    const results = [...history, titer(4, '2023-03-01', 3), unclassified, titer(6, '2023-05-01', 3)];
    expect(has(run({ antibodyResults: results }, '2023-06-01'), 'same-day-conflict')).toBe(true);
    expect(course(results, '2023-06-01')?.normalizedOn).toBeNull();
  });

  it('negatives after the disagreeing day start a new run: normalized on the day the engine says it became sustained', () => {
    const results = [...history, titer(4, '2023-03-01', 3), titer(5, '2023-03-01', 20), titer(6, '2023-05-01', 3), titer(7, '2023-09-01', 2)];
    const sustained = find(run({ antibodyResults: results }, '2023-10-01'), 'normalization-sustained');
    expect(sustained?.since).toBe('2023-09-01');
    expect(course(results, '2023-10-01')?.normalizedOn).toBe('2023-09-01');
  });

  it('a repeat that agrees (3 and 4 units on one day) is one negative, as before', () => {
    const results = [...history, titer(4, '2023-03-01', 3), titer(5, '2023-03-01', 4), titer(6, '2023-05-01', 3)];
    expect(course(results, '2023-06-01')?.normalizedOn).toBe('2023-05-01');
    expect(course(results, '2023-06-01')?.results).toBe(5);
  });
});

describe('course: every anti-Mi2 analyte counts, as for the tapering signal', () => {
  const alphaSeries = [titer(1, '2019-01-01', 60, alpha), titer(2, '2021-01-01', 30, alpha), titer(3, '2022-01-01', 4, alpha), titer(4, '2022-06-01', 3, alpha), titer(5, '2024-06-01', 2, alpha), titer(6, '2025-05-01', 2, alpha)];
  const stoppedMtx = [mtx('2019-01-01', '2023-01-01')];

  it('Mi-2alpha normalized, methotrexate stopped, then Mi-2beta positive again (engine: re-rise): a relapse, not "stopped and never relapsed"', () => {
    const results = [...alphaSeries, titer(11, '2021-06-01', 40), titer(12, '2022-01-01', 3), titer(13, '2022-06-01', 2), titer(14, '2024-06-01', 60), titer(15, '2025-05-01', 80)];
    expect(has(run({ antibodyResults: results, medications: stoppedMtx }, '2025-06-01'), 'titer-rerise', 'mi2-beta')).toBe(true);
    const r = course(results, '2025-06-01', stoppedMtx);
    expect(r).toMatchObject({ analyte: 'mi2-alpha', analytes: ['mi2-alpha', 'mi2-beta'], normalizedOn: '2022-06-01', stoppedFrom: '2023-01-08', relapse: { on: '2024-06-01', how: 'titer re-rise' } });
    expect(courseRowsOf(r!)).toEqual(['serial', 'declined', 'normalized', 'stopped', 'relapsed']);
  });

  it('not normalized while another analyte\'s latest result is positive or borderline: normalized when it too is negative', () => {
    const beta = (latest: number) => [titer(11, '2021-06-01', 40), titer(12, '2022-06-01', latest), titer(13, '2022-10-01', 3)];
    expect(course([...alphaSeries, ...beta(30)], '2025-06-01')?.normalizedOn).toBe('2022-10-01'); // positive until then
    expect(course([...alphaSeries, ...beta(8)], '2025-06-01')?.normalizedOn).toBe('2022-10-01'); // borderline is not negative
    expect(course([...alphaSeries, ...beta(2)], '2025-06-01')?.normalizedOn).toBe('2022-06-01');
  });

  it('an analyte first tested after the stop and positive is a relapse (nothing to re-rise from)', () => {
    const r = course([...alphaSeries, titer(21, '2024-06-01', 30, { analyte: 'mi2' })], '2025-06-01', stoppedMtx);
    expect(r?.relapse).toEqual({ on: '2024-06-01', how: 'titer re-rise' });
    expect(courseRowsOf(r!)).not.toContain('stopped-no-relapse');
  });

  it('both analytes negative after the stop: stopped and never relapsed (correct input still works)', () => {
    const results = [...alphaSeries, titer(11, '2021-06-01', 40), titer(12, '2022-01-01', 3), titer(13, '2022-06-01', 2), titer(14, '2024-06-01', 2)];
    const r = course(results, '2025-06-01', stoppedMtx);
    expect(r).toMatchObject({ analytes: ['mi2-alpha', 'mi2-beta'], normalizedOn: '2022-06-01', relapse: null, tooEarly: false, followedUntil: '2025-05-01' });
    expect(courseRowsOf(r!).at(-1)).toBe('stopped-no-relapse');
  });

  it('follow-up after the stop reads any analyte: Mi-2alpha last tested at the stop, Mi-2beta a year and more after it', () => {
    const shortAlpha = alphaSeries.slice(0, 4).concat(titer(5, '2023-01-15', 2, alpha));
    const betaLater = [titer(11, '2021-06-01', 40), titer(12, '2022-01-01', 3), titer(13, '2022-06-01', 2), titer(14, '2024-03-01', 2)];
    expect(course(shortAlpha, '2025-06-01', stoppedMtx)?.tooEarly).toBe(true);
    expect(course([...shortAlpha, ...betaLater], '2025-06-01', stoppedMtx)).toMatchObject({ followedUntil: '2024-03-01', tooEarly: false });
  });

  it('the rows\' definitions say every analyte is read', () => {
    expect(courseRowDefinition('normalized', 4, 12, S)).toMatch(/latest result of every anti-Mi2 analyte .* is negative/);
    expect(courseRowDefinition('relapsed', 4, 12, S)).toMatch(/positive result of any anti-Mi2 analyte/);
  });
});
