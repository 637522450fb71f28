/**
 * The small part of jStat 1.9 (no bundled types) that the statistics use: the
 * distribution functions, midranks, Pearson's r and the type-7 percentile. See
 * lib/domain/cohort/ (distributions, describe,
 * mann-whitney) and lib/domain/timeline/correlation.ts.
 */
declare module 'jstat' {
  interface JStat {
    normal: { cdf(x: number, mean: number, sd: number): number };
    studentt: { cdf(x: number, dof: number): number };
    /** Ranks from 1, tied values sharing the mean of their ranks, in input order. */
    rank(values: number[]): number[];
    /** Pearson's r of two samples of the same length (NaN when one has no variance). */
    corrcoeff(x: number[], y: number[]): number;
    /** Spearman's rho: Pearson's r of the midranks. */
    spearmancoeff(x: number[], y: number[]): number;
    /**
     * Quantiles by scipy's mquantiles plotting positions; alphap = betap = 1 is R's
     * type 7 (linear interpolation between closest ranks). Needs at least 2 values.
     */
    quantiles(values: number[], probabilities: number[], alphap: number, betap: number): number[];
  }
  const jStat: JStat;
  export default jStat;
}
