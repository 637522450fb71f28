/**
 * The flowsheet as shown for a date window, and its CSV. One function feeds both
 * the table (client) and the CSV download (server route), so the file holds
 * exactly what the screen shows for the same window. Tiny and dependency-free on
 * purpose: the client imports it.
 */
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
 * RFC 4180 quoting, plus a leading apostrophe before = + - @ tab CR so a
 * spreadsheet never runs a cell as a formula (same rule as the audit export).
 */
export function csvCell(value: string): string {
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header "Measure" + the dates; one line per row with the cell texts as displayed. */
export function flowsheetCsv(view: FlowsheetView): string {
  const lines = [['Measure', ...view.dates].map(csvCell).join(',')];
  for (const r of view.rows) lines.push([r.label, ...r.cells.map((c) => c?.text ?? '')].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
