/**
 * Long-term course of anti-Mi2 titers (docs/domain.md section 1: "10 patients with
 * serum over >= 4 years: titers declined in all, normalized in 3; 2 of those 3
 * stopped immunosuppression and never relapsed"). Uses the signal engine's own
 * rules and site settings (docs/domain.md section 7), applied over the patient's
 * whole history instead of only at the latest result:
 *
 * - Serial: >= 2 classifiable results of one analyte whose first and last are at
 *   least `minYears` x 365.25 days apart. With several analytes, the one with the
 *   longest span (then the most results) is followed.
 * - Declined: within one assay, a later level at most (1 - declineFromPeakFraction)
 *   x an earlier one (the fall-from-peak part of `titer-declining`), or normalized.
 * - Normalized: the first result at which `titer-normalized` would have fired
 *   (a negative after a positive or strong result; `negativeRun`).
 * - Stopped: on some day on or after normalization no immunosuppressant was taken,
 *   after one had been (epoch ends are the last day taken; section 6).
 * - Relapsed: after normalization, `titer-rerise` would have fired at a result
 *   (seroreversion or a rise to reriseFactor x the nadir), or an immunosuppressant
 *   was started again after the stop. The earlier of the two is reported.
 */
import { addDays, daysBetween } from '../dates';
import { prepareInput, type PreparedData, type TiterPoint } from '../signals/prepare';
import { negativeRun, sustainedFrom } from '../signals/normalization';
import { titerReriseSignals } from '../signals/rerise';
import type { SignalSettings } from '../signals/types';
import { ANALYTES, type Analyte, type AntibodyResult, type MedicationEpoch } from '../types';

export interface CourseInput {
  patientId: number;
  antibodyResults: readonly AntibodyResult[];
  medications: readonly MedicationEpoch[];
}

export interface CourseRecord {
  patientId: number;
  analyte: Analyte;
  firstOn: string;
  lastOn: string;
  years: number;
  results: number;
  declined: boolean;
  normalizedOn: string | null;
  /** The negative run reached `normalization-sustained` at some point. */
  sustained: boolean;
  /** First day off immunosuppression on or after normalization. */
  stoppedFrom: string | null;
  relapse: { on: string; how: 'titer re-rise' | 'treatment restarted' } | null;
}

export const COURSE_ROWS = ['serial', 'declined', 'normalized', 'stopped', 'relapsed', 'stopped-no-relapse'] as const;
export type CourseRow = (typeof COURSE_ROWS)[number];

export const YEAR_DAYS = 365.25;

function followedAnalyte(data: PreparedData, minDays: number): { analyte: Analyte; points: TiterPoint[]; span: number } | null {
  let best: { analyte: Analyte; points: TiterPoint[]; span: number } | null = null;
  for (const analyte of ANALYTES) {
    const points = (data.byAnalyte.get(analyte) ?? []).filter((p) => p.cls !== null);
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last || points.length < 2) continue;
    const span = daysBetween(first.date, last.date);
    if (span < minDays) continue;
    if (!best || span > best.span || (span === best.span && points.length > best.points.length)) best = { analyte, points, span };
  }
  return best;
}

function fellFromPeak(points: readonly TiterPoint[], fraction: number): boolean {
  const peakByAssay = new Map<number, number>();
  for (const p of points) {
    if (p.level === null) continue;
    const peak = peakByAssay.get(p.result.assayId);
    if (peak !== undefined && p.level <= (1 - fraction) * peak + 1e-12) return true;
    peakByAssay.set(p.result.assayId, Math.max(peak ?? -Infinity, p.level));
  }
  return false;
}

/** First day >= `from` with no immunosuppressant taken, after one had been; null if never. */
export function offImmunosuppressionFrom(medications: readonly MedicationEpoch[], from: string, asOf: string): string | null {
  const epochs = medications.filter((m) => m.immunosuppressant && m.startOn <= asOf).sort((a, b) => (a.startOn < b.startOn ? -1 : 1));
  let day = from;
  for (let moved = true; moved; ) {
    moved = false;
    for (const e of epochs) {
      if (e.startOn <= day && (e.endOn === null || e.endOn >= day)) {
        if (e.endOn === null) return null;
        day = addDays(e.endOn, 1);
        moved = true;
      }
    }
  }
  return day <= asOf && epochs.some((e) => e.startOn < day) ? day : null;
}

/** The course of one patient, or null when the titers do not span `minYears`. */
export function classifyCourse(input: CourseInput, asOf: string, settings: SignalSettings, minYears: number): CourseRecord | null {
  const meds = input.medications.filter((m) => !m.enteredInError);
  const data = prepareInput({ antibodyResults: input.antibodyResults, enzymeResults: [], visits: [], medications: meds }, asOf);
  const followed = followedAnalyte(data, Math.ceil(minYears * YEAR_DAYS));
  if (!followed) return null;
  const { analyte, points } = followed;
  const normalizedAt = points.findIndex((_, k) => negativeRun(analyte, points.slice(0, k + 1)) !== null);
  const normalized = points[normalizedAt];
  const sustained = points.some((_, k) => {
    const run = negativeRun(analyte, points.slice(0, k + 1));
    return run !== null && sustainedFrom(run, settings) >= 0;
  });
  const stoppedFrom = normalized ? offImmunosuppressionFrom(data.medications, normalized.date, asOf) : null;
  let relapse: CourseRecord['relapse'] = null;
  if (normalized) {
    const rerise = points.findIndex((_, k) => k > normalizedAt && titerReriseSignals({ ...data, byAnalyte: new Map([[analyte, points.slice(0, k + 1)]]) }, settings).length > 0);
    const reriseOn = points[rerise]?.date;
    const restartOn = stoppedFrom ? data.medications.find((m) => m.immunosuppressant && m.startOn >= stoppedFrom && m.startOn <= asOf)?.startOn : undefined;
    if (reriseOn && (!restartOn || reriseOn <= restartOn)) relapse = { on: reriseOn, how: 'titer re-rise' };
    else if (restartOn) relapse = { on: restartOn, how: 'treatment restarted' };
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  return {
    patientId: input.patientId, analyte, firstOn: first.date, lastOn: last.date, years: followed.span / YEAR_DAYS, results: points.length,
    declined: normalized !== undefined || fellFromPeak(points, settings.declineFromPeakFraction),
    normalizedOn: normalized?.date ?? null, sustained, stoppedFrom, relapse,
  };
}

/** Which course rows a record counts in (the study's table, each row a subset of the one it refines). */
export function courseRowsOf(r: CourseRecord): CourseRow[] {
  const rows: CourseRow[] = ['serial'];
  if (r.declined) rows.push('declined');
  if (r.normalizedOn) rows.push('normalized');
  if (r.normalizedOn && r.stoppedFrom) rows.push('stopped');
  if (r.normalizedOn && r.relapse) rows.push('relapsed');
  if (r.normalizedOn && r.stoppedFrom && !r.relapse) rows.push('stopped-no-relapse');
  return rows;
}
