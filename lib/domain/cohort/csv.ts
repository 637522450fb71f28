/**
 * CSV of one cohort view: the numbers on the page in long ("tidy") form, one header
 * per view and a `section` column, so R or pandas read it without reshaping; numbers
 * are numbers (./tidy-csv.ts). Patients appear as the disclosure says: by pseudonym
 * with shifted dates (de-identified, the default), or by MRN with real dates; never
 * by name. Per-patient sections are left out when fewer than k patients are in them.
 * De-identified files never describe fewer than k patients by a value of theirs: a
 * median or quartile of 1-4 patients (of one patient, that patient's own value) and an
 * assay's first and last dates are left blank (`describesEnough`). Counts of patients,
 * percentages, correlations and p-values are given at every size, as on the page.
 */
import { courseRowDefinition, courseRowLabel, STUDY_COURSE } from './course-table';
import { K_ANONYMITY } from './deidentify';
import { INTERVAL_BINS } from './follow-up';
import { tidyCsv, type TidyCell } from './tidy-csv';
import { GROUP_SHORT } from './types';
import type { ActivityView, CohortViewResult, CourseView, FollowUpView, PhenotypeView } from './view';
import type { Comparison } from './phenotype';
import type { MedianIqr } from './describe';

type Row = Record<string, TidyCell>;

/** How patients appear in a view's per-patient sections. */
export interface ViewDisclosure {
  /** The patient column: a pseudonym, or the MRN. */
  patient(id: number): string;
  /** A date of the patient, shifted when de-identified. */
  date(id: number, date: string | null | undefined): string | null | undefined;
  /** False: the per-patient sections are left out (fewer patients than k). */
  showPatients: boolean;
  /** True: real dates and MRNs may be shown (a role that may export identified data asked for them). */
  identified: boolean;
}

/**
 * True: a value describing `patients` patients may be written. De-identified files leave
 * out what describes fewer than k = 5 (the dates or the median of one patient are that patient's own).
 */
const describesEnough = (d: ViewDisclosure, patients: number) => d.identified || patients >= K_ANONYMITY;

/** A median and quartiles, or none when they would describe fewer than k patients of a de-identified file. */
const summaryOf = (d: ViewDisclosure, s: MedianIqr | null | undefined): MedianIqr | null => (s && describesEnough(d, s.n) ? s : null);

const num = (n: number | null | undefined, digits = 4): number | null => (n === null || n === undefined || !Number.isFinite(n) ? null : Number(n.toPrecision(digits + 2)));

/** The columns of a view's table and its rows (the dictionary describes the same columns). */
export interface ViewTable { columns: string[]; rows: Row[] }
const table = (columns: readonly string[], rows: readonly Row[]): ViewTable => ({ columns: [...columns], rows: [...rows] });

const comparisonRows = (measure: string, ref: string, comparisons: readonly Comparison[]): Row[] =>
  comparisons.map((c) => ({
    section: 'comparison', measure, group: ref, compared_with: GROUP_SHORT[c.group],
    p_value: c.result.ok ? num(c.result.p) : '', test: c.result.ok ? c.result.test : `not computed: ${c.result.reason}`,
  }));

function phenotypeCsv(v: PhenotypeView, d: ViewDisclosure): ViewTable {
  const ref = v.table.reference ? GROUP_SHORT[v.table.reference] : '';
  const rows: Row[] = v.sizes.map((s) => ({ section: 'group', group: GROUP_SHORT[s.group], patients: s.n }));
  for (const r of v.table.binary) {
    for (const c of r.cells) rows.push({ section: 'prevalence', measure: r.label, group: GROUP_SHORT[c.group], patients: c.n, count: c.k, percent: c.n ? num((100 * c.k) / c.n, 2) : '' });
    rows.push(...comparisonRows(r.label, ref, r.comparisons));
  }
  for (const r of v.table.continuous) {
    for (const c of r.cells) {
      const s = summaryOf(d, c.summary);
      rows.push({ section: 'per-patient value', measure: `${r.label} (${r.unit})`, group: GROUP_SHORT[c.group], patients: c.summary?.n ?? 0, median: num(s?.median), q1: num(s?.q1), q3: num(s?.q3) });
    }
    rows.push(...comparisonRows(`${r.label} (${r.unit})`, ref, r.comparisons));
  }
  return table(['section', 'measure', 'group', 'patients', 'count', 'percent', 'median', 'q1', 'q3', 'compared_with', 'p_value', 'test'], rows);
}

