/**
 * Follow-up quality: how regularly titers are drawn, who is overdue, and which
 * assays the results come from (docs/clinical/assays.md and docs/clinical/signals.md: results compare
 * only within one assay; `titer-overdue` after 12 months by default).
 *
 * Decisions:
 * - A "titer date" is a day with at least one live anti-Mi2 result of any analyte
 *   (Mi-2alpha and Mi-2beta from one blood draw are one draw).
 * - Each patient's median interval is summarised per group, so a patient with 40
 *   draws weighs as much as one with 3; the histogram counts every interval.
 * - Overdue: the stored `titer-overdue` signal (positive history, no titer for more
 *   than the interval), and, for every patient, no titer in that interval at all.
 */
import { addMonths, daysBetween } from '../dates';
import { medianIqr, type MedianIqr } from './describe';
import { COHORT_GROUPS, type CohortGroup, type CohortPatient } from './types';

export const INTERVAL_BINS = [
  { label: '≤ 3 months', maxDays: 91 },
  { label: '3-6 months', maxDays: 183 },
  { label: '6-12 months', maxDays: 365 },
  { label: '1-2 years', maxDays: 730 },
  { label: '> 2 years', maxDays: Infinity },
] as const;

export interface FollowUpGroupRow {
  group: CohortGroup;
  patients: number;
  withTiter: number;
  /** Patients with two or more titer dates (an interval to measure). */
  serial: number;
  perPatientMedian: MedianIqr | null;
  intervals: number;
  bins: number[];
  overdueSignal: number;
  noRecentTiter: number;
}

export interface FollowUpInput {
  patients: readonly CohortPatient[];
  /** Distinct titer dates per patient (any order). */
  titerDates: ReadonlyMap<number, readonly string[]>;
  /** Patients with a stored `titer-overdue` signal. */
  overdue: ReadonlySet<number>;
  today: string;
  /** The site's titer-overdue interval, in calendar months. */
  overdueMonths: number;
}

/** Intervals in days between consecutive distinct dates. */
export function intervalsOf(dates: readonly string[]): number[] {
  const sorted = [...new Set(dates)].sort();
  return sorted.slice(1).map((d, i) => daysBetween(sorted[i] as string, d));
}

export function followUpByGroup(groups: readonly CohortGroup[], input: FollowUpInput): FollowUpGroupRow[] {
  return COHORT_GROUPS.filter((g) => groups.includes(g)).map((group) => {
    const members = input.patients.filter((p) => p.group === group);
    const medians: number[] = [];
    const bins = new Array<number>(INTERVAL_BINS.length).fill(0);
    let withTiter = 0;
    let intervals = 0;
    let noRecentTiter = 0;
    for (const p of members) {
      const dates = input.titerDates.get(p.id) ?? [];
      const last = dates.reduce<string | null>((m, d) => (m === null || d > m ? d : m), null);
      if (last === null || input.today > addMonths(last, input.overdueMonths)) noRecentTiter += 1;
      if (dates.length > 0) withTiter += 1;
      const gaps = intervalsOf(dates);
      const m = medianIqr(gaps);
      if (m) medians.push(m.median);
      intervals += gaps.length;
      for (const g of gaps) {
        const i = INTERVAL_BINS.findIndex((b) => g <= b.maxDays);
        bins[i] = (bins[i] ?? 0) + 1;
      }
    }
    return {
      group, patients: members.length, withTiter, serial: medians.length, perPatientMedian: medianIqr(medians), intervals, bins,
      overdueSignal: members.filter((p) => input.overdue.has(p.id)).length, noRecentTiter,
    };
  });
}

/** One assay's share of the selected patients' results. */
export interface AssayUsage {
  assayId: number;
  label: string;
  analyte: string;
  method: string;
  unit: string;
  results: number;
  patients: number;
  /** Results with a category only (no number): no level, no trend. */
  qualitativeOnly: number;
  firstOn: string;
  lastOn: string;
}
