/**
 * When a patient is "on immunosuppression": what the tapering signal and the course
 * table ask (docs/clinical/treatment.md).
 *
 * - A dose covers the days until the next one is due, counting its own day. An epoch
 *   taken daily covers start..end (its end is the last day taken); a weekly one covers
 *   six more days after its last dose; a pulse therapy given every few weeks or months
 *   (rituximab, IVIG, IV cyclophosphamide, methylprednisolone pulses) covers its dosing
 *   interval, so a rituximab course recorded as one-day epochs every 6 months is
 *   continuous treatment, not a stop and a restart each time.
 * - The interval is read from the epoch's frequency when it names one ("weekly",
 *   "every 4 weeks", "every 6 months"; months are calendar months counted from the last
 *   dose), else one day; an intravenous pulse therapy
 *   covers at least the drug's coverage setting (catalog default, editable by the
 *   site), so methylprednisolone pulses entered as "daily" for three days, or
 *   rituximab "per course", cover their interval.
 * - Gaps shorter than a tolerance (site setting, default 30 days, a local default) are
 *   continuous treatment: a switch from prednisone to methotrexate with a day between
 *   is not "stopped and restarted".
 */
import { addDays, addMonths, daysBetween } from './dates';
import { DRUG_CATALOG, findDrug, sameDrug } from './medications';
import type { MedicationEpoch } from './types';

/** Per catalog drug key: days one dose covers when the frequency does not say. */
export type DrugCoverageDays = Readonly<Record<string, number>>;

/** The catalog defaults (pulse therapies only; everything else covers its own day). */
export const DEFAULT_DRUG_COVERAGE_DAYS: DrugCoverageDays = Object.freeze(
  Object.fromEntries(DRUG_CATALOG.filter((d) => d.pulseCoverageDays !== undefined).map((d) => [d.key, d.pulseCoverageDays as number])),
);

type Epoch = Pick<MedicationEpoch, 'id' | 'drug' | 'route' | 'frequency' | 'startOn' | 'endOn' | 'immunosuppressant' | 'enteredInError'>;

const EVERY = /^(?:every|q)\s*(\d{1,3})?\s*(day|week|month)s?$/;

/**
 * Days between doses named by a frequency text, or null when it names none. Months are
 * calendar months from `doseOn`, the dose whose interval is wanted: the next dose is due
 * on the same day of the month, or on the month's last day when that month is shorter
 * (2024-07-31 monthly: due 2024-08-31, 31 days; 2024-01-31: due 2024-02-29, 29 days).
 */
export function frequencyIntervalDays(frequency: string, doseOn: string): number | null {
  const f = frequency.trim().toLowerCase().replace(/\s+/g, ' ');
  if (f === 'daily' || f === 'once daily' || f === 'twice daily' || f === 'three times daily') return 1;
  if (f === 'every other day') return 2;
  if (f === 'weekly' || f === 'once weekly' || f === 'once a week') return 7;
  if (f === 'monthly' || f === 'once a month') return daysBetween(doseOn, addMonths(doseOn, 1));
  const m = EVERY.exec(f);
  if (!m) return null;
  const n = Number(m[1] ?? '1');
  if (n < 1) return null;
  if (m[2] === 'day') return n;
  if (m[2] === 'week') return 7 * n;
  return daysBetween(doseOn, addMonths(doseOn, n));
}

/**
 * Days the epoch's last dose covers, counting its own day (>= 1). A calendar-month
 * interval is counted from the last dose (the end date), not from the epoch's start;
 * an epoch given without an end counts from its start.
 */
export function coverageDaysOf(
  epoch: Pick<Epoch, 'drug' | 'route' | 'frequency' | 'startOn'> & { endOn?: string | null },
  coverage: DrugCoverageDays,
): number {
  const fromFrequency = frequencyIntervalDays(epoch.frequency, epoch.endOn ?? epoch.startOn) ?? 1;
  const key = findDrug(epoch.drug)?.key;
  const pulse = epoch.route === 'iv' && key !== undefined && Object.hasOwn(coverage, key) ? coverage[key] : undefined;
  return pulse !== undefined && Number.isInteger(pulse) && pulse >= 1 ? Math.max(fromFrequency, pulse) : fromFrequency;
}

