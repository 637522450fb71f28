import { formatCsv } from '@/lib/domain/csv';
import { LAB_COLUMNS, type LabColumn } from '@/lib/import/lab-columns';

export type LabCsvRow = Partial<Record<LabColumn, string>>;

/** A lab-result CSV with every column in the header (or `columns`), rows by column name. */
export function labCsv(rows: LabCsvRow[], columns: readonly string[] = LAB_COLUMNS): string {
  return formatCsv([[...columns], ...rows.map((r) => columns.map((c) => r[c as LabColumn] ?? ''))]);
}

/** A CK row in U/L. */
export const ckRow = (mrn: string, collectedOn: string, value: number | string, over: LabCsvRow = {}): LabCsvRow => ({
  mrn, collected_on: collectedOn, test: 'ck', value: String(value), unit: 'U/L', ...over,
});

/** A Mi-2β line-blot row (starter catalog), cut-off 5. */
export const betaRow = (mrn: string, collectedOn: string, value: string, over: LabCsvRow = {}): LabCsvRow => ({
  mrn, collected_on: collectedOn, test: 'mi2-beta', value, assay: 'Mi-2β line blot', ...over,
});
