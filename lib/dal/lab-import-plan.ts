import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { assays, patients, type Assay, type Patient } from '@/db/schema';
import { parseCsv } from '../domain/csv';
import { isAppError } from '../errors';
import { checkHeader, cellsByColumn, type RowProblem } from '../import/lab-columns';
import { duplicateKeys, emptyCounts, rowSummary, type ImportRowReport, type LabImportReport } from '../import/lab-report';
import { mapLabRow, problemsFromFieldErrors, type MappedRow } from '../import/lab-row';
import { checkNewAntibodyResult } from './antibody-results';
import { checkNewEnzymeResult } from './enzyme-results';
import { chunks, loadExistingKeys } from './lab-import-keys';
import type { Tx } from './tx';

type Reader = Pick<Tx, 'select'>;

export interface ImportLimits { maxBytes: number; maxRows: number }

/** The web page takes what a browser upload comfortably carries; bigger files go through `npm run import`. */
export const WEB_IMPORT_LIMITS: ImportLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 200_000 };
export const CLI_IMPORT_LIMITS: ImportLimits = { maxBytes: 200 * 1024 * 1024, maxRows: 1_000_000 };

/**
 * A row to insert, with the column values the DAL's checks returned for it: the insert
 * reuses them instead of running the same checks again in the same transaction.
 */
export type PlannedRow =
  | (Extract<MappedRow<Patient, Assay>, { kind: 'antibody' }> & { line: number; checked?: ReturnType<typeof checkNewAntibodyResult> })
  | (Extract<MappedRow<Patient, Assay>, { kind: 'enzyme' }> & { line: number; checked?: ReturnType<typeof checkNewEnzymeResult> });

export interface ImportPlan { report: LabImportReport; inserts: PlannedRow[] }

function loadPatientsByMrn(db: Reader, mrns: string[]): Map<string, Patient> {
  const map = new Map<string, Patient>();
  for (const part of chunks(mrns)) {
    for (const p of db.select().from(patients).where(and(inArray(patients.mrn, part), eq(patients.enteredInError, false))).all()) map.set(p.mrn, p);
  }
  return map;
}

/** Runs one of the DAL's rule checks, turning its AppError into problems under the row's columns. */
function check<T>(kind: PlannedRow['kind'], fn: () => T): { value: T; problems: [] } | { value: null; problems: RowProblem[] } {
  try {
    return { value: fn(), problems: [] };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { value: null, problems: problemsFromFieldErrors(kind, e.fieldErrors, e.message) };
  }
}

/** Keys of a mapped row after the DAL's checks (whose values it keeps on the row), or its problems. */
function keysOf(row: PlannedRow): { keys: string[]; problems: RowProblem[] } {
  if (row.kind === 'antibody') {
    const r = check('antibody', () => checkNewAntibodyResult(row.patient, row.assay, row.data));
    if (r.value) row.checked = r.value;
    return { keys: r.value ? duplicateKeys(row.patient.id, r.value) : [], problems: r.problems };
  }
  const r = check('enzyme', () => checkNewEnzymeResult(row.patient, row.data));
  if (r.value) row.checked = r.value;
  return { keys: r.value ? duplicateKeys(row.patient.id, r.value) : [], problems: r.problems };
}

const NOTHING: { keys: string[]; problems: RowProblem[] } = { keys: [], problems: [] };

function refused(sha256: string, fileProblem: string): ImportPlan {
  return { report: { outcome: 'rejected', fileProblem, sha256, counts: emptyCounts(), rows: [] }, inserts: [] };
}

/**
 * Reads and judges a whole file without writing: file-level problems (size, encoding,
 * CSV structure, header), then every row (mapping, the DAL's own checks, duplicates
 * against stored results and earlier rows of the file). Patients, the assay catalog
 * and duplicate keys are loaded in bulk, never one query per row.
 */
export function planLabImport(db: Reader, text: string, limits: ImportLimits): ImportPlan {
  const sha256 = createHash('sha256').update(text).digest('hex');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return refused(sha256, `The file is ${mb(bytes)} MB; the limit here is ${mb(limits.maxBytes)} MB. Split it, or import it with npm run import on the server.`);
  }
  const table = parseCsv(text, limits.maxRows);
  if (!table.ok) return refused(sha256, table.error);
  const header = checkHeader(table.header, table.headerLine);
  if (!header.ok) return refused(sha256, header.error);
  if (!table.rows.length) return refused(sha256, 'The file has a header but no rows of results.');

  // One pass over the rows after two bulk loads (patients by MRN, then their stored results):
  // nothing per row is kept but its report line and, when new, what to insert.
  const mrns = [...new Set(table.rows.map((r) => (r.cells[header.index.get('mrn') ?? -1] ?? '').trim()).filter(Boolean))];
  const ctx = { ...header, patients: loadPatientsByMrn(db, mrns), assays: db.select().from(assays).all() };
  const seen = loadExistingKeys(db, [...ctx.patients.values()].map((p) => p.id));

  const counts = { ...emptyCounts(), rows: table.rows.length };
  const rows: ImportRowReport[] = [];
  const inserts: PlannedRow[] = [];
  // Per row, the objects made here are the ones kept (no copies): 100,000 rows are
  // 100,000 report lines, and copying each was a measurable share of an import.
  for (const record of table.rows) {
    const cells = cellsByColumn(record.cells, header.index);
    const report = rowSummary(record.line, cells) as ImportRowReport;
    rows.push(report);
    const mapping = mapLabRow(record, ctx, cells);
    const planned = mapping.ok ? (mapping.row as PlannedRow) : null;
    if (planned) planned.line = record.line;
    const checked = planned ? keysOf(planned) : NOTHING;
    const problems = mapping.ok ? checked.problems : mapping.problems;
    if (!planned || problems.length) {
      counts.error++;
      report.status = 'error';
      report.problems = problems;
      continue;
    }
    let repeated: string | undefined;
    for (const k of checked.keys) repeated ??= seen.get(k);
    if (repeated) {
      counts.duplicate++;
      report.status = 'duplicate';
      report.problems = [{ column: '', message: repeated }];
      continue;
    }
    for (const k of checked.keys) seen.set(k, `Same result as line ${record.line} of this file.`);
    counts.ok++;
    report.status = 'ok';
    report.problems = [];
    inserts.push(planned);
  }
  counts.patients = new Set(inserts.map((r) => r.patient.id)).size;
  return { report: { outcome: counts.error ? 'rejected' : 'preview', fileProblem: null, sha256, counts, rows }, inserts };
}
