import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fisherExact } from '@/lib/domain/cohort/fisher';

const p = (a: number, b: number, c: number, d: number) => {
  const r = fisherExact({ a, b, c, d });
  if (!r.ok) throw new Error(r.reason);
  return r.p;
};

describe("Fisher's exact test against published worked examples", () => {
  it('the lady tasting tea (Fisher 1935): 3/1/1/3 gives two-sided p = 34/70 = 0.4857', () => {
    expect(p(3, 1, 1, 3)).toBeCloseTo(34 / 70, 12);
    expect(p(3, 1, 1, 3).toFixed(4)).toBe('0.4857');
  });

  it('the dieting example of the Wikipedia article (men 1 of 12, women 9 of 12 dieting): two-sided p = 0.002759', () => {
    expect(p(1, 9, 11, 3)).toBeCloseTo(0.002759, 6);
  });

  it('reproduces the p-values of the Pinal-Fernandez 2019 abstract from counts rebuilt from its percentages (58 anti-Mi2+ vs 143 anti-Mi2- DM)', () => {
    // Counts are reconstructed (9% of 58 = 5, 28% of 143 = 40...); the abstract prints p to 1-2 significant digits.
    expect(p(5, 53, 40, 103).toFixed(3)).toBe('0.003'); // calcinosis 9% vs 28%, p = 0.003
    expect(p(3, 55, 23, 120).toFixed(2)).toBe('0.04'); // ILD 5% vs 16%, p = 0.04
    expect(p(4, 54, 30, 113).toFixed(2)).toBe('0.02'); // fever 7% vs 21%, p = 0.02
  });
});

describe("Fisher's exact test: edge cases", () => {
  it('is the same whichever way the table is written (rows swapped, columns swapped, transposed)', () => {
    const base = p(2, 7, 8, 2);
    expect(p(8, 2, 2, 7)).toBeCloseTo(base, 12);
    expect(p(7, 2, 2, 8)).toBeCloseTo(base, 12);
    expect(p(2, 8, 7, 2)).toBeCloseTo(base, 12);
  });

  it('gives p = 1 when nobody (or everybody) has the feature: only one table is possible', () => {
    expect(p(0, 5, 0, 7)).toBe(1);
    expect(p(5, 0, 7, 0)).toBe(1);
    expect(p(1, 0, 1, 0)).toBe(1);
  });

  it('refuses a group without patients and counts that are not whole numbers >= 0, with a reason', () => {
    expect(fisherExact({ a: 0, b: 0, c: 3, d: 4 })).toEqual({ ok: false, reason: 'a group has no patients with data' });
    for (const bad of [{ a: -1, b: 2, c: 3, d: 4 }, { a: 1.5, b: 2, c: 3, d: 4 }, { a: Number.NaN, b: 2, c: 3, d: 4 }]) {
      expect(fisherExact(bad).ok).toBe(false);
    }
  });

  it('stays finite with cohort-sized margins (10,000 patients) and is tiny for a large difference', () => {
    const r = p(3000, 2000, 1000, 4000);
    expect(Number.isFinite(r)).toBe(true);
    expect(r).toBeLessThan(1e-100);
    expect(p(2500, 2500, 2500, 2500)).toBeCloseTo(1, 9);
  });

  it('always returns a p in [0, 1], and exactly 1 for a table at the expected counts (property)', () => {
    fc.assert(fc.property(fc.nat(30), fc.nat(30), fc.nat(30), fc.nat(30), (a, b, c, d) => {
      fc.pre(a + b > 0 && c + d > 0);
      const r = p(a, b, c, d);
      return r >= 0 && r <= 1;
    }));
    expect(p(4, 4, 4, 4)).toBeCloseTo(1, 12);
  });
});
