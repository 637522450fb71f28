/**
 * Exact permutation p-value of Spearman's rho, for the small samples where the t
 * approximation is too optimistic (n = 4, rho = 0.8: t gives 0.200, the exact
 * p is 8/24 = 0.333).
 *
 * Under the null hypothesis every pairing of the y values with the x values is
 * equally likely. rho is Pearson's r on midranks (ties share the average rank, as
 * `spearman` in lib/domain/timeline/correlation.ts computes it); with the ranks of
 * each side fixed, r grows with T = sum of rank(x_i) x rank(y_pairing(i)) alone. The
 * two-sided p is the share of the n! pairings whose rho is at least as far from 0
 * as the observed one: |T - T0| >= |T_obs - T0|, T0 = the mean of T. Ranks are
 * doubled so every T is an integer and no rounding decides a tie.
 *
 * Instead of visiting the n! pairings (3,628,800 at n = 10) the distribution of T
 * is counted by dynamic programming over which y ranks are already used (at most
 * 2^n states, fewer with ties; tied y ranks are interchangeable, so they are
 * counted as one group): about 200,000 additions at n = 10. Without ties the
 * distribution depends only on n and is kept per n; recent tie patterns are kept too.
 *
 * Checked (tests/unit/spearman-exact.test.ts) against values counted by hand (n = 4,
 * rho = 0.8: 8/24 = 0.333; n = 5, rho = 0.9: 10/120 = 0.0833; n = 5, rho = 1: 2/120 =
 * 0.0167), SciPy's permutation_test over every pairing (n = 6, 7, 10) and brute-force
 * enumeration with ties. R's cor.test(exact = TRUE) is no reference at n = 10: above
 * n = 9 it uses an Edgeworth series, and it refuses ties.
 */

/** Largest n given an exact p; above it the t approximation is used (lib/domain/stats/spearman-p.ts). */
export const EXACT_MAX_N = 10;

/** Twice the midranks of `values` (ranks 2 and 3 tied share 2.5, doubled 5): always integers. */
export function doubledMidranks(values: readonly number[]): Int32Array {
  const order = values.map((_, i) => i).sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
  const out = new Int32Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] ?? 0] === values[order[start] ?? 0]) end += 1;
    // Ranks start+1 .. end+1 share their mean (start + end + 2) / 2; doubled: start + end + 2.
    for (let k = start; k <= end; k += 1) out[order[k] ?? 0] = start + end + 2;
    start = end + 1;
  }
  return out;
}

/** The distinct values of `ranks` with how often each occurs. */
function groupsOf(ranks: Int32Array): { values: number[]; counts: number[] } {
  const tally = new Map<number, number>();
  for (const r of ranks) tally.set(r, (tally.get(r) ?? 0) + 1);
  const values = [...tally.keys()].sort((p, q) => p - q);
  return { values, counts: values.map((v) => tally.get(v) ?? 0) };
}

/**
 * How many distinct arrangements of the multiset `b` against the positions `a` give
 * each T (index = T). Every arrangement stands for the same number of pairings
 * (the product of the tie counts' factorials), so shares of arrangements are shares
 * of pairings.
 *
 * State = how many of each distinct b rank are used (a mixed-radix number); the state
 * with k ranks used has filled positions 0..k-1. Adding a rank only increases the
 * state's number, so states are visited in numeric order. Each state holds the counts
 * of its partial sums over the window [lo, hi] of sums it can reach, found by a first
 * pass; all windows live in one Float64Array (no per-state objects for the collector).
 */
