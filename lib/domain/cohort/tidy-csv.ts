/**
 * CSV for statisticians: numbers are written as plain numbers (a negative number
 * stays "-207", never "'-207"), text cells that a spreadsheet would run as a formula
 * get a leading apostrophe (the one export writer, lib/domain/csv-export.ts), and every
 * file comes with a data dictionary saying each column's type, unit and allowed values. Pure.
 */
import { exportCell, exportCsv, type CsvValue } from '../csv-export';

export type TidyCell = string | number | null | undefined;

/** One cell for the export writer: numbers as numbers (12 significant digits; blank when not finite), text as it is. */
function tidyValue(v: TidyCell): CsvValue {
  if (typeof v === 'number') return Number.isFinite(v) ? Number(v.toPrecision(12)) : null;
  return v;
}

/** One cell as the writer writes it. */
export function tidyCell(v: TidyCell): string {
  return exportCell(tidyValue(v));
}

/** Through the one export writer (lib/domain/csv-export.ts), which guards text cells only. */
export function tidyCsv(columns: readonly string[], rows: readonly Readonly<Record<string, TidyCell>>[]): string {
  return exportCsv([[...columns], ...rows.map((r) => columns.map((c) => tidyValue(r[c])))]);
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
