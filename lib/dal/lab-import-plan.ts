import 'server-only';
import { hash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { assays, patients, type Assay, type Patient } from '@/db/schema';
import { parseCsv } from '../domain/csv';
import { antibodySameDayWarning, antibodyValueWarnings, enzymeSameDayWarning, enzymeValueWarnings, NO_WARNINGS } from '../domain/plausibility';
import { isAppError } from '../errors';
import { fileReading } from '../import/file-reading';
import { checkHeader, columnReader, type ColumnIndex, type RowProblem } from '../import/lab-columns';
import { DayIndex, duplicateKeys, emptyCounts, rowSummary, type ImportRowReport, type LabImportCounts, type LabImportReport } from '../import/lab-report';
import { assayCatalog } from '../import/lab-assay';
import { mapLabRow, problemsFromFieldErrors, type MappedRow } from '../import/lab-row';
import { decideNumberFormat, type DecimalMark } from '../import/number-format';
import { checkNewAntibodyResult } from './antibody-results';
import { checkNewEnzymeResult } from './enzyme-results';
import { chunks, loadExistingKeys, type DayRow, type LiveRow, type StoredKeys } from './lab-import-keys';
import { importRanges } from './lab-import-ranges';
import type { Tx } from './tx';

type Reader = Pick<Tx, 'select'>;

export interface ImportLimits { maxBytes: number; maxRows: number }

/** The web page takes what a browser upload comfortably carries; bigger files go through `npm run import`. */
export const WEB_IMPORT_LIMITS: ImportLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 200_000 };
export const CLI_IMPORT_LIMITS: ImportLimits = { maxBytes: 200 * 1024 * 1024, maxRows: 1_000_000 };

/**
 * A row to insert: its patient (and assay), its line in the file, and the column
 * values the DAL's checks returned for it, which the insert writes as they are instead
 * of running the same checks again in the same transaction. One shape for both kinds
 * (`assay` null for an enzyme), and nothing else kept: 100,000 of them live until the
 * write (docs/performance.md).
 */
export type PlannedRow =
  | { kind: 'antibody'; patient: Patient; assay: Assay; line: number; values: ReturnType<typeof checkNewAntibodyResult> }
  | { kind: 'enzyme'; patient: Patient; assay: null; line: number; values: ReturnType<typeof checkNewEnzymeResult> };

/** `patientIds`: the patients whose stored rows the judgement read (every row that passed its checks, duplicates included). */
export interface ImportPlan { report: LabImportReport; inserts: PlannedRow[]; patientIds: number[] }

/** Live patients by the MRNs as the file writes them: MRNs are unique whatever their case (mrn-1 is MRN-1). */
function loadPatientsByMrn(db: Reader, mrns: string[]): Map<string, Patient> {
  const byFolded = new Map<string, Patient>();
  for (const part of chunks(mrns)) {
    const rows = db.select().from(patients).where(and(inArray(sql`${patients.mrn} collate nocase`, part), eq(patients.enteredInError, false))).all();
    for (const p of rows) byFolded.set(p.mrn.toUpperCase(), p);
  }
  const map = new Map<string, Patient>();
  for (const m of mrns) {
    const p = byFolded.get(m.toUpperCase());
    if (p) map.set(m, p);
  }
  return map;
}

/**
 * Runs the DAL's own checks on a mapped row: the row to insert, with the values they
 * returned (and the row's plausibility warnings on its report line), or, for an
 * AppError, its problems under the row's columns. An empty enzyme range takes the
 * patient's latest lab range as single entry would (`ranges`).
 */
function checkRow(row: MappedRow<Patient, Assay>, line: number, report: ImportRowReport, ranges: ReturnType<typeof importRanges>): PlannedRow | RowProblem[] {
  try {
    if (row.kind === 'antibody') {
      const values = checkNewAntibodyResult(row.patient, row.assay, row.data);
      report.warnings = antibodyValueWarnings(values, row.assay);
      return { kind: 'antibody', patient: row.patient, assay: row.assay, line, values };
    }
    const values = checkNewEnzymeResult(row.patient, row.data, row.data.upperLimit === null ? ranges.latest(row.patient.id, row.data.analyte) : null);
    ranges.note(row.patient.id, values);
    report.warnings = enzymeValueWarnings(values);
    return { kind: 'enzyme', patient: row.patient, assay: null, line, values };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return problemsFromFieldErrors(row.kind, e.fieldErrors, e.message);
  }
}

