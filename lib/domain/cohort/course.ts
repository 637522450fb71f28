/**
 * Long-term course of anti-Mi2 titers (Pinal-Fernandez et al., Neurology 2019: "10
 * patients with serum over >= 4 years: titers declined in all, normalized in 3; 2 of
 * those 3 stopped immunosuppression and never relapsed"), counted with the signal
 * engine's rules and site settings (docs/clinical/signals.md) over each patient's
 * whole history. The titers are the engine's own points (`prepareInput`): a day whose
 * results of one analyte disagree is one point that is neither negative nor positive,
 * never dropped. Each row's definition is shown beside it (courseRowDefinition):
 *
 * - Serial: >= 2 classifiable results of one analyte whose first and last are at
 *   least `minYears` x 365.25 days apart. With several analytes, the one with the
 *   longest span (then the most results) is the one whose span and results are shown.
 *   Normalization, relapse and follow-up read EVERY anti-Mi2 analyte the patient has,
 *   as the tapering signal does (docs/clinical/signals.md section 5, conditions 1-2).
 * - Declined: within one assay of the serial analyte, a later level at most
 *   (1 - declineFromPeakFraction) x an earlier one (the fall-from-peak part of
 *   `titer-declining`), or normalized.
 * - Normalized: the first result day on which, reading the record as it stood that
 *   day, the latest result of every analyte is negative and `normalization-sustained`
 *   holds for at least one (`sustainedRun`: two or more negatives of one assay over 90
 *   days by default). One negative is not normalization: 60, 4, 40, 45 never
 *   normalized; nor is a run broken by a day of disagreeing results.
 * - Stopped after normalizing: a stop of immunosuppression ON OR AFTER the sustained
 *   normalization: the first day after a treatment span ends (spans join gaps shorter
 *   than treatmentGapDays; pulse therapies cover their interval). A stop before the
 *   normalization is not one.
 * - Relapsed: after normalization, a positive or strong result of any analyte, or a
 *   result day at which `titer-rerise` would have fired for any analyte, or an
 *   immunosuppressant started again after the stop. The earlier is reported.
 * - Without relapse: stopped, not relapsed, and titers followed for at least
 *   `minFollowUpMonths` after the stop (the latest classifiable titer of any analyte);
 *   with less, "too early to tell".
 */
import { isPositiveClass } from '../antibody';
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
  /** The analyte whose results span the minimum (firstOn, lastOn, years, results are its). */
  analyte: Analyte;
  /** Every anti-Mi2 analyte read for normalization, relapse and follow-up. */
  analytes: Analyte[];
  firstOn: string;
  lastOn: string;
  years: number;
  results: number;
  declined: boolean;
  /** The first day sustained normalization held with every analyte negative (null: never). */
  normalizedOn: string | null;
  /** First day off immunosuppression on or after the sustained normalization. */
  stoppedFrom: string | null;
  relapse: { on: string; how: 'titer re-rise' | 'treatment restarted' } | null;
  /** The latest classifiable titer of any analyte: how far the course is known. */
  followedUntil: string;
  /** Stopped without relapse, but followed for less than the minimum after the stop. */
  tooEarly: boolean;
}

export const COURSE_ROWS = ['serial', 'declined', 'normalized', 'stopped', 'relapsed', 'stopped-no-relapse', 'too-early'] as const;
export type CourseRow = (typeof COURSE_ROWS)[number];

export const YEAR_DAYS = 365.25;

const classifiable = (p: TiterPoint) => p.cls !== null;

