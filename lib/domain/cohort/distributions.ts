/**
 * Tail probabilities of the normal and Student t distributions, from jStat 1.9
 * (jstat.github.io: `normal.cdf` via the complementary error function,
 * `studentt.cdf` via the regularized incomplete beta function). jStat is the one
 * statistics library kept (docs/decisions/0029-statistics-library.md):
 * these tails are the part worth not writing by hand. Everything here returns a
 * finite number in [0, 1].
 */
import jStat from 'jstat';

const clamp01 = (p: number) => (Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 1);

/** Two-sided p of a standard normal statistic z: 2 * P(Z <= -|z|). */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return 1;
  if (!Number.isFinite(z)) return 0;
  // The lower tail at -|z| keeps precision for small p (1 - cdf would round to 0).
  return clamp01(2 * jStat.normal.cdf(-Math.abs(z), 0, 1));
}

/** Two-sided p of a t statistic with `df` degrees of freedom: 2 * P(T <= -|t|). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return 1;
  if (!Number.isFinite(t)) return 0;
  return clamp01(2 * jStat.studentt.cdf(-Math.abs(t), df));
}

/** Standard normal quantile for a 95% interval (1.959963984540054, qnorm(0.975) in R). */
export const Z_975 = 1.959963984540054;
