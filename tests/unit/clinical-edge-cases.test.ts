/** Treatment, strength, enzyme and score edge cases a clinical safety review probed and found sound (2026-12-06): quiescence windows at month ends, several enzymes and units, bilateral exams, treatment gaps, overdue and discordance edges, TIS band edges, course restarts. They pin that behaviour. */
import { describe, expect, it } from 'vitest';
import { mmtTests } from '@/lib/domain/mmt';
import { immunosuppressionSpans } from '@/lib/domain/treatment-coverage';
import { totalImprovementScore } from '@/lib/domain/tis';
import { classifyCourse, courseRowsOf } from '@/lib/domain/cohort/course';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import type { EnzymeResult, Visit } from '@/lib/domain/types';
import { ck, find, has, med, mmtVisit, run, titer } from './signals-fixtures';

const S = DEFAULT_SIGNAL_SETTINGS;
const normalized = [titer(1, '2023-06-01', 30), titer(2, '2024-02-01', 4), titer(3, '2024-05-01', 3)];
const enz = (id: number, analyte: EnzymeResult['analyte'], on: string, v: number, uln: number): EnzymeResult => ({ ...ck(id, on, v, uln), analyte });
function bilateral(id: number, visitOn: string, grades: (number | null)[]): Visit {
  const mmtGrades: Record<string, number | null> = {};
  mmtTests('bilateral').forEach((t, i) => { mmtGrades[t.key] = grades[i] ?? null; });
  return { ...mmtVisit(id, visitOn, 80), mmtVersion: 'bilateral', mmtGrades };
}

