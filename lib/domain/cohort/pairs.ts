/**
 * Titer-measure pairs for the cohort's titer-vs-activity statistics: every measurement
 * in at most one pair, so the number of pairs (and rmcorr's degrees of freedom) counts
 * measurements, never one CK result again for each titer near it.
 *
 * The patient timeline's strip (lib/domain/timeline/correlation.ts `pairNearest`) lets
 * one CK pair with every titer within the window: fine for a picture of one patient, but
 * three patients with two CK results each, each CK beside five titers, made 30 pairs and
 * 26 degrees of freedom out of six CK values (review r3).
 *
 * The rule (docs/decisions/0009-cohort-insights.md):
 * - One value per day on each side: the titer series already is (./titer-series.ts, the
 *   highest level of the day); of two CK results on one day the higher value in U/L
 *   (the cohort's CK values carry no upper limit: the signal engine compares multiples
 *   of each result's own limit, which can differ when two labs report one day), of two
 *   complete MMT-8 exams the lower
 *   (the weaker, as the engine reads a day).
 * - Then closest first: of every titer day and measure day at most `windowDays` apart,
 *   the closest two are paired and both leave; then the closest of the rest, and so on.
 *   Equal distance: the measure taken before the titer (already known at its date), then
 *   the earlier titer, then the earlier measure. Nothing depends on the order of input.
 */
import { dayNumberOf } from '../dates';
import type { Dated, Pair } from '../timeline/correlation';

/** Which value of a day counts when a measure was taken twice that day. */
export type SameDay = 'highest' | 'lowest';

interface Day {
  date: string;
  day: number;
  value: number;
}

/** One value per date (the highest or lowest of the day), oldest first. */
export function onePerDay(values: readonly Dated[], keep: SameDay): Day[] {
  const byDate = new Map<string, number>();
  for (const { date, value } of values) {
    const seen = byDate.get(date);
    if (seen === undefined || (keep === 'highest' ? value > seen : value < seen)) byDate.set(date, value);
  }
  return [...byDate].map(([date, value]) => ({ date, day: dayNumberOf(date), value })).sort((a, b) => a.day - b.day);
}

/**
 * Pairs titers with a measure, each titer day and each measure day at most once, closest
 * in time first, at most `windowDays` apart. Oldest titer first.
 */
export function pairEachOnce(titers: readonly Dated[], others: readonly Dated[], windowDays: number, sameDay: SameDay): Pair[] {
  const t = onePerDay(titers, 'highest');
  const o = onePerDay(others, sameDay);
  const candidates: { ti: number; oi: number; gap: number; after: number }[] = [];
  let from = 0;
  t.forEach((titer, ti) => {
    while (from < o.length && (o[from] as Day).day < titer.day - windowDays) from += 1;
    for (let oi = from; oi < o.length && (o[oi] as Day).day <= titer.day + windowDays; oi += 1) {
      const gap = (o[oi] as Day).day - titer.day;
      candidates.push({ ti, oi, gap: Math.abs(gap), after: gap > 0 ? 1 : 0 });
    }
  });
  candidates.sort((a, b) => a.gap - b.gap || a.after - b.after || a.ti - b.ti || a.oi - b.oi);
  const usedT = new Set<number>();
  const usedO = new Set<number>();
  const chosen: { ti: number; oi: number }[] = [];
  for (const c of candidates) {
    if (usedT.has(c.ti) || usedO.has(c.oi)) continue;
    usedT.add(c.ti);
    usedO.add(c.oi);
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.ti - b.ti).map(({ ti, oi }) => {
    const titer = t[ti] as Day;
    const other = o[oi] as Day;
    return { titerDate: titer.date, otherDate: other.date, titer: titer.value, other: other.value };
  });
}