/** The analyte whose classifiable results span the longest (at least `minDays`), then the most results. */
function serialAnalyte(data: PreparedData, minDays: number): { analyte: Analyte; points: TiterPoint[]; span: number } | null {
  let best: { analyte: Analyte; points: TiterPoint[]; span: number } | null = null;
  for (const analyte of ANALYTES) {
    const points = (data.byAnalyte.get(analyte) ?? []).filter(classifiable);
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

/** Every analyte's points up to and including `day`: the record as the engine would have read it that day. */
function recordOn(data: PreparedData, day: string): Map<Analyte, TiterPoint[]> {
  const out = new Map<Analyte, TiterPoint[]>();
  for (const [analyte, points] of data.byAnalyte) {
    let n = 0;
    while (n < points.length && (points[n] as TiterPoint).date <= day) n += 1;
    if (n > 0) out.set(analyte, points.slice(0, n));
  }
  return out;
}

/** The tapering signal's conditions 1 and 2: every analyte's latest result negative, and normalization sustained in at least one. */
function normalizedIn(record: ReadonlyMap<Analyte, readonly TiterPoint[]>, settings: SignalSettings): boolean {
  const lists = [...record];
  const latestNegative = lists.every(([, points]) => {
    const last = points[points.length - 1] as TiterPoint;
    return points.filter((p) => p.date === last.date).every((p) => p.cls === 'negative');
  });
  return lists.length > 0 && latestNegative && lists.some(([analyte, points]) => sustainedRun(analyte, points, settings) !== null);
}

/** A positive or strong result of any analyte on `day`, or a re-rise the engine would raise reading the record that day. */
function relapsedOn(data: PreparedData, day: string, record: Map<Analyte, TiterPoint[]>, settings: SignalSettings): boolean {
  const positive = data.titers.some((p) => p.date === day && p.cls !== null && isPositiveClass(p.cls));
  return positive || titerReriseSignals({ ...data, byAnalyte: record }, settings).length > 0;
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

/** The course of one patient, or null when no analyte's titers span `minYears`. */
export function classifyCourse(input: CourseInput, asOf: string, settings: SignalSettings, options: CourseOptions): CourseRecord | null {
  const meds = input.medications.filter((m) => !m.enteredInError);
  const data = prepareInput({ antibodyResults: input.antibodyResults, enzymeResults: [], visits: [], medications: meds }, asOf);
  const serial = serialAnalyte(data, Math.ceil(options.minYears * YEAR_DAYS));
  if (!serial) return null;
  const { analyte, points } = serial;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  // Every result day of every analyte, oldest first: the days the engine would have read the record.
  const days = [...new Set(data.titers.map((p) => p.date))];
  const normalizedOn = days.find((day) => normalizedIn(recordOn(data, day), settings)) ?? null;
  const spans = immunosuppressionSpans(data.medications, settings.drugCoverageDays, settings.treatmentGapDays);
  const stopped = normalizedOn ? stopOnOrAfter(spans, normalizedOn, asOf) : null;
  let relapse: CourseRecord['relapse'] = null;
  if (normalizedOn) {
    const reriseOn = days.find((day) => day > normalizedOn && relapsedOn(data, day, recordOn(data, day), settings));
    const restartOn = stopped?.next && stopped.next.start <= asOf ? stopped.next.start : undefined;
    if (reriseOn && (!restartOn || reriseOn <= restartOn)) relapse = { on: reriseOn, how: 'titer re-rise' };
    else if (restartOn) relapse = { on: restartOn, how: 'treatment restarted' };
  }
  const followedUntil = data.titers.filter(classifiable).reduce((latest, p) => (p.date > latest ? p.date : latest), last.date);
  const stoppedFrom = stopped?.stop ?? null;
  return {
    patientId: input.patientId, analyte, analytes: [...data.byAnalyte.keys()], firstOn: first.date, lastOn: last.date, years: serial.span / YEAR_DAYS, results: points.length,
    declined: normalizedOn !== null || fellFromPeak(points, settings.declineFromPeakFraction),
    normalizedOn, stoppedFrom, relapse, followedUntil,
    tooEarly: stoppedFrom !== null && relapse === null && followedUntil < addMonths(stoppedFrom, options.minFollowUpMonths),
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
