/**
 * The cohort and timeline statistics give the same numbers whichever statistics
 * library computes their ranks and quantiles (issue 23: jstat and simple-statistics
 * were both dependencies; one is kept). fixtures/statistics-pins.json holds what the
 * functions returned with simple-statistics (7.12.1) before the change, for series
 * with many ties, few ties and none, of 1 to 60 values: medians and quartiles, the
 * Mann-Whitney U and p (exact and normal approximation), Spearman rho and its p
 * (exact and t approximation).
 */
import { describe, expect, it } from 'vitest';
import { medianIqr } from '@/lib/domain/cohort/describe';
import { mannWhitney } from '@/lib/domain/cohort/mann-whitney';
import { spearmanTest } from '@/lib/domain/cohort/spearman';
import { spearman } from '@/lib/domain/timeline/correlation';
import pins from './fixtures/statistics-pins.json';

/** A repeatable series: `levels` distinct steps of 1.7 (ties when few), plus a fraction when many. */
function series(seed: number, n: number, levels: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.round((s / 2147483648) * levels) * 1.7 + (levels > 50 ? (s % 1000) / 7 : 0);
  });
}

/** Equal up to the last bits of a double (summation order may differ between libraries). */
function expectSameNumbers(actual: unknown, pinned: unknown, label: string): void {
  if (typeof pinned === 'number' && typeof actual === 'number') {
    if (Number.isInteger(pinned)) expect(actual, label).toBe(pinned);
    else expect(Math.abs(actual - pinned), `${label}: ${actual} vs ${pinned}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(pinned)));
    return;
  }
  if (pinned !== null && typeof pinned === 'object' && actual !== null && typeof actual === 'object') {
    expect(Object.keys(actual).sort(), label).toEqual(Object.keys(pinned).sort());
    for (const [k, v] of Object.entries(pinned)) expectSameNumbers((actual as Record<string, unknown>)[k], v, `${label}.${k}`);
    return;
  }
  expect(actual, label).toEqual(pinned);
}

describe('statistics pinned to their values before the library change', () => {
  it('has cases that exercise every method', () => {
    expect(pins.map((p) => p.mw.ok && p.mw.method)).toEqual(expect.arrayContaining(['exact', 'normal approximation']));
    expect(pins.map((p) => p.sp.ok && p.sp.method)).toEqual(expect.arrayContaining(['exact', 't']));
    expect(pins.some((p) => p.rho !== null && p.rho < 0)).toBe(true);
  });

  for (const pin of pins) {
    it(`n = ${pin.n}, ${pin.levels} levels`, () => {
      const x = series(pin.seed, pin.n, pin.levels);
      const y = series(pin.seed + 100, pin.n, pin.levels);
      expectSameNumbers(medianIqr(x), pin.iqr, 'median and quartiles');
      expectSameNumbers(mannWhitney(x, series(pin.seed + 200, Math.max(1, pin.n - 1), pin.levels)), pin.mw, 'Mann-Whitney');
      expectSameNumbers(spearman(x, y), pin.rho, 'Spearman rho');
      expectSameNumbers(spearmanTest(x, y), pin.sp, 'Spearman test');
    });
  }
});
