/**
 * CSV for statisticians: numbers are written as plain numbers (a negative number
 * stays "-207", never "'-207"), text cells that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) get a leading apostrophe (OWASP "CSV injection"),
 * and every file comes with a data dictionary saying each column's type, unit and
 * allowed values. Pure.
 */
import { formatCsv } from '../csv';

export type TidyCell = string | number | null | undefined;

/** One cell: numbers as numbers (blank when not finite), text guarded against formulas. */
export function tidyCell(v: TidyCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(12))) : '';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function tidyCsv(columns: readonly string[], rows: readonly Readonly<Record<string, TidyCell>>[]): string {
  return formatCsv([[...columns], ...rows.map((r) => columns.map((c) => tidyCell(r[c])))]);
}

export type ColumnType = 'text' | 'integer' | 'number' | 'date' | 'category';

export interface ColumnDefinition {
  column: string;
  type: ColumnType;
  unit?: string;
  /** The values a category column holds, or a short note on the range. */
  values?: string;
  description: string;
}

export const DICTIONARY_COLUMNS = ['column', 'type', 'unit', 'allowed_values', 'description'] as const;

/** The data dictionary of a file, as CSV (one row per column of the data file, in its order). */
export function dictionaryCsv(columns: readonly string[], definitions: Readonly<Record<string, Omit<ColumnDefinition, 'column'>>>): string {
  return tidyCsv(DICTIONARY_COLUMNS, columns.map((column) => {
    const d = definitions[column];
    return { column, type: d?.type ?? 'text', unit: d?.unit, allowed_values: d?.values, description: d?.description ?? '' };
  }));
}
