import { describe, expect, it } from 'vitest';
import { normalTwoSidedP, studentTTwoSidedP } from '@/lib/domain/cohort/distributions';
import { formatP, medianIqr, pText } from '@/lib/domain/cohort/describe';
import { rhoDistribution, spearmanTest } from '@/lib/domain/cohort/spearman';

describe('tail probabilities (jStat) against printed tables', () => {
  it('Student t: the two-sided 5% critical values of the t table (df 8: 2.306, df 10: 2.228, df 30: 2.042)', () => {
    expect(studentTTwoSidedP(2.306, 8)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedP(-2.228, 10)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedP(2.042, 30)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedP(3.355, 8)).toBeCloseTo(0.01, 4);
  });

  it('normal: z = 1.959964 is p = 0.05 and z = 2.575829 is p = 0.01', () => {
    expect(normalTwoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(normalTwoSidedP(-2.575829)).toBeCloseTo(0.01, 6);
  });

  it('infinite statistics give 0, NaN or no degrees of freedom give 1 (never NaN)', () => {
    expect(studentTTwoSidedP(Infinity, 5)).toBe(0);
    expect(studentTTwoSidedP(Number.NaN, 5)).toBe(1);
    expect(studentTTwoSidedP(2, 0)).toBe(1);
    expect(normalTwoSidedP(Number.NaN)).toBe(1);
  });
});

describe('Spearman test: exact permutation p up to 10 patients, t approximation above', () => {
  it('n = 10: rho from midranks, p exact and named so', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9];
    const r = spearmanTest(x, y);
    if (!r.ok) throw new Error(r.reason);
    // d = +-1 for every pair: rho = 1 - 6 * 10 / (10 * 99) = 0.939394 (Spearman's formula without ties).
    expect(r.rho).toBeCloseTo(1 - 60 / 990, 10);
    // 373 of the 10! pairings have sum d^2 <= 10, 373 more are as extreme the other way (counted by a separate enumeration).
    expect(r.p).toBeCloseTo(746 / 3628800, 12);
    expect(r).toMatchObject({ method: 'exact', test: 'Spearman, exact permutation p' });
  });

  it('n = 12: the t tail of rho * sqrt((n - 2) / (1 - rho^2)), named so', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const y = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11];
    const r = spearmanTest(x, y, 'Spearman on per-patient means');
    if (!r.ok) throw new Error(r.reason);
    expect(r.rho).toBeCloseTo(1 - (6 * 12) / (12 * 143), 10);
    expect(r.p).toBeCloseTo(studentTTwoSidedP(r.rho * Math.sqrt(10 / (1 - r.rho ** 2)), 10), 12);
    expect(r).toMatchObject({ method: 't', test: 'Spearman on per-patient means, t approximation' });
  });

  it('n = 4, rho = 0.8 gives the exact 0.333, not the t approximation\'s 0.200', () => {
    expect(spearmanTest([1, 2, 3, 4], [1, 3, 2, 4])).toMatchObject({ ok: true, rho: expect.closeTo(0.8, 12), p: expect.closeTo(1 / 3, 12), method: 'exact' });
  });

  it('perfect rank agreement of 5 gives rho = 1 and the exact p = 2/120 (the t approximation said 0); fewer than 4 pairs or no variation is refused', () => {
    // Before the exact p this test pinned p < 1e-6: at n = 5 no p can be below 1/60.
    const perfect = spearmanTest([1, 2, 3, 4, 5], [10, 20, 30, 40, 50]);
    expect(perfect.ok && perfect.rho).toBeCloseTo(1, 12);
    expect(perfect.ok && perfect.p).toBeCloseTo(1 / 60, 12);
    expect(spearmanTest([1, 2, 3], [3, 2, 1])).toMatchObject({ ok: false, n: 3 });
    expect(spearmanTest([1, 2, 3, 4], [5, 5, 5, 5])).toMatchObject({ ok: false, reason: 'no variation in one of the measures' });
  });
});

describe('descriptive helpers', () => {
  it('median and quartiles (R type 7), null for no values', () => {
    expect(medianIqr([3, 6, 7, 8, 8, 9, 10, 13, 15, 16, 20])).toMatchObject({ n: 11, median: 9, q1: 7.5, q3: 14, min: 3, max: 20 });
    expect(medianIqr([])).toBeNull();
    expect(medianIqr([Number.NaN])).toBeNull();
  });

  it('p as the abstract prints it', () => {
    expect(formatP(0.4857)).toBe('0.49');
    expect(formatP(0.0026)).toBe('0.003');
    expect(formatP(0.00084)).toBe('< 0.001');
    expect(formatP(Number.NaN)).toBe('—');
    expect(pText(0.00084)).toBe('p < 0.001');
    expect(pText(0.4857)).toBe('p = 0.49');
  });

  it('per-patient rho bands of 0.2; rho = 1 in the top band, -1 in the bottom one; undefined rhos not counted', () => {
    const d = rhoDistribution([1, -1, 0.1, 0.05, null, -0.5]);
    expect(d.n).toBe(5);
    expect(d.bins).toEqual([1, 0, 1, 0, 0, 2, 0, 0, 0, 1]);
    expect(d.positive).toBe(3);
    expect(d.negative).toBe(2);
    expect(rhoDistribution([]).summary).toBeNull();
  });
});
