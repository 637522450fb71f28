/**
 * The small part of jStat 1.9 (no bundled types) that the cohort statistics use:
 * distribution functions only. See lib/domain/cohort/distributions.ts.
 */
declare module 'jstat' {
  interface JStat {
    normal: { cdf(x: number, mean: number, sd: number): number };
    studentt: { cdf(x: number, dof: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