/** Last day covered by the epoch (null = ongoing). */
export function coveredUntil(epoch: Epoch, coverage: DrugCoverageDays): string | null {
  return epoch.endOn === null ? null : addDays(epoch.endOn, coverageDaysOf(epoch, coverage) - 1);
}

/** One stretch of continuous immunosuppression; `end` null = ongoing. */
export interface TreatmentSpan {
  start: string;
  /** Last day covered (coverage included); null when an epoch is ongoing. */
  end: string | null;
  epochIds: number[];
}

/**
 * Immunosuppressant epochs (hydroxychloroquine is not one) joined into continuous spans:
 * each epoch covers start..coveredUntil, and spans whose gap is shorter than
 * `gapToleranceDays` days are one span. Oldest first. Epochs entered in error never count.
 */
export function immunosuppressionSpans(epochs: readonly Epoch[], coverage: DrugCoverageDays, gapToleranceDays: number): TreatmentSpan[] {
  const ranges = epochs
    .filter((e) => e.immunosuppressant && !e.enteredInError)
    .map((e) => ({ start: e.startOn, end: coveredUntil(e, coverage), id: e.id }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id - b.id));
  const spans: TreatmentSpan[] = [];
  for (const r of ranges) {
    const last = spans[spans.length - 1];
    // Days with no cover between the span's end and this start (none, or fewer than the tolerance: one span).
    const gap = last === undefined || last.end === null ? 0 : daysBetween(last.end, r.start) - 1;
    const continues = last !== undefined && (gap <= 0 || gap < gapToleranceDays);
    if (last && continues) {
      if (last.end !== null && (r.end === null || r.end > last.end)) last.end = r.end;
      last.epochIds.push(r.id);
    } else {
      spans.push({ start: r.start, end: r.end, epochIds: [r.id] });
    }
  }
  return spans;
}

/** The span covering `date` (coverage included, no tolerance beyond its end), if any. */
export function spanOn(spans: readonly TreatmentSpan[], date: string): TreatmentSpan | undefined {
  return spans.find((s) => s.start <= date && (s.end === null || date <= s.end));
}

/** The epochs whose own coverage includes `date`: what the patient is on that day. */
export function coveringEpochsOn<E extends Epoch>(epochs: readonly E[], date: string, coverage: DrugCoverageDays): E[] {
  return epochs.filter((e) => !e.enteredInError && e.startOn <= date && (e.endOn === null || date <= (coveredUntil(e, coverage) as string)));
}

/** One drug the patient is on at a date, named once (docs/clinical/treatment.md section 5). */
export interface CurrentDrug<E> {
  /** The drug's latest epoch started by the date: its dose, and its last dose when it has ended. */
  latest: E;
  /** Last day the drug covers (the latest of its covering epochs; null = ongoing). */
  coveredUntil: string | null;
  /** The drug's epochs whose own coverage includes the date, oldest first: the rule's evidence. */
  covering: E[];
}

/**
 * What the patient is on at `date`, one entry per drug (drug names compare as for
 * overlapping epochs), in the order the drugs were first started among the covering
 * epochs. Two rituximab infusions whose coverage both include the date, or methotrexate
 * 15 mg ended the day before 20 mg started, are one drug with its latest dose: never
 * two doses of one drug as if taken together.
 */
export function currentDrugsOn<E extends Epoch>(epochs: readonly E[], date: string, coverage: DrugCoverageDays): CurrentDrug<E>[] {
  const started = epochs
    .filter((e) => !e.enteredInError && e.startOn <= date)
    .sort((a, b) => (a.startOn < b.startOn ? -1 : a.startOn > b.startOn ? 1 : a.id - b.id));
  const out: CurrentDrug<E>[] = [];
  for (const e of coveringEpochsOn(started, date, coverage)) {
    const drug = out.find((d) => sameDrug(d.latest.drug, e.drug));
    if (drug) {
      drug.covering.push(e);
      continue;
    }
    const all = started.filter((x) => sameDrug(x.drug, e.drug));
    const covering = [e];
    out.push({ latest: all[all.length - 1] as E, coveredUntil: null, covering });
  }
  for (const d of out) {
    const ends = d.covering.map((e) => coveredUntil(e, coverage));
    d.coveredUntil = ends.includes(null) ? null : (ends as string[]).reduce((a, b) => (b > a ? b : a));
  }
  return out;
}