function activityCsv(v: ActivityView, d: ViewDisclosure): ViewTable {
  // One assay per patient (titer-series.ts): what that rule left out, first.
  const rows: Row[] = [
    { section: 'titer series', statistic: 'patients_followed_on_one_assay', value: v.series.patients },
    { section: 'titer series', statistic: 'patients_with_other_assays_left_out', value: v.series.withOtherAssays },
    { section: 'titer series', statistic: 'titer_days_left_out', value: v.series.levelsLeftOut },
  ];
  for (const a of Object.values(v.analysis)) {
    const measure = a.measure === 'ck' ? 'CK (U/L)' : 'MMT-8 (0-80)';
    rows.push(a.rm.ok
      ? { section: 'summary', measure, statistic: 'r_rm', value: num(a.rm.r), pairs: a.rm.observations, patients: a.rm.subjects, df: a.rm.df, p_value: num(a.rm.p), ci_low: num(a.rm.ci[0]), ci_high: num(a.rm.ci[1]), test: a.rm.test }
      : { section: 'summary', measure, statistic: 'r_rm', pairs: a.pairs, patients: a.patients, test: `not computed: ${a.rm.reason}` });
    rows.push(a.between.ok
      ? { section: 'summary', measure, statistic: 'rho_of_patient_means', value: num(a.between.rho), patients: a.between.n, p_value: num(a.between.p), test: a.between.test }
      : { section: 'summary', measure, statistic: 'rho_of_patient_means', patients: a.between.n, test: `not computed: ${a.between.reason}` });
    if (!d.showPatients) continue;
    for (const p of a.perPatient) rows.push({ section: 'patient', measure, patient: d.patient(p.patientId), assay: p.assay ?? '', pairs: p.pairs, statistic: 'spearman_rho', value: num(p.rho) });
    for (const { patientId, pairs } of a.byPatient) {
      for (const p of pairs) rows.push({ section: 'pair', measure, patient: d.patient(patientId), titer_date: d.date(patientId, p.titerDate), titer_x_cutoff: num(p.titer), measured_on: d.date(patientId, p.otherDate), value: num(p.other) });
    }
  }
  return table(['section', 'measure', 'statistic', 'value', 'pairs', 'patients', 'df', 'p_value', 'ci_low', 'ci_high', 'test', 'patient', 'assay', 'titer_date', 'titer_x_cutoff', 'measured_on'], rows);
}

function courseCsv(v: CourseView, d: ViewDisclosure): ViewTable {
  const rows: Row[] = v.table.map((t) => ({
    section: 'count', row: t.row, label: courseRowLabel(t.row, v.years), definition: courseRowDefinition(t.row, v.years, v.afterStop, v.settings), count: t.count, of: t.of,
    study_count: v.years === 4 ? STUDY_COURSE[t.row] : '',
  }));
  for (const r of d.showPatients ? v.records : []) {
    const at = (date: string | null | undefined) => d.date(r.patientId, date);
    rows.push({
      section: 'patient', patient: d.patient(r.patientId), analyte: r.analyte, first_titer: at(r.firstOn), last_titer: at(r.lastOn),
      years: num(r.years, 2), results: r.results, declined: r.declined ? 'yes' : 'no', normalized_on: at(r.normalizedOn),
      stopped_from: at(r.stoppedFrom), relapse_on: at(r.relapse?.on), relapse_how: r.relapse?.how, followed_until: at(r.followedUntil), too_early: r.tooEarly ? 'yes' : 'no',
    });
  }
  return table(['section', 'row', 'label', 'definition', 'count', 'of', 'study_count', 'patient', 'analyte', 'first_titer', 'last_titer', 'years', 'results', 'declined', 'normalized_on', 'stopped_from', 'relapse_on', 'relapse_how', 'followed_until', 'too_early'], rows);
}

function followUpCsv(v: FollowUpView, d: ViewDisclosure): ViewTable {
  const bins = INTERVAL_BINS.map((b) => `intervals ${b.label}`);
  const rows: Row[] = v.groups.map((g) => {
    const m = summaryOf(d, g.perPatientMedian);
    return {
      section: 'group', group: GROUP_SHORT[g.group], patients: g.patients, with_titer: g.withTiter, serial: g.serial,
      median_interval_days: num(m?.median), q1_days: num(m?.q1), q3_days: num(m?.q3), intervals: g.intervals,
      overdue_signal: g.overdueSignal, [`no titer in ${v.overdueMonths} months`]: g.noRecentTiter, ...Object.fromEntries(bins.map((b, i) => [b, g.bins[i] ?? 0])),
    };
  });
  for (const a of v.assays) {
    // An assay used by fewer than k patients: its first and last dates are theirs, so they stay out of de-identified files.
    const dated = describesEnough(d, a.patients);
    rows.push({ section: 'assay', assay: a.label, analyte: a.analyte, method: a.method, unit: a.unit, results: a.results, patients: a.patients, qualitative_only: a.qualitativeOnly, first: dated ? a.firstOn : null, last: dated ? a.lastOn : null });
  }
  return table(['section', 'group', 'patients', 'with_titer', 'serial', 'median_interval_days', 'q1_days', 'q3_days', 'intervals', ...bins, 'overdue_signal', `no titer in ${v.overdueMonths} months`,
    'assay', 'analyte', 'method', 'unit', 'results', 'qualitative_only', 'first', 'last'], rows);
}

/** The patients a view lists one by one (its per-patient sections); k is counted over them. */
export function listedPatients(v: CohortViewResult): number[] {
  if (v.view === 'activity') return [...new Set(Object.values(v.analysis).flatMap((a) => [...a.perPatient.map((p) => p.patientId), ...a.byPatient.map((p) => p.patientId)]))];
  if (v.view === 'course') return [...new Set(v.records.map((r) => r.patientId))];
  return [];
}

/** The table of a view: its columns and rows, as the CSV writes them. */
export function cohortViewTable(v: CohortViewResult, d: ViewDisclosure): ViewTable {
  return v.view === 'phenotype' ? phenotypeCsv(v, d) : v.view === 'activity' ? activityCsv(v, d) : v.view === 'course' ? courseCsv(v, d) : followUpCsv(v, d);
}

/** The CSV of a view and the number of data rows it holds (for the audit event). */
export function cohortViewCsv(v: CohortViewResult, d: ViewDisclosure): { csv: string; rows: number; columns: string[] } {
  const t = cohortViewTable(v, d);
  return { csv: tidyCsv(t.columns, t.rows), rows: t.rows.length, columns: t.columns };
}
