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

/**
 * A mixed file for patients MRN-A and MRN-B: Mi-2β positive then censored negative, a
 * qualitative row, CK in U/L and ukat/L (lines 2-6). `daysAgo` dates the rows.
 */
export const mixedLabFile = (daysAgo: (n: number) => string) => labCsv([
  betaRow('MRN-A', daysAgo(200), '30', { accession: 'L-1' }),
  betaRow('MRN-A', daysAgo(10), '<5', { accession: 'L-2', unit: 'units' }),
  { mrn: 'MRN-B', collected_on: daysAgo(30), test: 'mi2-beta', value: '', qualitative: 'Positive', assay: 'Mi-2β immunoblot' },
  ckRow('MRN-A', daysAgo(10), 150, { reference_high: '170', accession: 'L-3' }),
  ckRow('MRN-B', daysAgo(30), '12', { unit: 'µkat/L', reference_high: '6.6' }),
]);
