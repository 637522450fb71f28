/**
 * Long-term course of anti-Mi2 titers (Pinal-Fernandez et al., Neurology 2019: "10
 * patients with serum over >= 4 years: titers declined in all, normalized in 3; 2 of
 * those 3 stopped immunosuppression and never relapsed"), counted with the signal
 * engine's rules and site settings (docs/clinical/signals.md) over each patient's
 * whole history. Each row's definition is shown beside it (courseRowDefinition):
 *
 * - Serial: >= 2 classifiable results of one analyte whose first and last are at
 *   least `minYears` x 365.25 days apart. With several analytes, the one with the
 *   longest span (then the most results) is followed.
 * - Declined: within one assay, a later level at most (1 - declineFromPeakFraction)
 *   x an earlier one (the fall-from-peak part of `titer-declining`), or normalized.
 * - Normalized: SUSTAINED normalization (`normalization-sustained`: two or more
 *   negatives of one assay over 90 days by default) at some point. One negative is
 *   not normalization: 60, 4, 40, 45 never normalized.
 * - Stopped after normalizing: a stop of immunosuppression ON OR AFTER the sustained
 *   normalization: the first day after a treatment span ends (spans join gaps shorter
 *   than treatmentGapDays; pulse therapies cover their interval). A stop before the
 *   normalization is not one.
 * - Relapsed: after normalization, `titer-rerise` would have fired at a result, or an
 *   immunosuppressant was started again after the stop. The earlier is reported.
 * - Without relapse: stopped, not relapsed, and titers followed for at least
 *   `minFollowUpMonths` after the stop (the latest titer of the analyte); with less,
 *   "too early to tell".
 */
import { addDays, addMonths, daysBetween } from '../dates';
import { prepareInput, type PreparedData, type TiterPoint } from '../signals/prepare';
import { sustainedRun } from '../signals/normalization';
import { titerReriseSignals } from '../signals/rerise';
import type { SignalSettings } from '../signals/types';
import { immunosuppressionSpans, type TreatmentSpan } from '../treatment-coverage';
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
  /** The first day sustained normalization held (null: never). */
  normalizedOn: string | null;
  /** First day off immunosuppression on or after the sustained normalization. */
  stoppedFrom: string | null;
  relapse: { on: string; how: 'titer re-rise' | 'treatment restarted' } | null;
  /** The latest titer of the followed analyte: how far the course is known. */
  followedUntil: string;
  /** Stopped without relapse, but followed for less than the minimum after the stop. */
  tooEarly: boolean;
}

export const COURSE_ROWS = ['serial', 'declined', 'normalized', 'stopped', 'relapsed', 'stopped-no-relapse', 'too-early'] as const;
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

/** The first stop of treatment (the day after a span ends) on or after `from` and by `asOf`, or null. */
export function stopOnOrAfter(spans: readonly TreatmentSpan[], from: string, asOf: string): { stop: string; next: TreatmentSpan | undefined } | null {
  for (const [i, span] of spans.entries()) {
    if (span.end === null) return null;
    const stop = addDays(span.end, 1);
    if (stop >= from && stop <= asOf) return { stop, next: spans[i + 1] };
  }
  return null;
}

export interface CourseOptions {
  /** Minimum span of the titers, in years. */
  minYears: number;
  /** Minimum titer follow-up after a stop before "without relapse" is said, in months. */
  minFollowUpMonths: number;
}

/** The course of one patient, or null when the titers do not span `minYears`. */
export function classifyCourse(input: CourseInput, asOf: string, settings: SignalSettings, options: CourseOptions): CourseRecord | null {
  const meds = input.medications.filter((m) => !m.enteredInError);
  const data = prepareInput({ antibodyResults: input.antibodyResults, enzymeResults: [], visits: [], medications: meds }, asOf);
  const followed = followedAnalyte(data, Math.ceil(options.minYears * YEAR_DAYS));
  if (!followed) return null;
  const { analyte, points } = followed;
  const normalizedAt = points.findIndex((_, k) => sustainedRun(analyte, points.slice(0, k + 1), settings) !== null);
  const normalized = points[normalizedAt];
  const spans = immunosuppressionSpans(data.medications, settings.drugCoverageDays, settings.treatmentGapDays);
  const stopped = normalized ? stopOnOrAfter(spans, normalized.date, asOf) : null;
  let relapse: CourseRecord['relapse'] = null;
  if (normalized) {
    const rerise = points.findIndex((_, k) => k > normalizedAt && titerReriseSignals({ ...data, byAnalyte: new Map([[analyte, points.slice(0, k + 1)]]) }, settings).length > 0);
    const reriseOn = points[rerise]?.date;
    const restartOn = stopped?.next && stopped.next.start <= asOf ? stopped.next.start : undefined;
    if (reriseOn && (!restartOn || reriseOn <= restartOn)) relapse = { on: reriseOn, how: 'titer re-rise' };
    else if (restartOn) relapse = { on: restartOn, how: 'treatment restarted' };
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  const stoppedFrom = stopped?.stop ?? null;
  return {
    patientId: input.patientId, analyte, firstOn: first.date, lastOn: last.date, years: followed.span / YEAR_DAYS, results: points.length,
    declined: normalized !== undefined || fellFromPeak(points, settings.declineFromPeakFraction),
    normalizedOn: normalized?.date ?? null, stoppedFrom, relapse, followedUntil: last.date,
    tooEarly: stoppedFrom !== null && relapse === null && last.date < addMonths(stoppedFrom, options.minFollowUpMonths),
  };
}

/** Which course rows a record counts in (the study's table, each row a subset of the one it refines). */
export function courseRowsOf(r: CourseRecord): CourseRow[] {
  const rows: CourseRow[] = ['serial'];
  if (r.declined) rows.push('declined');
  if (r.normalizedOn) rows.push('normalized');
  if (r.normalizedOn && r.stoppedFrom) rows.push('stopped');
  if (r.normalizedOn && r.relapse) rows.push('relapsed');
  if (r.normalizedOn && r.stoppedFrom && !r.relapse) rows.push(r.tooEarly ? 'too-early' : 'stopped-no-relapse');
  return rows;
}
