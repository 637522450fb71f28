/**
 * Mann-Whitney U test (Wilcoxon rank-sum), two-sided.
 *
 * Sources:
 * - Mann HB, Whitney DR. On a test of whether one of two random variables is
 *   stochastically larger than the other. Ann Math Stat 1947;18:50-60.
 * - Hollander M, Wolfe DA. Nonparametric Statistical Methods. 1973, pp. 67-70
 *   (the chorioamnion permeability example in tests/unit/cohort-stats-mann-whitney).
 * - R stats::wilcox.test, whose conventions are followed: the exact null
 *   distribution when both samples have fewer than 50 values and there are no
 *   ties; otherwise the normal approximation with the tie correction of the
 *   variance and a continuity correction of 0.5.
 *
 * The midranks (ties share the mean of their ranks) come from jStat `rank`; jStat
 * has no Mann-Whitney p-value, so that part is here.
 */
import jStat from 'jstat';
import { normalTwoSidedP } from './distributions';

export type MannWhitneyMethod = 'exact' | 'normal approximation';

export type MannWhitneyResult =
  | { ok: true; u: number; n1: number; n2: number; p: number; method: MannWhitneyMethod; test: string }
  | { ok: false; reason: string };

const EXACT_LIMIT = 50;

/**
 * Frequencies of U = 0..n1*n2 over all C(n1 + n2, n1) equally likely arrangements,
 * by the recurrence f(i, j, u) = f(i - 1, j, u - j) + f(i, j - 1, u) (Mann & Whitney
 * 1947, eq. 2). Counts stay below 1e29 for n < 50 each: exact enough in doubles.
 */
export function uFrequencies(n1: number, n2: number): number[] {
  // prev[j] = f(i - 1, j, .), cur[j] = f(i, j, .)
  let prev: number[][] = Array.from({ length: n2 + 1 }, () => [1]);
  for (let i = 1; i <= n1; i += 1) {
    const cur: number[][] = [[1]];
    for (let j = 1; j <= n2; j += 1) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      const left = cur[j - 1] ?? [];
      const up = prev[j] ?? [];
      for (let u = 0; u < size; u += 1) row[u] = (left[u] ?? 0) + (u >= j ? (up[u - j] ?? 0) : 0);
      cur.push(row);
    }
    prev = cur;
  }
  return prev[n2] ?? [1];
}

function exactP(u: number, n1: number, n2: number): number {
  const freq = uFrequencies(n1, n2);
  const total = freq.reduce((s, f) => s + f, 0);
  let lower = 0;
  let upper = 0;
  freq.forEach((f, k) => {
    if (k <= u) lower += f;
    if (k >= u) upper += f;
  });
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}

/** Sum over groups of tied values of (t^3 - t), for the variance correction. */
function tieTerm(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let sum = 0;
  for (const t of counts.values()) sum += t ** 3 - t;
  return sum;
}

/**
 * Two-sided test of x against y. U is the U of x (R's W): the number of pairs
 * (x_i, y_j) with x_i > y_j, ties counting one half. Needs at least one finite
 * value in each sample; all values equal is reported, not tested (no ranking).
 */
export function mannWhitney(xIn: readonly number[], yIn: readonly number[]): MannWhitneyResult {
  const x = xIn.filter(Number.isFinite);
  const y = yIn.filter(Number.isFinite);
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { ok: false, reason: 'a group has no values' };
  const pooled = [...x, ...y];
  const ties = tieTerm(pooled);
  const n = n1 + n2;
  if (ties === n ** 3 - n) return { ok: false, reason: 'all values are equal: nothing to rank' };
  // Rank sum of x among the pooled values: whole and half numbers, exact in doubles.
  const rankSumX = jStat.rank(pooled).slice(0, n1).reduce((sum, r) => sum + r, 0);
  const u = rankSumX - (n1 * (n1 + 1)) / 2;
  if (ties === 0 && n1 < EXACT_LIMIT && n2 < EXACT_LIMIT) {
    return { ok: true, u, n1, n2, p: exactP(u, n1, n2), method: 'exact', test: 'Mann-Whitney U, exact' };
  }
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1))));
  const diff = u - (n1 * n2) / 2;
  const z = (diff - 0.5 * Math.sign(diff)) / sigma;
  return { ok: true, u, n1, n2, p: normalTwoSidedP(z), method: 'normal approximation', test: 'Mann-Whitney U, normal approximation' };
}
