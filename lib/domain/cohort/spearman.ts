/**
 * Spearman rank correlation with a p-value, for associations BETWEEN patients
 * (one value per patient, e.g. each patient's mean titer vs mean CK) and for the
 * per-patient rho shown as a distribution.
 *
 * rho: jStat `spearmancoeff` (Pearson on midranks), wrapped by
 * lib/domain/timeline/correlation.ts `spearman`. p: exact permutation p up to 10
 * patients, t approximation above (lib/domain/stats/spearman-p.ts); `test` names
 * the method used.
 */
import { spearmanP, SPEARMAN_P_METHOD_LABEL, type SpearmanPMethod } from '../stats/spearman-p';
import { spearman } from '../timeline/correlation';
import { medianIqr, type MedianIqr } from './describe';

export type SpearmanResult = { ok: true; rho: number; n: number; p: number; method: SpearmanPMethod; test: string } | { ok: false; reason: string; n: number };

/**
 * Needs at least 4 pairs and variation in both measures. `name` says what was
 * correlated; the test text appends the p's method ("Spearman, exact permutation p").
 */
export function spearmanTest(x: readonly number[], y: readonly number[], name = 'Spearman'): SpearmanResult {
  const pairs = x.map((v, i) => [v, y[i]] as const).filter((p): p is readonly [number, number] => Number.isFinite(p[0]) && Number.isFinite(p[1] ?? NaN));
  const n = pairs.length;
  if (n < 4) return { ok: false, reason: `${n} ${n === 1 ? 'patient' : 'patients'}: needs at least 4`, n };
  const rho = spearman(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
  if (rho === null) return { ok: false, reason: 'no variation in one of the measures', n };
  const { p, method } = spearmanP(pairs.map((q) => q[0]), pairs.map((q) => q[1]), rho);
  return { ok: true, rho, n, p, method, test: `${name}, ${SPEARMAN_P_METHOD_LABEL[method]}` };
}

export interface RhoDistribution {
  /** Patients whose rho is defined. */
  n: number;
  summary: MedianIqr | null;
  positive: number;
  negative: number;
  /** Counts per bin of width 0.2 from -1 to 1 (10 bins; rho = 1 falls in the last). */
  bins: number[];
}

export const RHO_BIN_LABELS = Array.from({ length: 10 }, (_, i) => {
  const lo = -1 + i * 0.2;
  return `${lo.toFixed(1)} to ${(lo + 0.2).toFixed(1)}`;
});

/** How the per-patient rho values spread: the repeated-measures picture patient by patient. */
export function rhoDistribution(rhos: readonly (number | null)[]): RhoDistribution {
  const defined = rhos.filter((r): r is number => r !== null && Number.isFinite(r));
  const bins = new Array<number>(10).fill(0);
  for (const r of defined) {
    const i = Math.min(9, Math.max(0, Math.floor((r + 1) / 0.2 + 1e-9)));
    bins[i] = (bins[i] ?? 0) + 1;
  }
  return { n: defined.length, summary: medianIqr(defined), positive: defined.filter((r) => r > 0).length, negative: defined.filter((r) => r < 0).length, bins };
}