describe('treatment, strength and score edge cases', () => {
  it('quiescence window at a month end: CK on 2024-02-29 counts on 2024-08-31, CK on 2024-02-28 does not', () => {
    const v = [mmtVisit(20, '2024-08-01', 80)];
    expect(has(run({ antibodyResults: normalized, enzymeResults: [ck(1, '2024-02-29', 100)], visits: v }, '2024-08-31'), 'clinical-quiescence')).toBe(true);
    expect(has(run({ antibodyResults: normalized, enzymeResults: [ck(1, '2024-02-28', 100)], visits: v }, '2024-08-31'), 'clinical-quiescence')).toBe(false);
  });
  it('high aldolase beside normal CK blocks; a later normal aldolase clears; same-day CKs take the more abnormal in either order', () => {
    const v = [mmtVisit(20, '2024-05-01', 80)];
    const base = { antibodyResults: normalized, visits: v, medications: [med(30, '2023-01-01', null)] };
    expect(find(run({ ...base, enzymeResults: [ck(1, '2024-05-01', 100), enz(2, 'aldolase', '2024-05-01', 12, 7.6)] }, '2024-06-01'), 'taper-withheld')?.explanation).toContain('Aldolase');
    expect(has(run({ ...base, enzymeResults: [ck(1, '2024-05-01', 100), enz(2, 'aldolase', '2024-04-01', 12, 7.6), enz(3, 'aldolase', '2024-05-01', 5, 7.6)] }, '2024-06-01'), 'taper-discussion')).toBe(true);
    for (const ids of [[1, 2], [2, 1]]) {
      const e = [ck(ids[0]!, '2024-05-01', 100), ck(ids[1]!, '2024-05-01', 900)];
      expect(has(run({ ...base, enzymeResults: e }, '2024-06-01'), 'taper-discussion')).toBe(false);
    }
  });
  it('µkat/L CK converted: 3.5 µkat/L (210 U/L) with ULN 198 U/L is high', () => {
    const e = [{ ...ck(1, '2024-05-01', 210, 198), value: 3.5, unit: 'ukat/L' as const }];
    expect(has(run({ antibodyResults: normalized, enzymeResults: e, visits: [mmtVisit(20, '2024-05-01', 80)] }, '2024-06-01'), 'clinical-quiescence')).toBe(false);
  });
  it('bilateral: 143/150 near-full; a later partial bilateral exam whose best possible is 140/150 blocks', () => {
    const full = bilateral(20, '2024-05-01', [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 8, 5]);
    const base = { antibodyResults: normalized, enzymeResults: [ck(1, '2024-05-01', 100)] };
    expect(has(run({ ...base, visits: [full] }, '2024-06-01'), 'clinical-quiescence')).toBe(true);
    const partial = bilateral(21, '2024-05-15', [null, 5, 5, null, null, null, null, null, null, null, null, null, null, null, null]);
    expect(has(run({ ...base, visits: [full, partial] }, '2024-06-01'), 'clinical-quiescence')).toBe(false);
  });
  it('hydroxychloroquine alone: neither tapering signal; prednisone-to-methotrexate gap of 29 days is one span, 30 is two', () => {
    const hcq = med(30, '2023-01-01', null, { drug: 'Hydroxychloroquine', immunosuppressant: false });
    const s = run({ antibodyResults: normalized, enzymeResults: [ck(1, '2024-05-01', 100)], visits: [mmtVisit(20, '2024-05-01', 80)], medications: [hcq] }, '2024-06-01');
    expect(has(s, 'taper-discussion') || has(s, 'taper-withheld')).toBe(false);
    expect(immunosuppressionSpans([med(1, '2024-01-01', '2024-03-03'), med(2, '2024-04-02', null)], S.drugCoverageDays, 30)).toHaveLength(1);
    expect(immunosuppressionSpans([med(1, '2024-01-01', '2024-03-03'), med(2, '2024-04-03', null)], S.drugCoverageDays, 30)).toHaveLength(2);
  });
  it('overdue at the leap day; discordance at 90 vs 91 days', () => {
    const pos = [titer(1, '2023-01-01', 30), titer(2, '2024-02-29', 20)];
    expect(has(run({ antibodyResults: pos }, '2025-02-28'), 'titer-overdue')).toBe(false);
    expect(has(run({ antibodyResults: pos }, '2025-03-01'), 'titer-overdue')).toBe(true);
    const neg = [titer(1, '2023-01-01', 30), titer(2, '2024-03-01', 2)];
    expect(has(run({ antibodyResults: neg, enzymeResults: [ck(5, '2024-05-30', 900)] }, '2024-06-01'), 'discordance')).toBe(true);
    expect(has(run({ antibodyResults: neg, enzymeResults: [ck(5, '2024-05-31', 900)] }, '2024-06-01'), 'discordance')).toBe(false);
  });
  it('TIS: band edges, version change, missing measure, ULN change flagged', () => {
    const m = (pg: number, mmt: { total: number | null; max: number }, ckv: number, uln = 200) => ({ physicianGlobal: pg, patientGlobal: 5, mmt, haq: 1, enzyme: { value: ckv, upperLimit: uln }, extramuscular: 3 });
    expect(totalImprovementScore(m(6, { total: 60, max: 80 }, 2000), m(5.5, { total: 60, max: 80 }, 2000)).points.physicianGlobal).toBe(0);
    expect(totalImprovementScore(m(6, { total: 120, max: 150 }, 2000), m(6, { total: 68, max: 80 }, 2000)).percentChange.mmt).toBe(5);
    expect(totalImprovementScore(m(6, { total: null, max: 80 }, 2000), m(6, { total: 68, max: 80 }, 2000)).score).toBeNull();
    expect(totalImprovementScore(m(6, { total: 60, max: 80 }, 2000, 200), m(6, { total: 60, max: 80 }, 2000, 400)).enzymeRangeChange).not.toBeNull();
  });
  it('course: restart after 45 days is a relapse; restart after 20 days is continuous', () => {
    const t = [titer(1, '2019-01-01', 80), titer(2, '2021-01-01', 40), titer(3, '2022-01-01', 4), titer(4, '2022-06-01', 3), titer(5, '2024-06-01', 2)];
    const mtx = (id: number, s: string, e: string | null) => med(id, s, e);
    const r1 = classifyCourse({ patientId: 1, antibodyResults: t, medications: [mtx(1, '2019-01-01', '2023-01-01'), mtx(2, '2023-02-15', null)] }, '2025-06-01', S, { minYears: 4, minFollowUpMonths: 12 });
    expect(r1?.relapse?.how).toBe('treatment restarted');
    const r2 = classifyCourse({ patientId: 1, antibodyResults: t, medications: [mtx(1, '2019-01-01', '2023-01-01'), mtx(2, '2023-01-21', null)] }, '2025-06-01', S, { minYears: 4, minFollowUpMonths: 12 });
    expect(courseRowsOf(r2!)).not.toContain('stopped');
  });
});
