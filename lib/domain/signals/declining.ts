/**
 * `titer-declining` (info), per analyte, within one assay (docs/clinical/signals.md).
 *
 * - Only the current assay run counts: the trailing consecutive results of the
 *   analyte that share the latest result's assay (a trend breaks where the assay
 *   changes, or at a same-day conflict). Qualitative-only results in the run are
 *   skipped; levels are value / cut-off, censored values taken at their bound.
 * - Never when the latest result is negative (titer-normalized says that, and a
 *   "fall" between censored "<5" values is noise), unclassifiable, or above the
 *   result before it, nor while a re-rise of the analyte is active (a re-rise is not
 *   a decline, even when the latest result repeats the one before).
 * - Rule A (strict fall): the last `decliningMinResults` levels each strictly below
 *   the one before (equal values, e.g. "<5" then "<5", do not fall).
 * - Rule B (slope since the peak): from the run's peak (its highest level, the latest
 *   one on a tie) to the latest result, >= `decliningMinResults` levels whose
 *   least-squares slope of ln(level) against days is negative, AND the latest level
 *   is <= (1 - declineFromPeakFraction) x the peak. Levels <= 0 are floored at 0.01 x
 *   cut-off for the logarithm; all results on one day give no slope.
 * - `since`: the date of the earliest result from which the rule held at every
 *   later result of the run.
 */
import { daysBetween } from '../dates';
import { isAbnormal } from '../antibody';
import { analyteLabel, levelText, num, resultIds } from './format';
import type { PreparedData, TiterPoint } from './prepare';
import { idsOf, latestAssayRuns, trailingStreakStart } from './series';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

interface Leveled extends TiterPoint {
  level: number;
}

const LOG_FLOOR = 0.01;

function strictFallAt(series: readonly Leveled[], k: number, n: number): boolean {
  if (k < n - 1) return false;
  for (let i = k - n + 2; i <= k; i += 1) {
    const prev = series[i - 1];
    const cur = series[i];
    if (!prev || !cur || !(cur.level < prev.level)) return false;
  }
  return true;
}

/** Least-squares slope of ln(level) per day; null when all points share one day. */
export function logLinearSlope(points: readonly Leveled[]): number | null {
  const first = points[0];
  if (!first) return null;
  const xs = points.map((p) => daysBetween(first.date, p.date));
  const ys = points.map((p) => Math.log(Math.max(p.level, LOG_FLOOR)));
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxx = 0;
  let sxy = 0;
  xs.forEach((x, i) => {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * ((ys[i] ?? 0) - meanY);
  });
  return sxx === 0 ? null : sxy / sxx;
}

/** The highest level; on a tie, the latest. */
function peakOf(points: readonly Leveled[]): Leveled | undefined {
  return points.reduce<Leveled | undefined>((best, p) => (best === undefined || p.level >= best.level ? p : best), undefined);
}

/** The points from the peak to the end. */
function sincePeak(points: readonly Leveled[]): Leveled[] {
  const peak = peakOf(points);
  return peak ? points.slice(points.lastIndexOf(peak)) : [];
}

function slopeFallAt(series: readonly Leveled[], k: number, settings: SignalSettings): boolean {
  const fromPeak = sincePeak(series.slice(0, k + 1));
  const latest = fromPeak[fromPeak.length - 1];
  const peak = fromPeak[0];
  if (fromPeak.length < settings.decliningMinResults || !latest || !peak) return false;
  const slope = logLinearSlope(fromPeak);
  return slope !== null && slope < 0 && latest.level <= (1 - settings.declineFromPeakFraction) * peak.level + 1e-12;
}

/** The latest result at k is above the cut-off and not above the one before it. */
function stillAbnormalAndNotRising(series: readonly Leveled[], k: number): boolean {
  const point = series[k];
  const before = series[k - 1];
  return point !== undefined && point.cls !== null && isAbnormal(point.cls) && (before === undefined || point.level <= before.level);
}

interface Decline {
  since: Leveled;
  used: Leveled[];
  explanation: string;
}

/** The decline of one assay's run, when the rule holds at its latest result. */
function declineOf(label: string, run: readonly TiterPoint[], settings: SignalSettings): Decline | null {
  const n = settings.decliningMinResults;
  const series = run.filter((p): p is Leveled => p.level !== null);
  const holds = (k: number) => stillAbnormalAndNotRising(series, k) && (strictFallAt(series, k, n) || slopeFallAt(series, k, settings));
  const start = trailingStreakStart(series.length, holds, n - 1);
  const latest = series[series.length - 1];
  const since = series[start];
  if (start < 0 || !latest || !since) return null;
  const assay = latest.result.assayLabel;
  if (strictFallAt(series, series.length - 1, n)) {
    // The falling sequence starts one before the first result that fell.
    const firstFall = trailingStreakStart(series.length, (k) => k > 0 && (series[k]?.level ?? 0) < (series[k - 1]?.level ?? 0));
    const used = series.slice(firstFall - 1);
    const first = used[0] ?? latest;
    return {
      since, used,
      explanation:
        `${label} fell on each of the last ${used.length} results of the same assay (${assay}), ` +
        `from ${levelText(first)} on ${first.date} to ${levelText(latest)} on ${latest.date}.`,
    };
  }
  const used = sincePeak(series);
  const peak = used[0] ?? latest;
  const perYear = (Math.exp((logLinearSlope(used) ?? 0) * 365) - 1) * 100;
  const below = (1 - latest.level / peak.level) * 100;
  return {
    since, used,
    explanation:
      `${label} trend over ${used.length} results of the same assay (${assay}) since its peak falls by about ${num(-perYear, 0)}% a year; ` +
      `the latest, ${levelText(latest)} on ${latest.date}, is ${num(below, 0)}% below the peak of ${levelText(peak)} on ${peak.date}.`,
  };
}

export function titerDecliningSignals(data: PreparedData, settings: SignalSettings, rerise: readonly Signal[]): Signal[] {
  const signals: Signal[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    if (rerise.some((r) => r.analyte === analyte)) continue;
    // Each assay of the latest day is its own run; the first (by assay name) that declines is named.
    const found = latestAssayRuns(points).map((run) => declineOf(analyteLabel(analyte), run, settings)).find((d) => d !== null);
    if (!found) continue;
    signals.push({
      code: 'titer-declining',
      level: SIGNAL_LEVEL['titer-declining'],
      analyte,
      since: found.since.date,
      resultIds: resultIds({ antibody: idsOf(found.used) }),
      explanation: found.explanation,
      evidence: PINAL_FERNANDEZ_2019,
    });
  }
  return signals;
}
