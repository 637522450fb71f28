import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { studentTTwoSidedP } from '@/lib/domain/cohort/distributions';
import { doubledMidranks, exactSpearmanP, statisticCounts } from '@/lib/domain/stats/spearman-exact';
import { spearmanP } from '@/lib/domain/stats/spearman-p';
import { spearman } from '@/lib/domain/timeline/correlation';

/**
 * The p by brute force: every one of the n! pairings of y with x, each rho computed
 * by lib/domain/timeline/correlation.ts `spearman` (jStat), counted when
 * |rho| >= |observed rho| (1e-9 for the floating point of midrank Pearson).
 */
function bruteForceP(x: number[], y: number[]): number {
  const observed = Math.abs(spearman(x, y) ?? 0);
  let hit = 0;
  let total = 0;
  const permute = (rest: number[], chosen: number[]) => {
    if (rest.length === 0) {
      total += 1;
      if (Math.abs(spearman(x, chosen) ?? 0) >= observed - 1e-9) hit += 1;
      return;
    }
    rest.forEach((v, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...chosen, v]));
  };
  permute(y, []);
  return hit / total;
}

describe('exact permutation p of Spearman rho: known values', () => {
  it('n = 4, rho = 0.8: 8 of the 24 pairings are as extreme, p = 0.333 (the t approximation says 0.200)', () => {
    const x = [1, 2, 3, 4];
    const y = [1, 3, 2, 4]; // sum d^2 = 2, rho = 1 - 6 * 2 / (4 * 15) = 0.8
    expect(spearman(x, y)).toBeCloseTo(0.8, 12);
    expect(exactSpearmanP(x, y)).toBeCloseTo(1 / 3, 12);
    expect(studentTTwoSidedP(0.8 * Math.sqrt(2 / (1 - 0.64)), 2)).toBeCloseTo(0.2, 4);
  });

  it('n = 5, rho = 0.9: two-sided 10/120 = 0.0833; n = 5, rho = 1: 2/120 = 0.0167', () => {
    expect(exactSpearmanP([1, 2, 3, 4, 5], [1, 2, 4, 3, 5])).toBeCloseTo(1 / 12, 12);
    expect(exactSpearmanP([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])).toBeCloseTo(1 / 60, 12);
    expect(exactSpearmanP([1, 2, 3, 4, 5], [50, 40, 30, 20, 10])).toBeCloseTo(1 / 60, 12);
  });

  it('matches SciPy 1.17 permutation_test (pairings, every permutation, two-sided) at n = 6, 7 and 10', () => {
    // scipy.stats.permutation_test((x,), lambda a: spearmanr(a, y).statistic, permutation_type='pairings', n_resamples=np.inf)
    expect(exactSpearmanP([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5])).toBeCloseTo(42 / 720, 12); // rho 0.829: 0.0583
    expect(exactSpearmanP([1, 2, 3, 4, 5, 6, 7], [3, 1, 2, 5, 4, 7, 6])).toBeCloseTo(172 / 5040, 12); // rho 0.821: 0.0341
    const x = Array.from({ length: 10 }, (_, i) => i);
    expect(exactSpearmanP(x, x.map((i) => (i * 3) % 10))).toBeCloseTo(1626706 / 3628800, 12); // rho 0.273: 0.4483
  });

  it('ties by midranks, against every pairing enumerated (values also from a Python brute force)', () => {
    expect(exactSpearmanP([1, 2, 2, 3, 4], [1, 3, 2, 4, 5])).toBeCloseTo(4 / 120, 12);
    expect(exactSpearmanP([1, 2, 2, 3, 4, 5], [1, 3, 2, 4, 5, 5])).toBeCloseTo(4 / 720, 12);
    // Censored titers at the assay's bound tie; MMT-8 80/80 ties: 24 of 40,320 pairings.
    const titers = [1, 1, 1, 2, 3, 4, 5, 6];
    const mmt = [80, 80, 80, 80, 70, 66, 60, 54];
    expect(exactSpearmanP(titers, mmt)).toBeCloseTo(24 / 40320, 12);
    expect(exactSpearmanP(titers, mmt)).toBeCloseTo(bruteForceP(titers, mmt), 12);
  });

  it('no variation on one side: every pairing is as extreme, p = 1', () => {
    expect(exactSpearmanP([1, 2, 3, 4, 5], [7, 7, 7, 7, 7])).toBe(1);
  });

  it('midranks doubled: ties share the average rank', () => {
    expect([...doubledMidranks([10, 20, 20, 30, 5])]).toEqual([4, 7, 7, 10, 2]);
  });

  it('counts all n! pairings at n = 10 without ties (3,628,800) and n!/2 with one tie', () => {
    const ranks = Int32Array.from({ length: 10 }, (_, i) => i + 1);
    expect(statisticCounts(ranks, ranks).reduce((s, c) => s + c, 0)).toBe(3628800);
    const tied = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9.5, 9.5].map((r) => 2 * r));
    expect(statisticCounts(Int32Array.from(ranks, (r) => 2 * r), tied).reduce((s, c) => s + c, 0)).toBe(3628800 / 2);
  });

  it('refuses more than 10 pairs or lists of different lengths', () => {
    expect(() => exactSpearmanP(Array.from({ length: 11 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i))).toThrow(RangeError);
    expect(() => exactSpearmanP([1, 2], [1])).toThrow(RangeError);
  });
});

