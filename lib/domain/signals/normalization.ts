/**
 * `titer-normalized` and `normalization-sustained` (info), per analyte
 * (docs/clinical/signals.md).
 *
 * - Both need the trailing run of NEGATIVE results of the analyte (borderline,
 *   unclassifiable results and same-day conflicts are not negative and break the run)
 *   and a recorded positive or strong result of that analyte before it. A patient who
 *   was never positive has nothing to normalize; the patient-level
 *   `hasPositiveHistory` flag does not count because a signal must name its results.
 * - titer-normalized: the latest result is negative. `since` = the first negative.
 * - normalization-sustained: the trailing negatives FROM ONE ASSAY (the latest
 *   result's; of two assays on the latest day, the longer run) number >= normalizationMinNegatives and span >= normalizationMinSpanDays
 *   (90 days fires, 89 does not). Negatives of another assay do not add up: two labs'
 *   "negative" are not one series. `since` = the result at which both first held.
 */
import { isPositiveClass } from '../antibody';
import { daysBetween } from '../dates';
import type { Analyte } from '../types';
import { analyteLabel, countWord, describeTiter, resultIds, titerOn } from './format';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import type { PreparedData, TiterPoint } from './prepare';
import { idsOf, latestAssayRuns } from './series';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

export interface NegativeRun {
  analyte: Analyte;
  /** The trailing negative results, oldest first (non-empty). */
  negatives: TiterPoint[];
  /** The trailing negatives of the latest result's assay (non-empty; with two assays on the latest day, the one with the longer run). */
  sameAssay: TiterPoint[];
  /** The latest positive or strong result before the run. */
  priorPositive: TiterPoint;
}

export function negativeRun(analyte: Analyte, points: readonly TiterPoint[]): NegativeRun | null {
  let start = points.length;
  while (start > 0 && points[start - 1]?.cls === 'negative') start -= 1;
  const negatives = points.slice(start);
  const priorPositive = points
    .slice(0, start)
    .reverse()
    .find((p) => p.cls !== null && isPositiveClass(p.cls));
  const last = negatives[negatives.length - 1];
  if (!last || !priorPositive) return null;
  // With two labs' negatives on the latest day, the assay with the longer run of negatives.
  const runs = latestAssayRuns(negatives);
  const sameAssay = runs.reduce((best, r) => ((r[0] as TiterPoint).date < (best[0] as TiterPoint).date ? r : best), runs[0] as TiterPoint[]);
  return { analyte, negatives, sameAssay, priorPositive };
}

/** Index in run.sameAssay at which the sustained rule first held, or -1. */
export function sustainedFrom(run: NegativeRun, settings: SignalSettings): number {
  const first = run.sameAssay[0];
  if (!first) return -1;
  return run.sameAssay.findIndex(
    (p, i) => i + 1 >= settings.normalizationMinNegatives && daysBetween(first.date, p.date) >= settings.normalizationMinSpanDays,
  );
}

/** True when the negatives come from another assay than the last positive result. */
export function assayChangedSincePositive(run: NegativeRun): boolean {
  return run.sameAssay[0]?.result.assayId !== run.priorPositive.result.assayId;
}

export function titerNormalizedSignals(data: PreparedData): Signal[] {
  const signals: Signal[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    const run = negativeRun(analyte, points);
    const first = run?.negatives[0];
    const latest = run?.negatives[run.negatives.length - 1];
    if (!run || !first || !latest) continue;
    signals.push({
      code: 'titer-normalized',
      level: SIGNAL_LEVEL['titer-normalized'],
      analyte,
      since: first.date,
      resultIds: resultIds({ antibody: idsOf([run.priorPositive, ...run.negatives]) }),
      // The text names the first negative too, so it agrees with `since` (the date shown beside it).
      explanation:
        (first === latest
          ? `${analyteLabel(analyte)} ${titerOn(latest)} is negative`
          : `${analyteLabel(analyte)} negative since ${first.date} (${titerOn(first)}; latest ${titerOn(latest)})`) +
        `, after a positive result of ${describeTiter(run.priorPositive, false)} on ${run.priorPositive.date}.`,
      evidence: PINAL_FERNANDEZ_2019,
    });
  }
  return signals;
}

/** The analyte's sustained run, when the rule holds at its latest result. */
export function sustainedRun(analyte: Analyte, points: readonly TiterPoint[], settings: SignalSettings): { run: NegativeRun; at: number } | null {
  const run = negativeRun(analyte, points);
  if (!run) return null;
  const at = sustainedFrom(run, settings);
  return at < 0 ? null : { run, at };
}

export function normalizationSustainedSignals(data: PreparedData, settings: SignalSettings): Signal[] {
  const signals: Signal[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    const found = sustainedRun(analyte, points, settings);
    if (!found) continue;
    const { run, at } = found;
    const tail = run.sameAssay;
    const first = tail[0] as TiterPoint;
    const latest = tail[tail.length - 1] as TiterPoint;
    const since = tail[at] as TiterPoint;
    const span = daysBetween(first.date, latest.date);
    signals.push({
      code: 'normalization-sustained',
      level: SIGNAL_LEVEL['normalization-sustained'],
      analyte,
      since: since.date,
      resultIds: resultIds({ antibody: idsOf(tail) }),
      explanation:
        `${analyteLabel(analyte)} ${titerOn(first)} and ${titerOn(latest, latest.result.cutoff !== first.result.cutoff || latest.result.unit !== first.result.unit)}, ` +
        `${tail.length === 2 ? 'both' : 'all'} from ${latest.result.assayLabel}: negative ${countWord(tail.length)} in a row over ${span} days` +
        // `since` is the result at which the rule first held: named when it is not the latest, so the date beside the signal is in its text.
        (since === latest ? '.' : `; sustained since the result of ${since.date}.`),
      evidence: PINAL_FERNANDEZ_2019,
    });
  }
  return signals;
}
