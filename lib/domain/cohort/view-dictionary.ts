/**
 * The data dictionary of the cohort views' CSVs (./csv.ts): every column any view
 * writes, with its type and meaning. Columns named after settings ("intervals 3-6
 * months", "no titer in 12 months") are described by their pattern.
 */
import type { ColumnDefinition } from './tidy-csv';

type Definition = Omit<ColumnDefinition, 'column'>;

const DATE_NOTE = 'De-identified files: moved back by the patient\'s random shift (1 to 365 days, one per patient per export).';

export const VIEW_DICTIONARY: Readonly<Record<string, Definition>> = {
  section: { type: 'category', description: 'Which part of the view the row belongs to (group, prevalence, per-patient value, comparison, summary, patient, pair, count, assay, titer series).' },
  measure: { type: 'text', description: 'What the row is about (a feature, a measure with its unit, or the paired measure).' },
  group: { type: 'category', values: 'Anti-Mi2+ DM, Anti-Mi2− DM, Antisynthetase, IMNM, Other', description: 'Diagnosis group.' },
  patients: { type: 'integer', description: 'Number of patients the row counts.' },
  count: { type: 'integer', description: 'Patients with the feature (prevalence) or in the course row.' },
  percent: { type: 'number', unit: '%', description: 'count / patients × 100.' },
  median: { type: 'number', description: 'Median of the per-patient values (unit in measure). Blank in de-identified files when fewer than 5 patients are summarised (the value would be theirs).' },
  q1: { type: 'number', description: 'First quartile of the per-patient values (blank as for median).' },
  q3: { type: 'number', description: 'Third quartile of the per-patient values (blank as for median).' },
  compared_with: { type: 'category', description: 'The group compared with the reference group (Anti-Mi2+ DM).' },
  p_value: { type: 'number', description: 'Two-sided p-value of the test named in test.' },
  test: { type: 'text', description: 'The statistical test, or why it was not computed.' },
  statistic: { type: 'category', values: 'r_rm, rho_of_patient_means, spearman_rho, patients_followed_on_one_assay, patients_with_other_assays_left_out, titer_days_left_out', description: 'Which statistic value holds.' },
  value: { type: 'number', description: 'The statistic named in statistic; in pair rows, the paired measure (CK in U/L or MMT-8 0-80).' },
  pairs: { type: 'integer', description: 'Titer-measure pairs counted.' },
  df: { type: 'integer', description: 'Degrees of freedom of the repeated-measures correlation.' },
  ci_low: { type: 'number', description: 'Lower limit of the 95% confidence interval.' },
  ci_high: { type: 'number', description: 'Upper limit of the 95% confidence interval.' },
  patient: { type: 'text', description: 'De-identified: a random pseudonym drawn for this export only. Identified: the medical record number.' },
  assay: { type: 'text', description: 'The anti-Mi2 assay (and its laboratory).' },
  titer_date: { type: 'date', unit: 'YYYY-MM-DD', description: `Date of the titer. ${DATE_NOTE}` },
  titer_x_cutoff: { type: 'number', description: 'The titer in multiples of its assay\'s cut-off.' },
  measured_on: { type: 'date', unit: 'YYYY-MM-DD', description: `Date of the paired measure. ${DATE_NOTE}` },
  row: { type: 'category', values: 'serial, declined, normalized, stopped, relapsed, stopped-no-relapse, too-early', description: 'The course table\'s row.' },
  label: { type: 'text', description: 'The row as the page names it.' },
  definition: { type: 'text', description: 'How the row is counted, with the settings in force.' },
  of: { type: 'integer', description: 'The denominator of count.' },
  study_count: { type: 'integer', description: 'The same row in Pinal-Fernandez et al. 2019 (4-year follow-up only).' },
  analyte: { type: 'category', values: 'mi2-alpha, mi2-beta, mi2', description: 'The anti-Mi2 analyte. Course rows: the one whose results span the minimum (first_titer, last_titer, years and results are its); normalization, relapse and followed_until read every anti-Mi2 analyte.' },
  first_titer: { type: 'date', unit: 'YYYY-MM-DD', description: `First titer of the analyte in analyte. ${DATE_NOTE}` },
  last_titer: { type: 'date', unit: 'YYYY-MM-DD', description: `Last titer. ${DATE_NOTE}` },
  years: { type: 'number', unit: 'years', description: 'Titer follow-up from first to last titer.' },
  results: { type: 'integer', description: 'Number of results.' },
  declined: { type: 'category', values: 'yes, no', description: 'The titer declined from its peak by the set fraction.' },
  normalized_on: { type: 'date', unit: 'YYYY-MM-DD', description: `First day on which every anti-Mi2 analyte's latest result was negative and normalization was sustained in at least one (blank: never). ${DATE_NOTE}` },
  stopped_from: { type: 'date', unit: 'YYYY-MM-DD', description: `First day off immunosuppression after normalization. ${DATE_NOTE}` },
  relapse_on: { type: 'date', unit: 'YYYY-MM-DD', description: `Relapse date. ${DATE_NOTE}` },
  relapse_how: { type: 'category', values: 'titer re-rise, treatment restarted', description: 'How the relapse showed (titer re-rise: a re-rise or a positive result of any anti-Mi2 analyte).' },
  followed_until: { type: 'date', unit: 'YYYY-MM-DD', description: `Latest classifiable titer of any anti-Mi2 analyte. ${DATE_NOTE}` },
  too_early: { type: 'category', values: 'yes, no', description: 'Stopped without relapse but followed for less than the minimum after stopping.' },
  with_titer: { type: 'integer', description: 'Patients with at least one titer.' },
  serial: { type: 'integer', description: 'Patients with serial titers.' },
  median_interval_days: { type: 'number', unit: 'days', description: 'Median of the per-patient median intervals between titers. Blank in de-identified files when fewer than 5 patients have serial titers (the value would be theirs).' },
  q1_days: { type: 'number', unit: 'days', description: 'First quartile of those medians (blank as for median_interval_days).' },
  q3_days: { type: 'number', unit: 'days', description: 'Third quartile of those medians (blank as for median_interval_days).' },
  intervals: { type: 'integer', description: 'Intervals between consecutive titers.' },
  overdue_signal: { type: 'integer', description: 'Patients with an active "titer overdue" signal.' },
  method: { type: 'category', description: 'Assay method.' },
  unit: { type: 'text', description: 'The assay\'s unit.' },
  qualitative_only: { type: 'integer', description: 'Results with a category only (no number).' },
  first: { type: 'date', unit: 'YYYY-MM-DD', description: 'First result with the assay in the selection. Blank in de-identified files when fewer than 5 patients had the assay (the dates would be theirs).' },
  last: { type: 'date', unit: 'YYYY-MM-DD', description: 'Last result with the assay (blank as for first).' },
};

/** The definition of a column, patterned columns included. */
export function viewColumnDefinition(column: string): Definition {
  const fixed = VIEW_DICTIONARY[column];
  if (fixed) return fixed;
  if (column.startsWith('intervals ')) return { type: 'integer', description: `Intervals between consecutive titers of ${column.slice('intervals '.length)}.` };
  if (column.startsWith('no titer in ')) return { type: 'integer', description: `Patients without a titer ${column.slice(3)}.` };
  return { type: 'text', description: '' };
}
