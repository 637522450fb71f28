/**
 * What the timeline shows before its full data has reached the browser: each
 * panel's frame (title facts and the data-* counts, computed from the full data)
 * and the flowsheet of the opening window's most recent dates. The server renders
 * this shell as HTML; the browser fetches the full TimelineData for the charts and
 * other windows (docs/decisions/0011: 20 years of points as React props were most of
 * the patient page's server time). Pure; no I/O.
 */
import type { TimelineData } from './build';
import type { Flowsheet } from './flowsheet';
import { timelineSketch, type TimelineSketch } from './sketch';
import { paddedMs, rangeWindow } from './time';
import type { RangeKey, TimelineExtent } from './types';

export type PanelAttrs = Record<`data-${string}`, string | number>;

export interface PanelFrames {
  titer: { attrs: PanelAttrs; empty: boolean; unplotted: number };
  ck: { attrs: PanelAttrs; empty: boolean };
  /** Aldolase, LDH, ALT, AST: no panel at all when there are none. */
  others: { attrs: PanelAttrs } | null;
  mmt: { attrs: PanelAttrs; empty: boolean };
  meds: { attrs: PanelAttrs; empty: boolean; rows: number };
}

export interface TimelineShell {
  empty: boolean;
  extent: TimelineExtent;
  frames: PanelFrames;
  /** The flowsheet of the opening window's most recent dates (SHELL_FLOWSHEET_DATES). */
  flowsheet: Flowsheet;
  /** The opening window's panels as shapes, drawn before the page's JavaScript runs (sketch.ts). */
  sketch: TimelineSketch;
}

/** Up to 15 years the whole course opens at a glance (taper and stop included); longer ones open on the last 5 years. */
const WHOLE_COURSE_MS = 15 * 365.25 * 86_400_000;
export function initialRange(extent: TimelineExtent): RangeKey {
  return Date.parse(extent.end) - Date.parse(extent.start) > WHOLE_COURSE_MS ? '5y' : 'all';
}

/** The counts each panel carries as data-* attributes (what it draws, for tests and tools). */
export function panelFrames({ titer, enzymes, mmt, medications, signals }: Pick<TimelineData, 'titer' | 'enzymes' | 'mmt' | 'medications' | 'signals'>): PanelFrames {
  const titerPoints = titer.series.flatMap((s) => [...s.segments.flatMap((g) => g.points), ...s.qualitative]);
  const ckPoints = enzymes.ck?.points ?? [];
  const mmtPoints = mmt.series.reduce((n, s) => n + s.points.length, 0);
  return {
    titer: {
      empty: titer.count === 0,
      unplotted: titer.unplotted,
      attrs: {
        'data-points': titer.count, 'data-series': titer.series.map((s) => s.analyte).join(','), 'data-breaks': titer.changes.length,
        'data-censored': titerPoints.filter((p) => p.marker === 'below' || p.marker === 'above').length,
        'data-qualitative': titerPoints.filter((p) => p.marker === 'qualitative').length,
        'data-floor': titerPoints.filter((p) => p.marker === 'floor').length, 'data-unplotted': titer.unplotted, 'data-signals': signals.length,
      },
    },
    ck: {
      empty: ckPoints.length === 0,
      attrs: { 'data-points': ckPoints.length, 'data-series': ckPoints.length ? 'ck' : '', 'data-high': ckPoints.filter((p) => p.flag === 'high').length },
    },
    others: enzymes.others.length
      ? { attrs: { 'data-points': enzymes.others.reduce((n, s) => n + s.points.length, 0), 'data-series': enzymes.others.map((s) => s.analyte).join(',') } }
      : null,
    mmt: {
      empty: mmtPoints + mmt.partial.length === 0,
      attrs: { 'data-points': mmtPoints, 'data-partial': mmt.partial.length, 'data-series': mmt.series.map((s) => s.version).join(',') },
    },
    meds: {
      empty: medications.bars.length === 0,
      rows: medications.rows.length,
      attrs: {
        'data-bars': medications.bars.length, 'data-rows': medications.rows.length, 'data-series': medications.rows.join('|'),
        'data-stopped': medications.bars.filter((b) => b.stopped).length,
      },
    },
  };
}

/** The flowsheet's dates in [from, to] and, per row, only those cells (rows left empty are dropped). */
export function flowsheetWithin(sheet: Flowsheet, from: string, to: string): Flowsheet {
  const dates = sheet.dates.filter((d) => d >= from && d <= to);
  const rows = sheet.rows
    .map((r) => ({ ...r, cells: Object.fromEntries(dates.flatMap((d) => (r.cells[d] ? [[d, r.cells[d]]] : []))) }))
    .filter((r) => Object.keys(r.cells).length > 0);
  return { dates, rows };
}

/**
 * Dates of the flowsheet the server renders: the table opens scrolled to its newest
 * column and shows about this many on a wide screen, so the page looks the same before
 * the full data has arrived, while the HTML of a 20-year patient stays small (a 5-year
 * window of monthly results was half the page: docs/performance.md).
 */
export const SHELL_FLOWSHEET_DATES = 8;

export function timelineShell(data: TimelineData): TimelineShell {
  const { from, to } = rangeWindow(initialRange(data.extent), data.extent);
  const inWindow = data.flowsheet.dates.filter((d) => d >= from && d <= to);
  const first = inWindow.at(-SHELL_FLOWSHEET_DATES) ?? inWindow[0] ?? from;
  const { min, max } = paddedMs(from, to);
  return {
    empty: data.empty, extent: data.extent, frames: panelFrames(data), flowsheet: flowsheetWithin(data.flowsheet, first > from ? first : from, to),
    sketch: timelineSketch(data, min, max),
  };
}