const isPlanned = (judged: PlannedRow | readonly RowProblem[]): judged is PlannedRow => !Array.isArray(judged);

/** A row that passed every check, with its report line (a duplicate is marked there). */
interface Judged { planned: PlannedRow; report: ImportRowReport }

/**
 * The duplicate screen, one patient at a time (a duplicate key names its patient, so
 * no row can repeat another patient's): a row is a duplicate of a stored result (its
 * keys from loadExistingKeys) or of an earlier line of the file for the same patient,
 * which keeps "the first line wins" in file order. Per patient, the map of keys stays
 * small and is dropped after; one map of every key in a 100,000-row file was the
 * largest single cost of judging it (docs/performance.md). Returns the rows to insert,
 * patient by patient, in the order of each patient's first new row in the file (the
 * order rows get their ids and patients their audit events, as when the screen ran in
 * file order), and counts new rows, duplicates and patients.
 */
function screenDuplicates(byPatient: Map<number, Judged[]>, stored: StoredKeys, counts: LabImportCounts): PlannedRow[] {
  const groups: PlannedRow[][] = [];
  for (const [patientId, judged] of byPatient) {
    // Duplicate key -> why a stored result repeats it, or the line of this file that first had it.
    const seen: Map<string, string | number> = stored.keys.get(patientId) ?? new Map();
    stored.keys.delete(patientId);
    // The first live result per test and day, stored or of this file (another value that day is a warning); built at the first new row.
    const live = stored.live.get(patientId);
    stored.live.delete(patientId);
    let days: DayIndex<DayRow> | null = null;
    const inserts: PlannedRow[] = [];
    for (const { planned, report } of judged) {
      const [byValue, byAccession] = duplicateKeys(patientId, planned.values);
      const first = seen.get(byValue) ?? (byAccession === undefined ? undefined : seen.get(byAccession));
      if (first !== undefined) {
        counts.duplicate++;
        report.status = 'duplicate';
        report.problems = [{ column: '', message: typeof first === 'number' ? `Same result as line ${first} of this file.` : first }];
        report.warnings = NO_WARNINGS;
        continue;
      }
      seen.set(byValue, planned.line);
      if (byAccession !== undefined) seen.set(byAccession, planned.line);
      sameDayCheck((days ??= dayIndex(live)), planned, report);
      counts.ok++;
      if (report.warnings.length) counts.warned++;
      inserts.push(planned);
    }
    if (inserts.length) groups.push(inserts);
  }
  counts.patients = groups.length;
  return groups.sort((a, b) => a[0]!.line - b[0]!.line).flat();
}

function dayIndex(live: readonly LiveRow[] | undefined): DayIndex<DayRow> {
  const index = new DayIndex<DayRow>();
  for (const r of live ?? []) index.firstOrNote(r, r);
  return index;
}

/** Another value that day (stored, or an earlier line of the file): a warning on the row's report line. */
function sameDayCheck(days: DayIndex<DayRow>, planned: PlannedRow, report: ImportRowReport): void {
  const first = days.firstOrNote(planned.values, planned.values);
  if (!first) return;
  const warning = planned.kind === 'antibody'
    ? antibodySameDayWarning(planned.values, 'assayId' in first ? [first] : [])
    : enzymeSameDayWarning(planned.values, 'valueUL' in first ? [first] : []);
  if (warning) report.warnings = [...report.warnings, warning];
}

function refused(sha256: string, fileProblem: string): ImportPlan {
  return { report: { outcome: 'rejected', fileProblem, sha256, reading: null, counts: emptyCounts(), rows: [] }, inserts: [], patientIds: [] };
}

/** Positions of the columns that hold numbers (value, limits), where the number format is detected. */
const numberPositions = (index: ColumnIndex) => (['value', 'reference_low', 'reference_high'] as const).flatMap((c) => index.get(c) ?? []);

