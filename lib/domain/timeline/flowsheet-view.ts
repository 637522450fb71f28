/**
 * The flowsheet as shown for a date window, and its CSV. One function feeds both
 * the table (client) and the CSV download (server route), so the file holds
 * exactly what the screen shows for the same window. Tiny and dependency-free on
 * purpose: the client imports it.
 */
import { exportCsv } from '../csv-export';
import type { FlowCell, FlowRow, Flowsheet } from './flowsheet';

export interface FlowsheetView {
  dates: string[];
  rows: { key: string; label: string; group: FlowRow['group']; cells: (FlowCell | null)[] }[];
}

/**
 * Columns whose date lies in [from, to] (ISO, inclusive; plain string compare is
 * correct for YYYY-MM-DD), and the rows with at least one cell among them.
 */
export function sliceFlowsheet(sheet: Flowsheet, from: string, to: string): FlowsheetView {
  const dates = sheet.dates.filter((d) => d >= from && d <= to);
  const rows = sheet.rows
    .map((r) => ({ key: r.key, label: r.label, group: r.group, cells: dates.map((d) => r.cells[d] ?? null) }))
    .filter((r) => r.cells.some((c) => c !== null));
  return { dates, rows };
}

/**
 * Header "Measure" + the dates; one line per row with the cell texts as displayed,
 * through the one export writer (lib/domain/csv-export.ts: quoting, formula guard).
 */
export function flowsheetCsv(view: FlowsheetView): string {
  return exportCsv([['Measure', ...view.dates], ...view.rows.map((r) => [r.label, ...r.cells.map((c) => c?.text ?? '')])]);
}
