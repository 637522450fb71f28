/**
 * What each cohort view hands to the page and the CSV: plain data, one shape per
 * view, so the page and the download can never disagree.
 */
import type { ActivityAnalyte, ActivityMeasure, MeasureAnalysis } from './activity';
import type { CourseRecord, CourseRow } from './course';
import type { CourseTableRow } from './course-table';
import type { SignalSettings } from '../signals/types';
import type { AssayUsage, FollowUpGroupRow } from './follow-up';
import type { PhenotypeTable } from './phenotype';
import type { SeriesSummary } from './titer-series';
import type { CohortPatient, GroupSize } from './types';

interface Base {
  /** Selected patients per selected group. */
  sizes: GroupSize[];
  total: number;
  /** Every selected patient by id (names and MRNs for the lists). */
  patients: ReadonlyMap<number, CohortPatient>;
}

export interface PhenotypeView extends Base {
  view: 'phenotype';
  table: PhenotypeTable;
}

export interface ActivityView extends Base {
  view: 'activity';
  /** Anti-Mi2-positive DM patients in the selection (the only ones paired). */
  eligible: number;
  windowDays: number;
  analyte: ActivityAnalyte;
  /** One assay per patient: how many patients had levels of other assays left out. */
  series: SeriesSummary;
  analysis: Record<ActivityMeasure, MeasureAnalysis>;
}

export interface CourseView extends Base {
  view: 'course';
  eligible: number;
  years: number;
  /** Months of titer follow-up after a stop before "never relapsed" is said. */
  afterStop: number;
  settings: Pick<SignalSettings, 'normalizationMinNegatives' | 'normalizationMinSpanDays' | 'declineFromPeakFraction' | 'treatmentGapDays'>;
  records: CourseRecord[];
  table: CourseTableRow[];
  /** The row whose patients are listed, if one was asked for. */
  listed: CourseRow | null;
}

export interface FollowUpView extends Base {
  view: 'follow-up';
  overdueMonths: number;
  groups: FollowUpGroupRow[];
  assays: AssayUsage[];
}

export type CohortViewResult = PhenotypeView | ActivityView | CourseView | FollowUpView;