/** How a file is to be read: its number format when declared (null: detect it). */
export interface ReadOptions { decimal: DecimalMark | null }

/**
 * Reads and judges a whole file without writing: file-level problems (size, encoding,
 * CSV structure, header), the separator (from the header line) and the number format
 * (declared in `read`, or detected once for the file), then every row (mapping, the
 * DAL's own checks, duplicates against stored results and earlier rows of the file).
 * Patients, the assay catalog and duplicate keys are loaded in bulk, never one query per row.
 */
export function planLabImport(db: Reader, text: string, limits: ImportLimits, read: ReadOptions = { decimal: null }): ImportPlan {
  // Hashed as UTF-8 bytes made once: Node hashes a string of megabytes about six times
  // slower than the same bytes in a Buffer (16 ms against 3 for 4.7 MB here; issue 24).
  const utf8 = Buffer.from(text, 'utf8');
  const sha256 = hash('sha256', utf8, 'hex');
  const bytes = utf8.length;
  if (bytes > limits.maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return refused(sha256, `The file is ${mb(bytes)} MB; the limit here is ${mb(limits.maxBytes)} MB. Split it, or import it with npm run import on the server.`);
  }
  const table = parseCsv(text, limits.maxRows);
  if (!table.ok) return refused(sha256, table.error);
  const header = checkHeader(table.header, table.headerLine);
  if (!header.ok) return refused(sha256, table.delimiter === ',' ? header.error : `${header.error} (The file was read as ${table.delimiter === ';' ? 'semicolon' : 'tab'}-separated.)`);
  if (!table.rows.length) return refused(sha256, 'The file has a header but no rows of results.');
  // The number format is decided once for the file, never per row.
  const numbers = decideNumberFormat(read.decimal, table.delimiter, table.rows, numberPositions(header.index));
  const reading = fileReading(table.delimiter, numbers, header.ignored);

  // Patients loaded by MRN in bulk, then one pass over the rows (nothing per row is kept
  // but its report line and, when it passes, what to insert), then the stored results'
  // keys of the patients with rows that passed, in bulk, for the duplicate screen.
  const cellsOf = columnReader(header.index);
  const mrnAt = header.index.get('mrn') ?? -1;
  const mrns = [...new Set(table.rows.map((r) => (r.cells[mrnAt] ?? '').trim()).filter(Boolean))];
  const ctx = { index: header.index, width: header.width, numbers, patients: loadPatientsByMrn(db, mrns), assays: assayCatalog(db.select().from(assays).all()) };

  // The patient's name beside each MRN in the preview, built once per patient.
  const names = new Map([...ctx.patients].map(([mrn, p]) => [mrn, `${p.familyName.toUpperCase()}, ${p.givenName}`]));
  const counts = { ...emptyCounts(), rows: table.rows.length };
  const ranges = importRanges();
  const rows: ImportRowReport[] = [];
  // Rows that passed every check, by patient in first-seen order, each patient's in file order.
  const byPatient = new Map<number, Judged[]>();
  // Per row, the objects made here are the ones kept (no copies): 100,000 rows are
  // 100,000 report lines, and copying each was a measurable share of an import.
  for (const record of table.rows) {
    const cells = cellsOf(record.cells);
    const report = rowSummary(record.line, cells);
    const name = names.get(cells.mrn.trim());
    if (name) report.patientName = name;
    rows.push(report);
    const mapping = mapLabRow(record, ctx, cells);
    const planned = mapping.ok ? checkRow(mapping.row, record.line, report, ranges) : mapping.problems;
    if (!isPlanned(planned)) {
      counts.error++;
      report.status = 'error';
      report.problems = planned;
      continue;
    }
    const judged: Judged = { planned, report };
    const same = byPatient.get(planned.patient.id);
    if (same) same.push(judged);
    else byPatient.set(planned.patient.id, [judged]);
  }
  const patientIds = [...byPatient.keys()];
  const inserts = screenDuplicates(byPatient, loadExistingKeys(db, patientIds), counts);
  return { report: { outcome: counts.error ? 'rejected' : 'preview', fileProblem: null, sha256, reading, counts, rows }, inserts, patientIds };
}
