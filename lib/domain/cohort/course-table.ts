/**
 * The long-term course table: the study's "10 / 3 / 2" (docs/clinical/evidence.md)
 * next to the clinic's own counts, each count with the patients behind it and each row
 * with its definition.
 */
import type { SignalSettings } from '../signals/types';
import { COURSE_ROWS, courseRowsOf, type CourseRecord, type CourseRow } from './course';

/** Row labels; `years` is the minimum span asked for. */
export function courseRowLabel(row: CourseRow, years: number): string {
  switch (row) {
    case 'serial': return `Serial titers over ≥ ${years} ${years === 1 ? 'year' : 'years'}`;
    case 'declined': return 'Titers declined';
    case 'normalized': return 'Titers normalized';
    case 'stopped': return 'Stopped immunosuppression after normalizing';
    case 'relapsed': return 'Relapsed after normalizing (titer re-rise or treatment restarted)';
    case 'stopped-no-relapse': return 'Stopped and never relapsed';
    case 'too-early': return 'Stopped, too early to tell';
  }
}

/** What each row counts, in the words of the rules (shown beside the row). */
export function courseRowDefinition(row: CourseRow, years: number, minFollowUpMonths: number, s: Pick<SignalSettings, 'normalizationMinNegatives' | 'normalizationMinSpanDays' | 'declineFromPeakFraction' | 'treatmentGapDays'>): string {
  switch (row) {
    case 'serial': return `Two or more results of one anti-Mi2 analyte, the first and last at least ${years} ${years === 1 ? 'year' : 'years'} apart.`;
    case 'declined': return `In one assay, a later level at most ${Math.round((1 - s.declineFromPeakFraction) * 100)}% of an earlier one, or normalized.`;
    case 'normalized': return `The latest result of every anti-Mi2 analyte the patient has is negative, and one of them is negative on ${s.normalizationMinNegatives} or more results of one assay in a row over at least ${s.normalizationMinSpanDays} days, after a positive one. A single negative is not counted, nor is a day whose results disagree.`;
    case 'stopped': return `Immunosuppression stopped on or after the day normalization became sustained (gaps shorter than ${s.treatmentGapDays} days and the interval a pulse therapy covers are not stops).`;
    case 'relapsed': return 'After normalizing: a titer re-rise or a positive result of any anti-Mi2 analyte, or an immunosuppressant started again after the stop.';
    case 'stopped-no-relapse': return `Stopped, no relapse, and titers (any anti-Mi2 analyte) followed for at least ${minFollowUpMonths} months after the stop.`;
    case 'too-early': return `Stopped and no relapse so far, but titers (any anti-Mi2 analyte) followed for less than ${minFollowUpMonths} months after the stop.`;
  }
}

/** Which row each count is a part of, for the "of N" column. */
export const COURSE_PARENT: Readonly<Record<CourseRow, CourseRow | null>> = {
  serial: null, declined: 'serial', normalized: 'serial', stopped: 'normalized', relapsed: 'normalized', 'stopped-no-relapse': 'stopped', 'too-early': 'stopped',
};

/**
 * Pinal-Fernandez et al., Neurology 2019 (abstract): 10 patients with serum over >= 4
 * years; declined in all 10, normalized in 3, 2 of them stopped immunosuppression and
 * never relapsed. The abstract does not say whether the third relapsed: null.
 */
export const STUDY_COURSE: Readonly<Record<CourseRow, number | null>> = {
  serial: 10, declined: 10, normalized: 3, stopped: 2, relapsed: null, 'stopped-no-relapse': 2, 'too-early': null,
};

export interface CourseTableRow {
  row: CourseRow;
  count: number;
  /** The count of the parent row (the denominator), or null for the first row. */
  of: number | null;
  patientIds: number[];
}

export function courseTable(records: readonly CourseRecord[]): CourseTableRow[] {
  const ids = new Map<CourseRow, number[]>(COURSE_ROWS.map((r) => [r, []]));
  for (const rec of records) for (const row of courseRowsOf(rec)) ids.get(row)?.push(rec.patientId);
  return COURSE_ROWS.map((row) => {
    const patientIds = ids.get(row) ?? [];
    const parent = COURSE_PARENT[row];
    return { row, count: patientIds.length, of: parent ? (ids.get(parent)?.length ?? 0) : null, patientIds };
  });
}
