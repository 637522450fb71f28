/**
 * The columns of a lab-result CSV (docs/lab-import.md) and the
 * checks on its header row. Pure: no I/O.
 */
import { isIsoDate } from '../domain/dates';
import { lookalikeColumn, lookalikeProblem } from './unused-columns';

export const LAB_COLUMNS = [
  'mrn', 'collected_on', 'test', 'value', 'comparator', 'qualitative', 'unit', 'reference_low', 'reference_high', 'assay', 'lab', 'accession',
] as const;
export type LabColumn = (typeof LAB_COLUMNS)[number];

/** Columns the header must name; the others may be left out (then read as empty). */
export const REQUIRED_COLUMNS: readonly LabColumn[] = ['mrn', 'collected_on', 'test', 'value'];

export const IMPORT_TESTS = ['mi2-alpha', 'mi2-beta', 'mi2', 'ck', 'aldolase', 'ldh', 'alt', 'ast'] as const;
export type ImportTest = (typeof IMPORT_TESTS)[number];

/** A problem of one row, named by its column ('' for the row as a whole). */
export interface RowProblem { column: LabColumn | ''; message: string }

/** Column name -> position in the row. */
export type ColumnIndex = ReadonlyMap<LabColumn, number>;

export type HeaderCheck =
  | { ok: true; index: ColumnIndex; width: number; /** Columns not read, as the header names them. */ ignored: string[] }
  | { ok: false; error: string };

/** More columns than any lab export has. */
const MAX_COLUMNS = 1000;

const isColumn = (s: string): s is LabColumn => (LAB_COLUMNS as readonly string[]).includes(s);
const cutName = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/**
 * Checks the header: names are matched case-insensitively, in any order. Columns
 * Titerline does not read (patient_name, order_no...) are ignored and listed; one
 * that looks like a column it reads (a misspelt "reference_hihg", "units") is
 * refused, since ignoring it would silently fall back to the site's default limits
 * (lib/import/unused-columns.ts). Repeated names are refused.
 */
export function checkHeader(cells: readonly string[], line: number): HeaderCheck {
  const names = cells.map((c) => c.trim().toLowerCase());
  if (names.some((n) => isIsoDate(n)) || (names.length > 0 && names.every((n) => n === '' || /^[\d.,<>]+$/.test(n)))) {
    return { ok: false, error: `Line ${line} looks like data, not a header. The first line must name the columns, e.g. ${REQUIRED_COLUMNS.join(',')}.` };
  }
  // Each unknown name is compared with every column read: a header of a million names is refused first.
  if (names.length > MAX_COLUMNS) return { ok: false, error: `Line ${line}: the header has ${names.length} columns; a lab-result file has at most ${MAX_COLUMNS}.` };
  const index = new Map<LabColumn, number>();
  const problems: string[] = [];
  const ignored: string[] = [];
  names.forEach((name, i) => {
    if (name === '' && i === names.length - 1 && i > 0) return; // a trailing separator after the last name
    const written = cutName(cells[i]?.trim() ?? '');
    if (isColumn(name)) {
      if (index.has(name)) problems.push(`column "${name}" appears twice`);
      else index.set(name, i);
      return;
    }
    const like = lookalikeColumn(cells[i]?.trim() ?? name, LAB_COLUMNS);
    if (like) problems.push(lookalikeProblem(written, like));
    else ignored.push(written || `column ${i + 1} (no name)`);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) problems.unshift(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (problems.length) {
    return { ok: false, error: `Line ${line}, header: ${problems.join('; ')}. Columns read: ${LAB_COLUMNS.join(', ')} (required: ${REQUIRED_COLUMNS.join(', ')}); other columns are ignored.` };
  }
  return { ok: true, index, width: names.length, ignored };
}

/**
 * A reader of rows by column name, for one header: each cell trimmed, columns the
 * header leaves out read as ''. Positions are looked up once per file and every row
 * is built with the same shape, a measurable saving over 100,000 rows.
 */
export function columnReader(index: ColumnIndex): (cells: readonly string[]) => Record<LabColumn, string> {
  const at = (c: LabColumn) => index.get(c) ?? -1;
  const [mrn, on, test, value, comparator, qualitative] = [at('mrn'), at('collected_on'), at('test'), at('value'), at('comparator'), at('qualitative')];
  const [unit, low, high, assay, lab, accession] = [at('unit'), at('reference_low'), at('reference_high'), at('assay'), at('lab'), at('accession')];
  const cell = (cells: readonly string[], i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
  return (cells) => ({
    mrn: cell(cells, mrn), collected_on: cell(cells, on), test: cell(cells, test), value: cell(cells, value), comparator: cell(cells, comparator),
    qualitative: cell(cells, qualitative), unit: cell(cells, unit), reference_low: cell(cells, low), reference_high: cell(cells, high),
    assay: cell(cells, assay), lab: cell(cells, lab), accession: cell(cells, accession),
  });
}

/** A row's cells by column name (see columnReader; for one row). */
export function cellsByColumn(cells: readonly string[], index: ColumnIndex): Record<LabColumn, string> {
  return columnReader(index)(cells);
}

/** Enzyme units as labs write them: one rule for every path (lib/validation/text-rules.ts). */
export { normalizeEnzymeUnit } from '../validation/text-rules';
