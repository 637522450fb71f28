/**
 * `titer-normalized` and `normalization-sustained` (info), per analyte, any assay
 * (docs/domain.md section 7).
 *
 * Decisions:
 * - Both need the trailing run of NEGATIVE results of the analyte (borderline and
 *   unclassifiable results are not negative and break the run) and a recorded
 *   positive or strong result of that analyte before it. No prior positive, no
 *   normalization: a patient who was never positive has nothing to normalize. The
 *   patient-level `hasPositiveHistory` flag does not count here because a signal
 *   must name the results that fired it.
 * - normalization-sustained: the run has >= normalizationMinNegatives results and
 *   spans >= normalizationMinSpanDays from its first to its last result (90 days
 *   fires, 89 does not). `since` = the run result at which both first held.
 * - titer-normalized `since` = the first negative of the run.
 */
import { isPositiveClass } from '../antibody';
import { daysBetween } from '../dates';
import type { Analyte } from '../types';
import { analyteLabel, countWord, describeTiter, resultIds, titerOn } from './format';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import type { PreparedData, TiterPoint } from './prepare';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

export interface NegativeRun {
  analyte: Analyte;
  /** The trailing negative results, oldest first (non-empty). */
  negatives: TiterPoint[];
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
  if (negatives.length === 0 || !priorPositive) return null;
  return { analyte, negatives, priorPositive };
}

/** Index in run.negatives at which the sustained rule first held, or -1. */
export function sustainedFrom(run: NegativeRun, settings: SignalSettings): number {
  const first = run.negatives[0];
  if (!first) return -1;
  return run.negatives.findIndex(
    (p, i) => i + 1 >= settings.normalizationMinNegatives && daysBetween(first.date, p.date) >= settings.normalizationMinSpanDays,
  );
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
      resultIds: resultIds({ antibody: [run.priorPositive.result.id, ...run.negatives.map((p) => p.result.id)] }),
      explanation:
        `${analyteLabel(analyte)} ${titerOn(latest)} is negative, after a positive result of ` +
        `${describeTiter(run.priorPositive, false)} on ${run.priorPositive.date}.`,
      evidence: PINAL_FERNANDEZ_2019,
    });
  }
  return signals;
}

export function normalizationSustainedSignals(data: PreparedData, settings: SignalSettings): Signal[] {
  const signals: Signal[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    const run = negativeRun(analyte, points);
    if (!run) continue;
    const at = sustainedFrom(run, settings);
    const first = run.negatives[0];
    const latest = run.negatives[run.negatives.length - 1];
    const sinceResult = run.negatives[at];
    if (at < 0 || !first || !latest || !sinceResult) continue;
    const span = daysBetween(first.date, latest.date);
    signals.push({
      code: 'normalization-sustained',
      level: SIGNAL_LEVEL['normalization-sustained'],
      analyte,
      since: sinceResult.date,
      resultIds: resultIds({ antibody: run.negatives.map((p) => p.result.id) }),
      explanation:
        `${analyteLabel(analyte)} ${titerOn(first)} and ${titerOn(latest, latest.result.cutoff !== first.result.cutoff || latest.result.unit !== first.result.unit)}: ` +
        `negative ${countWord(run.negatives.length)} in a row over ${span} days.`,
      evidence: PINAL_FERNANDEZ_2019,
    });
  }
  return signals;
}
