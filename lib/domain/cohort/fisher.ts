/**
 * Fisher's exact test for a 2 x 2 table, two-sided. jStat does not
 * have it, so it is written here.
 *
 * Sources:
 * - Fisher RA. The Design of Experiments. 1935, section 2 (the lady tasting tea:
 *   3/1/1/3 gives a two-sided p of 34/70 = 0.4857).
 * - Agresti A. Categorical Data Analysis, 2nd ed. 2002, section 3.5.1: with the
 *   margins fixed, the top-left cell is hypergeometric; the two-sided p sums the
 *   probabilities of all tables no more likely than the one observed.
 * - R stats::fisher.test: "no more likely" with a relative tolerance of 1e-7, so
 *   tables equal in probability up to rounding count as equal.
 *
 * Used by the cohort phenotype view for prevalences (docs/clinical/evidence.md section 3: the
 * study compared proportions between groups with Fisher's exact or chi-square tests).
 */

/** a b / c d: rows are the two groups, columns "with" and "without" the feature. */
export interface Table2x2 {
  a: number;
  b: number;
  c: number;
  d: number;
}

export type FisherResult = { ok: true; p: number; test: "Fisher's exact" } | { ok: false; reason: string };

const RELATIVE_TOLERANCE = 1 + 1e-7;

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/**
 * Two-sided p of Fisher's exact test. The hypergeometric weights are built in log
 * space by the ratio of successive terms, so margins in the tens of thousands
 * neither overflow nor need a gamma function.
 */
export function fisherExact(t: Table2x2): FisherResult {
  const { a, b, c, d } = t;
  if (![a, b, c, d].every(isCount)) return { ok: false, reason: 'counts must be whole numbers >= 0' };
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const n = row1 + row2;
  if (row1 === 0 || row2 === 0) return { ok: false, reason: 'a group has no patients with data' };
  // Possible values of the top-left cell with every margin held fixed.
  const lo = Math.max(0, col1 - row2);
  const hi = Math.min(row1, col1);
  const logW: number[] = [0];
  for (let k = lo; k < hi; k += 1) {
    // P(k + 1) / P(k) for the hypergeometric distribution of the top-left cell.
    const ratio = ((row1 - k) * (col1 - k)) / ((k + 1) * (n - row1 - col1 + k + 1));
    logW.push((logW[logW.length - 1] ?? 0) + Math.log(ratio));
  }
  const max = Math.max(...logW);
  const weights = logW.map((w) => Math.exp(w - max));
  const total = weights.reduce((s, w) => s + w, 0);
  const observed = weights[a - lo] ?? 0;
  let tail = 0;
  for (const w of weights) if (w <= observed * RELATIVE_TOLERANCE) tail += w;
  return { ok: true, p: Math.min(1, tail / total), test: "Fisher's exact" };
}