export function statisticCounts(a: Int32Array, b: Int32Array): Float64Array {
  const { values, counts } = groupsOf(b);
  const groups = values.length;
  const stride = new Int32Array(groups + 1);
  stride[0] = 1;
  for (let g = 0; g < groups; g += 1) stride[g + 1] = (stride[g] ?? 1) * ((counts[g] ?? 0) + 1);
  const states = stride[groups] ?? 1;
  const lo = new Float64Array(states).fill(Infinity);
  const hi = new Float64Array(states).fill(-Infinity);
  lo[0] = 0;
  hi[0] = 0;
  const used = new Int32Array(groups);
  /** Calls `visit(state, k)` for every state in numeric order, k = ranks used = positions filled. */
  const eachState = (visit: (state: number, k: number) => void) => {
    used.fill(0);
    let k = 0;
    for (let state = 0; state < states; state += 1) {
      visit(state, k);
      // Mixed-radix increment of `used`, keeping k = sum(used).
      for (let g = 0; g < groups; g += 1) {
        used[g] = (used[g] ?? 0) + 1;
        k += 1;
        if ((used[g] ?? 0) <= (counts[g] ?? 0)) break;
        k -= used[g] ?? 0;
        used[g] = 0;
      }
    }
  };
  eachState((state, k) => {
    const weight = a[k] ?? 0;
    for (let g = 0; g < groups; g += 1) {
      if ((used[g] ?? 0) === counts[g]) continue;
      const next = state + (stride[g] ?? 0);
      const shift = weight * (values[g] ?? 0);
      lo[next] = Math.min(lo[next] ?? Infinity, (lo[state] ?? 0) + shift);
      hi[next] = Math.max(hi[next] ?? -Infinity, (hi[state] ?? 0) + shift);
    }
  });
  const offset = new Int32Array(states + 1);
  for (let state = 0; state < states; state += 1) offset[state + 1] = (offset[state] ?? 0) + (hi[state] ?? 0) - (lo[state] ?? 0) + 1;
  const arena = new Float64Array(offset[states] ?? 0);
  arena[0] = 1; // state 0: nothing placed, T = 0, one way
  eachState((state, k) => {
    const weight = a[k] ?? 0;
    const from = offset[state] ?? 0;
    const width = (hi[state] ?? 0) - (lo[state] ?? 0) + 1;
    for (let g = 0; g < groups; g += 1) {
      if ((used[g] ?? 0) === counts[g]) continue;
      const next = state + (stride[g] ?? 0);
      const to = (offset[next] ?? 0) + (lo[state] ?? 0) + weight * (values[g] ?? 0) - (lo[next] ?? 0);
      // The hot loop (about 200,000 additions at n = 10): indexes are in range by construction.
      for (let j = 0; j < width; j += 1) arena[to + j]! += arena[from + j]!;
    }
  });
  const last = states - 1;
  const out = new Float64Array((hi[last] ?? 0) + 1);
  out.set(arena.subarray(offset[last] ?? 0, offset[states] ?? 0), lo[last] ?? 0);
  return out;
}

/** Share of arrangements whose T is at least as far from t0 as `observed` (all values exact in doubles). */
function tailShare(counts: Float64Array, t0: number, observed: number): number {
  const distance = Math.abs(observed - t0);
  let hit = 0;
  let total = 0;
  // Whole counts (at most 10! = 3,628,800) add exactly; one division at the end.
  counts.forEach((c, t) => {
    total += c;
    if (Math.abs(t - t0) >= distance) hit += c;
  });
  return total > 0 ? hit / total : 1;
}

/** Ranks halved when all are even (no half ranks): T's range and the work halve (quarter when both sides do). */
function compact(ranks: Int32Array): Int32Array {
  return ranks.every((r) => r % 2 === 0) ? ranks.map((r) => r / 2) : ranks;
}

/**
 * The null distribution depends only on the two sides' ranks as multisets (not on
 * their order, nor on which side is which). Without ties that is n alone, so at most
 * EXACT_MAX_N entries; with ties the same tie pattern recurs (a patient's timeline is
 * rebuilt on every change; censored values tie the same way), so the most recent
 * patterns are kept too (each at most 1,541 doubles, about 12 kB).
 */
const MAX_CACHED = 128;
const cache = new Map<string, Float64Array>();

function countsFor(a: Int32Array, b: Int32Array): Float64Array {
  const sorted = (r: Int32Array) => [...r].sort((p, q) => p - q).join(',');
  const [sa, sb] = [sorted(a), sorted(b)].sort();
  const key = `${sa}|${sb}`;
  let counts = cache.get(key);
  if (counts) {
    cache.delete(key); // re-inserted below: the Map's order is the least recently used first
  } else {
    // Fewer states over the side with fewer distinct ranks (the distribution is symmetric in the sides).
    counts = new Set(a).size < new Set(b).size ? statisticCounts(b, a) : statisticCounts(a, b);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? '');
  }
  cache.set(key, counts);
  return counts;
}

/**
 * Two-sided exact permutation p of Spearman's rho for the pairs (x[i], y[i]), ties
 * by midranks; for n <= EXACT_MAX_N (larger n is refused: its cost grows as 2^n).
 * With no variation on one side every pairing is as extreme as any other: 1.
 */
export function exactSpearmanP(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n !== y.length || n > EXACT_MAX_N) throw new RangeError(`exact Spearman p needs two lists of the same length up to ${EXACT_MAX_N}`);
  if (n < 2) return 1;
  const a = compact(doubledMidranks(x));
  const b = compact(doubledMidranks(y));
  // The mean of T over all pairings: (sum a)(sum b) / n, a multiple of 1/2 here, so exact in doubles.
  const t0 = (a.reduce((s, v) => s + v, 0) * b.reduce((s, v) => s + v, 0)) / n;
  let observed = 0;
  for (let i = 0; i < n; i += 1) observed += (a[i] ?? 0) * (b[i] ?? 0);
  return tailShare(countsFor(a, b), t0, observed);
}
