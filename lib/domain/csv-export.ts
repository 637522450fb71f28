/**
 * The one writer of the CSV files people open in a spreadsheet: every export (the
 * cohort research CSV, the cohort view CSVs, the patient flowsheet, the audit log)
 * goes through `exportCsv` (issue 20, item 7). RFC 4180 quoting and CRLF line ends
 * (formatCsvField below, which lib/domain/csv.ts shares), plus the formula guard of OWASP's "CSV
 * injection": a text cell that starts with = + - @ tab or CR would be run as a formula
 * by Excel, LibreOffice or Sheets (`=HYPERLINK(...)` in an assay name becomes a link
 * that sends data away), so it is written with a leading apostrophe.
 *
 * Numbers stay numbers: a value given as a number, and a text that is a plain decimal
 * number ("-200", "-0.5", "1e-3") or a numeric range ("39-308", "-200" for "up to 200"),
 * is written as it is; a spreadsheet reads it as a value, never as a formula. The guard
 * turning "-200" into "'-200" was the other half of the issue. Pure.
 * (Files meant for the lab import, such as lib/import/flowsheet-to-lab-csv.ts, are
 * machine-to-machine and use formatCsv unguarded, so their values read back exactly.)
 */
import type { Delimiter } from './csv';

/** One field, RFC 4180: quoted only when it holds the separator, a quote, CR or LF. Dependency-free: the flowsheet's client code imports this file. */
export function formatCsvField(value: string, delimiter: Delimiter = ','): string {
  const needs = value.includes(delimiter) || /["\r\n]/.test(value);
  return needs ? `"${value.replaceAll('"', '""')}"` : value;
}

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const UNSIGNED = String.raw`\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** A decimal number, or a range "low-high" / "-high" of unsigned decimals. */
const NUMERIC_TEXT = new RegExp(`^(?:-?${UNSIGNED}|${UNSIGNED}-${UNSIGNED})$`);

/** True when a spreadsheet could run this text as a formula (and it is not a number or range). */
export function needsFormulaGuard(text: string): boolean {
  return FORMULA_START.test(text) && !NUMERIC_TEXT.test(text);
}

/** One cell's text: numbers as they are (non-finite ones empty), text guarded, then quoted when needed. */
export function exportCell(value: CsvValue, delimiter: Delimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return formatCsvField(needsFormulaGuard(text) ? `'${text}` : text, delimiter);
}

/** Rows (the header first) as CSV text: CRLF after every line, as RFC 4180 writes it. */
export function exportCsv(rows: readonly (readonly CsvValue[])[], delimiter: Delimiter = ','): string {
  return rows.map((r) => r.map((v) => exportCell(v, delimiter)).join(delimiter)).join('\r\n') + (rows.length ? '\r\n' : '');
}
