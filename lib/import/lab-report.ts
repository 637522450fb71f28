/**
 * What an import of lab results reports back (preview, dry run, import or refusal),
 * the duplicate keys it screens with, and its two renderings: a bounded DTO for the
 * page and plain text for the command line. Pure.
 */
import { fileReadingLines, refusedForNumberFormat, type FileReading } from './file-reading';
import { NO_WARNINGS } from '../domain/plausibility';
import { sameResultKey, type ResultFacts } from '../domain/same-result';
import type { LabColumn, RowProblem } from './lab-columns';

export type ImportRowStatus = 'ok' | 'duplicate' | 'error';

export interface ImportRowReport {
  /** Line in the file where the row starts. */
  line: number;
  mrn: string;
  /** "DOE, Jane": the registered patient the MRN names, so a wrong patient is seen before importing; absent when none. */
  patientName?: string;
  test: string;
  collectedOn: string;
  /** The result as written in the file ("<5 units", "350 U/L", "positive"). */
  result: string;
  status: ImportRowStatus;
  /** Errors, or for a duplicate the row it repeats. */
  problems: readonly RowProblem[];
  /**
   * Plausibility warnings of a row that is otherwise fine (lib/domain/plausibility.ts):
   * shown in the preview, and imported as they are once the user has seen the preview.
   */
  warnings: readonly string[];
}

export interface LabImportCounts {
  rows: number;
  ok: number;
  duplicate: number;
  error: number;
  /** New rows with plausibility warnings (counted in `ok` too). */
  warned: number;
  /** Rows written (0 unless the outcome is `imported`). */
  created: number;
  /** Patients with at least one row to create. */
  patients: number;
}

export interface LabImportReport {
  /** `rejected`: a file problem or at least one error row, nothing written. */
  outcome: 'preview' | 'dry-run' | 'imported' | 'rejected';
  /** A problem with the file as a whole (size, encoding, CSV structure, header); no rows then. */
  fileProblem: string | null;
  /** SHA-256 of the text, kept in the audit trail and used to confirm the previewed file. */
  sha256: string;
  /** How the file was read (separator, number format, ignored columns); null when it was refused before its rows were read. */
  reading: FileReading | null;
  counts: LabImportCounts;
  rows: ImportRowReport[];
}

export const emptyCounts = (): LabImportCounts => ({ rows: 0, ok: 0, duplicate: 0, error: 0, warned: 0, created: 0, patients: 0 });

const cut = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s);

/** The problems of a row without any: one shared, frozen list (a row's problems are replaced, never pushed to). */
const NO_PROBLEMS: readonly RowProblem[] = Object.freeze([]);

/** The row as the user wrote it (its cells by column), for the report; `ok` until judged otherwise. */
export function rowSummary(line: number, c: Record<LabColumn, string>): ImportRowReport {
  const value = c.value ? `${c.comparator}${c.value}${c.unit ? ` ${c.unit}` : ''}` : '';
  const result = value && c.qualitative ? `${value} · ${c.qualitative}` : value || c.qualitative;
  return { line, mrn: cut(c.mrn), test: cut(c.test), collectedOn: cut(c.collected_on), result: cut(result), status: 'ok', problems: NO_PROBLEMS, warnings: NO_WARNINGS };
}

/**
 * Keys a row counts as a duplicate under: the same result (lib/domain/same-result.ts,
 * the definition single entry's "Save anyway" question uses: anti-Mi2 by assay,
 * comparator, value, category and unit; enzymes by the value in U/L, so 2 ukat/L
 * repeats 120 U/L), and the lab accession for that test and patient (the same specimen).
 */
export function duplicateKeys(patientId: number, r: ResultFacts & { accession: string }): [byValue: string, byAccession?: string] {
  const byValue = sameResultKey(patientId, r);
  return r.accession ? [byValue, `${patientId}|${r.analyte}|acc=${r.accession}`] : [byValue];
}

/**
 * One patient's first result per test and day, for the same-day check: anti-Mi2 by
 * assay (another assay's value that day is no conflict), enzymes by analyte. Keyed by
 * the strings and numbers the rows already hold, so no key is built per row (an
 * import screens 100,000 of them).
 */
export class DayIndex<T> {
  private readonly byTest = new Map<string | number, Map<string, T>>();

  /** The first row of this test and day, after making `row` it when there was none. */
  firstOrNote(r: { analyte: string; collectedOn: string; assayId?: number }, row: T): T | undefined {
    const test = r.assayId ?? r.analyte;
    let days = this.byTest.get(test);
    if (!days) this.byTest.set(test, (days = new Map()));
    const first = days.get(r.collectedOn);
    if (first === undefined) days.set(r.collectedOn, row);
    return first;
  }
}

/** The report for a page: counts plus at most `cap` rows of the file and `cap` rows with problems. */
export interface DisplayReport extends Omit<LabImportReport, 'rows'> {
  firstRows: ImportRowReport[];
  problemRows: ImportRowReport[];
  cap: number;
}

export function toDisplayReport(report: LabImportReport, cap = 500): DisplayReport {
  const { rows, ...rest } = report;
  const problemRows: ImportRowReport[] = [];
  for (const r of rows) {
    if (r.status !== 'ok' || r.warnings.length) problemRows.push(r);
    if (problemRows.length >= cap) break;
  }
  return { ...rest, firstRows: rows.slice(0, cap), problemRows, cap };
}

const STATUS_TEXT: Record<ImportRowStatus, string> = { ok: 'ok', duplicate: 'duplicate, skipped', error: 'ERROR' };

/** Plain-text report for the command line: counts, then every row with a problem (up to `maxRows`). */
export function formatReportText(report: LabImportReport, maxRows = 200): string {
  const c = report.counts;
  const lines: string[] = [];
  if (report.reading) lines.push(...fileReadingLines(report.reading));
  if (report.fileProblem) lines.push(`File refused: ${report.fileProblem}`);
  else lines.push(`${c.rows} rows: ${c.ok} new${c.warned ? ` (${c.warned} to check)` : ''}, ${c.duplicate} duplicates (skipped), ${c.error} with errors.`);
  const problems = report.rows.filter((r) => r.status !== 'ok' || r.warnings.length);
  for (const r of problems.slice(0, maxRows)) {
    const what = [r.mrn, r.collectedOn, r.test, r.result].filter(Boolean).join(' ');
    const why = [...r.problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message)), ...r.warnings.map((w) => `check: ${w}`)].join(' | ');
    lines.push(`  line ${r.line} [${r.status === 'ok' ? 'ok, to check' : STATUS_TEXT[r.status]}] ${what} - ${why}`);
  }
  if (problems.length > maxRows) lines.push(`  ... and ${problems.length - maxRows} more rows with problems.`);
  if (refusedForNumberFormat(problems)) lines.push('Some numbers read differently with a decimal point and a decimal comma: give --decimal point or --decimal comma.');
  if (c.warned && report.outcome !== 'imported' && report.outcome !== 'rejected') {
    lines.push(`${c.warned} new row${c.warned === 1 ? '' : 's'} to check: imported as they are once you import this previewed file (npm run import -- <file> --accept-warnings).`);
  }
  const outcome = {
    preview: 'Preview only: nothing was written.',
    'dry-run': 'Dry run: nothing was written.',
    imported: `Imported ${c.created} results for ${c.patients} patients; signals recomputed.`,
    rejected: 'Nothing was imported: correct the file and import it again (the whole file is imported or none of it).',
  }[report.outcome];
  lines.push(outcome, `File SHA-256: ${report.sha256}`);
  return lines.join('\n');
}
