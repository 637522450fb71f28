/**
 * Descriptive summaries for the cohort tables: median and interquartile range
 * (jStat `quantiles` with alphap = betap = 1: R's type 7, linear interpolation
 * between closest ranks), and p-value text. Empty input gives null, never NaN.
 * Not jStat `percentile`: it skips the interpolation in the last interval (the median
 * of two values came out as the smaller one; tests/unit/statistics-pins.test.ts).
 */
import jStat from 'jstat';

export interface MedianIqr {
  n: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

/** Median, quartiles and range of the finite values; null when there are none. */
export function medianIqr(values: readonly number[]): MedianIqr | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return null;
  // One value is every quantile (jStat's interpolation would read past the end: NaN).
  const quantile = (k: number) => (sorted.length === 1 ? first : (jStat.quantiles(sorted, [k], 1, 1)[0] ?? Number.NaN));
  return { n: sorted.length, median: quantile(0.5), q1: quantile(0.25), q3: quantile(0.75), min: first, max: last };
}

/**
 * p as printed in the tables: "< 0.001", three decimals under 0.01 (0.003), two
 * otherwise (0.49). The abstract of Pinal-Fernandez 2019 prints p the same way.
 */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p < 0.001) return '< 0.001';
  if (p < 0.01) return p.toFixed(3);
  return p.toFixed(2);
}

/** "p = 0.49", "p = 0.003" or "p < 0.001". */
export function pText(p: number): string {
  const f = formatP(p);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

/** Count of a total as "k/n (x%)"; "0/0" when there is nobody to count. */
export function formatShare(k: number, n: number): string {
  return n > 0 ? `${k}/${n} (${Math.round((100 * k) / n)}%)` : '0/0';
}