describe('exact permutation p: properties', () => {
  // Small integer values make ties common, as censored titers and full-strength exams do.
  const sample = (maxN: number) =>
    fc.integer({ min: 2, max: maxN }).chain((n) => fc.tuple(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 0, max: 6 }), { minLength: n, maxLength: n })));

  it('equals the brute-force count over every pairing (n <= 6, with and without ties)', () => {
    fc.assert(fc.property(sample(6), ([x, y]) => {
      expect(exactSpearmanP(x, y)).toBeCloseTo(bruteForceP(x, y), 12);
    }), { numRuns: 150 });
  });

  it('lies in [0, 1], is the same for rho and -rho (y reversed in sign), for x and y swapped and for the pairs in any order', () => {
    fc.assert(fc.property(sample(10), fc.integer(), ([x, y], seed) => {
      const p = exactSpearmanP(x, y);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(exactSpearmanP(x, y.map((v) => -v))).toBeCloseTo(p, 12);
      expect(exactSpearmanP(y, x)).toBeCloseTo(p, 12);
      const order = x.map((_, i) => i).sort((i, j) => ((i * 7919 + seed) % 13) - ((j * 7919 + seed) % 13));
      expect(exactSpearmanP(order.map((i) => x[i]!), order.map((i) => y[i]!))).toBeCloseTo(p, 12);
    }), { numRuns: 200 });
  });
});

describe('spearmanP: which method for which n', () => {
  it('exact permutation p up to 10 pairs, the t approximation from 11', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i);
    expect(spearmanP(ten, ten.map((i) => (i * 3) % 10), 3 / 11)).toEqual({ p: expect.closeTo(1626706 / 3628800, 12), method: 'exact' });
    const eleven = Array.from({ length: 11 }, (_, i) => i);
    const y = eleven.map((i) => (i * 3) % 11);
    const rho = spearman(eleven, y) ?? Number.NaN;
    expect(spearmanP(eleven, y, rho)).toEqual({ p: expect.closeTo(studentTTwoSidedP(rho * Math.sqrt(9 / (1 - rho * rho)), 9), 12), method: 't' });
  });

  it('a perfect rank agreement above 10 pairs has t = infinity: p = 0 by the t approximation', () => {
    const x = Array.from({ length: 12 }, (_, i) => i);
    expect(spearmanP(x, x, 1)).toEqual({ p: 0, method: 't' });
    expect(spearmanP(x, x.map((v) => -v), -1)).toEqual({ p: 0, method: 't' });
  });
});
