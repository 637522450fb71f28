/**
 * `titer-rerise` (warning), per analyte (docs/clinical/signals.md).
 *
 * Two rules; one signal per analyte when either holds at the latest result:
 * - Factor rule (same assay only): within the current assay run (trailing results
 *   sharing the latest result's assay; each assay of the latest day has its own), the latest quantitative level is above the
 *   cut-off (classified borderline, positive or strong) and >= the factor x the
 *   nadir (lowest earlier level of the run, in x cut-off; ties: the latest). The
 *   factor is reriseFactor, or for dilution titers 2 ^ reriseDilutionSteps (two
 *   doubling dilutions by default: one step is ordinary run-to-run variation). A
 *   change of assay between nadir and rise starts a new run, so the factor rule
 *   does not apply across it; only seroreversion can then fire.
 * - Seroreversion (any assay of the analyte): a positive or strong result after the
 *   latest negative one. Borderline is neither negative nor positive. It stays
 *   until a negative result comes back.
 * `since`: factor rule, the first result from which it held at every later result
 * of the run; seroreversion, the first positive after the latest negative; the
 * earlier of the two when both hold.
 */
import { isAbnormal, isPositiveClass, TITER_UNIT } from '../antibody';
import { analyteLabel, levelText, num, resultIds, titerOn } from './format';
import { ANTI_MDA5_RERISE_2017 } from './evidence';
import type { PreparedData, TiterPoint } from './prepare';
import { idsOf, latestAssayRuns, trailingStreakStart } from './series';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

interface Leveled extends TiterPoint {
  level: number;
}

function nadirBefore(series: readonly Leveled[], k: number): Leveled | undefined {
  let nadir: Leveled | undefined;
  for (const p of series.slice(0, k)) if (nadir === undefined || p.level <= nadir.level) nadir = p;
  return nadir;
}

function factorRiseAt(series: readonly Leveled[], k: number, factor: number): boolean {
  const point = series[k];
  const nadir = nadirBefore(series, k);
  if (!point || !nadir || point.cls === null || !isAbnormal(point.cls)) return false;
  return point.level >= factor * nadir.level;
}

interface Finding {
  since: string;
  ids: number[];
  explanation: string;
}

/** The rise that counts: reriseFactor, or two doubling dilutions (by default) for a dilution titer. */
export function reriseFactorFor(point: TiterPoint, settings: Pick<SignalSettings, 'reriseFactor' | 'reriseDilutionSteps'>): number {
  return point.result.unit === TITER_UNIT ? 2 ** settings.reriseDilutionSteps : settings.reriseFactor;
}

function factorRise(analyte: string, run: readonly TiterPoint[], settings: SignalSettings): Finding | null {
  const series = run.filter((p): p is Leveled => p.level !== null);
  const lastPoint = series[series.length - 1];
  const factor = lastPoint ? reriseFactorFor(lastPoint, settings) : settings.reriseFactor;
  const start = trailingStreakStart(series.length, (k) => factorRiseAt(series, k, factor), 1);
  const latest = series[series.length - 1];
  const nadir = nadirBefore(series, series.length - 1);
  const first = series[start];
  if (start < 0 || !latest || !nadir || !first) return null;
  const ratio = nadir.level > 0 ? `${num(latest.level / nadir.level, 1)} times the nadir` : 'up from a nadir of 0';
  return {
    since: first.date,
    ids: idsOf([nadir, ...series.slice(start)]),
    explanation:
      `${analyte} rose from ${levelText(nadir)} (${titerOn(nadir, false)}) to ${levelText(latest)} ` +
      `(${titerOn(latest, false)}) in the same assay (${latest.result.assayLabel}), ${ratio}.`,
  };
}

function seroreversion(analyte: string, points: readonly TiterPoint[]): Finding | null {
  let lastNegative = -1;
  points.forEach((p, i) => {
    if (p.cls === 'negative') lastNegative = i;
  });
  const negative = points[lastNegative];
  const after = points.slice(lastNegative + 1);
  const firstPositive = after.find((p) => p.cls !== null && isPositiveClass(p.cls));
  const latest = points[points.length - 1];
  if (!negative || !firstPositive || !latest) return null;
  const latestText = latest === firstPositive ? '' : `; latest ${titerOn(latest)}`;
  return {
    since: firstPositive.date,
    ids: idsOf([negative, firstPositive, latest]),
    explanation: `${analyte} was negative (${titerOn(negative)}) and then positive (${titerOn(firstPositive)})${latestText}.`,
  };
}

export function titerReriseSignals(data: PreparedData, settings: SignalSettings): Signal[] {
  const signals: Signal[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    const label = analyteLabel(analyte);
    // The factor rule in each assay of the latest day (a second lab that day breaks no run).
    const findings = [seroreversion(label, points), ...latestAssayRuns(points).map((run) => factorRise(label, run, settings))].filter(
      (f): f is Finding => f !== null,
    );
    const main = findings[0];
    if (!main) continue;
    signals.push({
      code: 'titer-rerise',
      level: SIGNAL_LEVEL['titer-rerise'],
      analyte,
      since: findings.map((f) => f.since).reduce((a, b) => (b < a ? b : a)),
      resultIds: resultIds({ antibody: findings.flatMap((f) => f.ids) }),
      explanation: main.explanation,
      evidence: ANTI_MDA5_RERISE_2017,
    });
  }
  return signals;
}
