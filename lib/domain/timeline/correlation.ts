/**
 * Correlation strip: Spearman rho of anti-Mi2 level vs CK and vs MMT-8 for one
 * patient. Source: docs/clinical/evidence.md section 3: "Anti-Mi2 levels correlated with CK
 * and with strength (p < 0.001)" (Pinal-Fernandez et al., Neurology 2019), a cohort
 * finding this strip lets the clinic look at in one patient. Descriptive only.
 *
 * Pairing: each titer with the CK (or complete MMT-8) closest in time within 30
 * days; shown only with at least 5 pairs. A same-day repeat is one draw, not another
 * pair: one titer per day and assay (the day's highest level, as the signal engine
 * reads a day of one assay), one CK per day (the most abnormal: highest x ULN) and one
 * MMT-8 per day (the weakest), so neither the count nor the p grows with repeats. Spearman is Pearson on midranks (ties
 * share the average rank); jStat 1.9 `spearmancoeff` does exactly that (see
 * tests/unit/timeline-correlation.test.ts for a worked example).
 * Its p is exact (permutation) up to 10 pairs and the t approximation above
 * (lib/domain/stats/spearman-p.ts); the row says which.
 */
import jStat from 'jstat';
import { xCutoff } from '../antibody';
import { moreAbnormal } from '../enzymes';
import { mmtTotal } from '../mmt';
import { spearmanP, type SpearmanPMethod } from '../stats/spearman-p';
import { ANALYTES, type Analyte, type AntibodyResult, type EnzymeResult, type Visit } from '../types';
import { liveEnzymes } from './enzyme-series';
import { ANALYTE_LABEL } from './labels';
import { liveVisits } from './mmt-series';
import { DAY_MS, dayMs } from './time';
import { liveTiters } from './titer-series';

export const PAIR_WINDOW_DAYS = 30;
export const MIN_PAIRS = 5;

export interface Dated {
  date: string;
  value: number;
}

export interface Pair {
  titerDate: string;
  otherDate: string;
  titer: number;
  other: number;
}

/**
 * Pairs each titer with the `others` value closest in time, at most `windowDays`
 * away. Equal distance before and after: the earlier one (already known at the
 * titer's date). Same-day duplicates: the first in list order. An `other` value
 * may pair with several titers.
 */
export function pairNearest(titers: readonly Dated[], others: readonly Dated[], windowDays = PAIR_WINDOW_DAYS): Pair[] {
  // Day numbers once, sorted (stable: same-day values keep list order), then a
  // binary search per titer: 30 years of monthly labs stay O(n log n).
  const day = (iso: string) => Math.round(dayMs(iso) / DAY_MS);
  const sorted = others.map((o) => ({ o, d: day(o.date) })).sort((a, b) => a.d - b.d);
  const pairs: Pair[] = [];
  for (const t of titers) {
    const td = day(t.date);
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid]?.d ?? Infinity) < td) lo = mid + 1;
      else hi = mid;
    }
    const after = sorted[lo];
    let b = lo - 1;
    while (b > 0 && sorted[b - 1]?.d === sorted[b]?.d) b -= 1;
    const before = b >= 0 ? sorted[b] : undefined;
    const gapBefore = before ? td - before.d : Infinity;
    const gapAfter = after ? after.d - td : Infinity;
    // Equal distance: the earlier value, already known at the titer's date.
    const best = gapBefore <= gapAfter ? before : after;
    if (best && Math.min(gapBefore, gapAfter) <= windowDays) {
      pairs.push({ titerDate: t.date, otherDate: best.o.date, titer: t.value, other: best.o.value });
    }
  }
  return pairs;
}

/**
 * One item per key: the one `better` prefers (a strict preference; on a tie, the
 * earlier in list order, which callers make independent of entry order).
 */
function onePer<T>(items: readonly T[], key: (t: T) => string, better: (a: T, b: T) => boolean): T[] {
  const kept = new Map<string, T>();
  for (const t of items) {
    const k = key(t);
    const had = kept.get(k);
    if (had === undefined || better(t, had)) kept.set(k, t);
  }
  return [...kept.values()];
}

/** Spearman rho with midranks for ties; null for fewer than 2 pairs or no variation. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length || x.length < 2) return null;
  const rho = jStat.spearmancoeff([...x], [...y]);
  return Number.isFinite(rho) ? Math.max(-1, Math.min(1, rho)) : null;
}

export interface CorrelationRow {
  analyte: Analyte;
  analyteLabel: string;
  against: 'ck' | 'mmt';
  againstLabel: string;
  n: number;
  /** null when not shown (too few pairs) or undefined (no variation). */
  rho: number | null;
  /** Two-sided p of rho and how it was computed; null whenever rho is. */
  p: number | null;
  pMethod: SpearmanPMethod | null;
  shown: boolean;
  /** Assays contributing titers: > 1 means levels from different assays were ranked together. */
  assays: number;
}

/**
 * One row per analyte with numeric titers and per measure (CK U/L; complete MMT-8
 * totals as a fraction of their maximum, so unilateral and bilateral exams rank
 * together; partial exams are never a total). Titers are x cut-off (a censored
 * value at its bound); qualitative-only results have no level and are left out.
 */
export function buildCorrelations(antibody: readonly AntibodyResult[], enzymes: readonly EnzymeResult[], visits: readonly Visit[]): CorrelationRow[] {
  // A same-day repeat is one draw: the day's most abnormal CK (highest x ULN; then the higher value) and weakest MMT-8.
  const ckResults = onePer(liveEnzymes(enzymes).filter((e) => e.analyte === 'ck'), (e) => e.collectedOn, moreAbnormal);
  const ck: Dated[] = ckResults.map((e) => ({ date: e.collectedOn, value: e.valueUL }));
  const exams: Dated[] = [];
  for (const v of liveVisits(visits)) {
    if (v.mmtVersion === null) continue;
    const t = mmtTotal(v.mmtVersion, v.mmtGrades);
    if (t.total !== null && t.max > 0) exams.push({ date: v.visitOn, value: t.total / t.max });
  }
  const mmt = onePer(exams, (e) => e.date, (a, b) => a.value < b.value);
  const live = liveTiters(antibody);
  const rows: CorrelationRow[] = [];
  for (const analyte of ANALYTES) {
    const numeric = live.filter((r) => r.analyte === analyte && xCutoff(r.value, r.cutoff) !== null);
    if (numeric.length === 0) continue;
    // One titer per day and assay: the highest level of the day (a repeat is not another pair).
    const levels = numeric.map((r) => ({ date: r.collectedOn, assayId: r.assayId, value: xCutoff(r.value, r.cutoff) ?? 0 }));
    const titers: Dated[] = onePer(levels, (l) => `${l.date} ${l.assayId}`, (a, b) => a.value > b.value).map(({ date, value }) => ({ date, value }));
    const assays = new Set(numeric.map((r) => r.assayId)).size;
    for (const [against, againstLabel, others] of [['ck', 'CK', ck], ['mmt', 'MMT-8', mmt]] as const) {
      const pairs = pairNearest(titers, others);
      const shown = pairs.length >= MIN_PAIRS;
      const x = pairs.map((p) => p.titer);
      const y = pairs.map((p) => p.other);
      const rho = shown ? spearman(x, y) : null;
      const test = rho === null ? null : spearmanP(x, y, rho);
      rows.push({ analyte, analyteLabel: ANALYTE_LABEL[analyte], against, againstLabel, n: pairs.length, rho, p: test?.p ?? null, pMethod: test?.method ?? null, shown, assays });
    }
  }
  return rows;
}
