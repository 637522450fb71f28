/** Signal edge cases a clinical safety review probed and found sound (2026-12-06): calendar edges, censored and qualitative results of another analyte, late-entered positives, partial exams, future-dated rows. They pin that behaviour. */
import { describe, expect, it } from 'vitest';
import type { SignalInput } from '@/lib/domain/signals';
import { ck, find, has, med, mmtVisit, partialMmtVisit, run, titer } from './signals-fixtures';

const muscle = (d: string): Partial<SignalInput> => ({ enzymeResults: [ck(10, d, 150)], visits: [mmtVisit(20, d, 80)], medications: [med(30, '2023-01-01', null)] });
const beta = (a: string, b: string) => [titer(1, '2023-01-15', 30), titer(2, a, 4), titer(3, b, 3)];
const alpha = { analyte: 'mi2-alpha' as const };

describe('signal edge cases', () => {
  it('leap day: latest negative 2024-02-29 is in date on 2025-02-28 and stale on 2025-03-01', () => {
    const rows = beta('2023-11-15', '2024-02-29');
    expect(has(run({ ...muscle('2025-02-01'), antibodyResults: rows }, '2025-02-28'), 'taper-discussion')).toBe(true);
    const s = run({ ...muscle('2025-02-01'), antibodyResults: rows }, '2025-03-01');
    expect(has(s, 'taper-discussion')).toBe(false);
    expect(find(s, 'taper-withheld')?.explanation).toContain('more than 12 months old');
  });
  it('month end: CK of 2024-02-29 is inside the 6-month window on 2024-08-31, outside on 2024-09-01', () => {
    const rows = beta('2024-03-01', '2024-06-01');
    const parts = { enzymeResults: [ck(10, '2024-02-29', 150)], visits: [mmtVisit(20, '2024-08-01', 80)], medications: [med(30, '2023-01-01', null)] };
    expect(has(run({ ...parts, antibodyResults: rows }, '2024-08-31'), 'taper-discussion')).toBe(true);
    expect(has(run({ ...parts, antibodyResults: rows }, '2024-09-01'), 'taper-discussion')).toBe(false);
  });
  it('censored ">200" and qualitative-only positive of another analyte withhold; "<5" counts as negative', () => {
    const base = beta('2024-01-01', '2024-04-15');
    expect(has(run({ ...muscle('2024-05-01'), antibodyResults: [...base, titer(9, '2024-05-01', 200, { ...alpha, comparator: '>' })] }, '2024-06-01'), 'taper-discussion')).toBe(false);
    expect(has(run({ ...muscle('2024-05-01'), antibodyResults: [...base, titer(9, '2024-05-01', null, { ...alpha, cutoff: null, positiveFrom: null, strongAbove: null, qualitative: 'positive' })] }, '2024-06-01'), 'taper-discussion')).toBe(false);
    expect(has(run({ ...muscle('2024-05-01'), antibodyResults: [...base, titer(9, '2024-05-01', 5, { ...alpha, comparator: '<' })] }, '2024-06-01'), 'taper-discussion')).toBe(true);
  });
  it('a late-entered positive dated before the latest negative (same analyte, another lab) withdraws the signal', () => {
    const rows = [...beta('2024-01-01', '2024-04-15'), titer(9, '2024-04-14', 30, { assayId: 2, assayLabel: 'ELISA', cutoff: 20, positiveFrom: 20, strongAbove: 80 })];
    expect(has(run({ ...muscle('2024-05-01'), antibodyResults: rows }, '2024-06-01'), 'taper-discussion')).toBe(false);
  });
  it('a same-day negative/positive conflict of another analyte, a partial weak exam after the complete one, a future-dated row', () => {
    const base = beta('2024-01-01', '2024-04-15');
    const conflict = [titer(8, '2024-05-01', 3, alpha), titer(9, '2024-05-01', 30, { ...alpha, assayId: 2 })];
    expect(has(run({ ...muscle('2024-05-01'), antibodyResults: [...base, ...conflict] }, '2024-06-01'), 'taper-discussion')).toBe(false);
    const weak = { ...partialMmtVisit(21, '2024-05-10'), mmtGrades: { ...partialMmtVisit(21, '2024-05-10').mmtGrades, deltoid: 5 } };
    expect(has(run({ ...muscle('2024-05-01'), visits: [mmtVisit(20, '2024-05-01', 80), weak], antibodyResults: base }, '2024-06-01'), 'taper-discussion')).toBe(false);
    expect(has(run({ ...muscle('2024-05-01'), antibodyResults: [...base, titer(9, '2024-06-02', 30)] }, '2024-06-01'), 'taper-discussion')).toBe(true);
  });
});
