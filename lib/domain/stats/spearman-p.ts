/**
 * The p-value of a Spearman rho, and which method gave it, so every place that shows
 * one can say so.
 *
 * - n <= 10: the exact permutation p (./spearman-exact.ts). The t approximation is
 *   too optimistic there: n = 4, rho = 0.8 gives 0.200 against the exact 0.333.
 * - n > 10: the t approximation t = rho * sqrt((n - 2) / (1 - rho^2)) with n - 2 df
 *   (Zar JH, Biostatistical Analysis, 5th ed. 2010, section 19.9; R cor.test(method
 *   = "spearman", exact = FALSE)); the t tail comes from jStat.
 */
import { studentTTwoSidedP } from '../cohort/distributions';
import { EXACT_MAX_N, exactSpearmanP } from './spearman-exact';

export type SpearmanPMethod = 'exact' | 't';

/** How each method is named wherever a p is shown (page, CSV). */
export const SPEARMAN_P_METHOD_LABEL: Readonly<Record<SpearmanPMethod, string>> = {
  exact: 'exact permutation p',
  t: 't approximation',
};

export interface SpearmanP {
  p: number;
  method: SpearmanPMethod;
}

/**
 * Two-sided p of `rho` (the Spearman rho of x and y, midranks for ties) for the
 * pairs (x[i], y[i]): exact up to EXACT_MAX_N pairs, the t approximation above.
 * Needs at least 3 pairs for the t approximation's degrees of freedom; callers ask
 * for 4 or 5.
 */
export function spearmanP(x: readonly number[], y: readonly number[], rho: number): SpearmanP {
  const n = x.length;
  if (n <= EXACT_MAX_N) return { p: exactSpearmanP(x, y), method: 'exact' };
  const t = Math.abs(rho) >= 1 ? Math.sign(rho) * Infinity : rho * Math.sqrt((n - 2) / (1 - rho * rho));
  return { p: studentTTwoSidedP(t, n - 2), method: 't' };
}
