import { describe, expect, it } from 'vitest';
import { mannWhitney, uFrequencies } from '@/lib/domain/cohort/mann-whitney';

const ok = (x: number[], y: number[]) => {
  const r = mannWhitney(x, y);
  if (!r.ok) throw new Error(r.reason);
  return r;
};

describe('Mann-Whitney U against worked examples', () => {
  it('Hollander & Wolfe (1973), pp. 67-70, chorioamnion permeability: U = 35, exact two-sided p = 0.2544 (R: one-sided 0.1272)', () => {
    const term = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const early = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = ok(term, early);
    expect(r.u).toBe(35);
    expect(r.method).toBe('exact');
    expect(r.p).toBeCloseTo(2 * 0.1272, 3);
    expect(r.p).toBeCloseTo(0.2544, 4);
    expect(ok(early, term).p).toBeCloseTo(r.p, 12);
  });

  it('the null distribution of U for 2 and 2 values, by hand: U = 0..4 in 1, 1, 2, 1, 1 of the 6 arrangements', () => {
    expect(uFrequencies(2, 2)).toEqual([1, 1, 2, 1, 1]);
    expect(uFrequencies(3, 2).reduce((s, f) => s + f, 0)).toBe(10);
    // C(20, 10) arrangements of 10 and 10 values.
    expect(uFrequencies(10, 10).reduce((s, f) => s + f, 0)).toBe(184756);
  });

  it('ties: normal approximation with tie and continuity corrections, by hand', () => {
    // Pooled 1 2 2 | 2 3 3: midranks 1, 3, 3 | 3, 5.5, 5.5; W = 7, U = 7 - 6 = 1.
    // Var = (3*3/12) * (7 - (3^3-3 + 2^3-2) / (6*5)) = 0.75 * 6 = 4.5; z = (1 - 4.5 + 0.5) / sqrt(4.5) = -sqrt(2).
    const r = ok([1, 2, 2], [2, 3, 3]);
    expect(r.u).toBe(1);
    expect(r.method).toBe('normal approximation');
    expect(r.p).toBeCloseTo(0.157299, 5); // 2 * Phi(-sqrt(2))
  });

  it('complete separation of 5 and 5 values: exact p = 2 / C(10, 5) = 2/252', () => {
    expect(ok([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).p).toBeCloseTo(2 / 252, 12);
  });

  it('50 or more values in a group use the normal approximation', () => {
    const x = Array.from({ length: 60 }, (_, i) => i * 1.01);
    const y = Array.from({ length: 60 }, (_, i) => i * 1.01 + 20.5);
    const r = ok(x, y);
    expect(r.method).toBe('normal approximation');
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(0.01);
  });
});

describe('Mann-Whitney U: edge cases never give NaN', () => {
  it('all values equal: refused with a reason, not p = NaN', () => {
    expect(mannWhitney([5, 5, 5], [5, 5])).toEqual({ ok: false, reason: 'all values are equal: nothing to rank' });
  });

  it('an empty group, or one with only non-finite values, is refused', () => {
    expect(mannWhitney([], [1, 2]).ok).toBe(false);
    expect(mannWhitney([Number.NaN, Number.POSITIVE_INFINITY], [1, 2]).ok).toBe(false);
  });

  it('one value each gives the only possible p (1), never less', () => {
    expect(ok([1], [2]).p).toBe(1);
  });
});
