'use client';
import { startTransition, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { TimelineData } from '@/lib/domain/timeline/build';
import { initialRange, type TimelineShell } from '@/lib/domain/timeline/shell';
import { DAY_MS, isoOfMs, paddedMs, rangeWindow } from '@/lib/domain/timeline/time';
import { RANGE_KEYS, type RangeKey, type TimelineExtent } from '@/lib/domain/timeline/types';
import { FlowsheetTable } from './flowsheet-table';
import { createHoverSync } from './hover-sync';
import { TimelinePanels } from './timeline-panels';
import { timelineDataPath } from './timeline-data-path';

const RANGE_LABEL: Record<RangeKey, string> = { '1y': '1 year', '5y': '5 years', all: 'All' };

/** The dates shown (flowsheet, CSV) and the chart's x limits (padded so edge points show whole). */
interface Win {
  from: string;
  to: string;
  min: number;
  max: number;
}

function windowOf(key: RangeKey, extent: TimelineExtent): Win {
  const { from, to } = rangeWindow(key, extent);
  return { from, to, ...paddedMs(from, to) };
}

/**
 * Client shell of the timeline: range selector, zoom buttons and drag-zoom
 * shared by every panel, and the flowsheet of the same window. The server sends
 * the shell (panel frames, the opening window's newest flowsheet dates) as HTML;
 * the full data (timeline/data: gzipped JSON, inflated with the browser's
 * DecompressionStream) is preloaded from the page's head and read after hydration, then
 * the charts draw and the range controls work on every date.
 */
export function TimelineView({ shell, patientId, canExport }: { shell: TimelineShell; patientId: number; canExport: boolean }) {
  const [data, setData] = useState<TimelineData | null>(null);
  const [failed, setFailed] = useState(false);
  const [base, setBase] = useState<RangeKey>(() => initialRange(shell.extent));
  const [zoomed, setZoomed] = useState(false);
  const [win, setWin] = useState<Win>(() => windowOf(base, shell.extent));
  const [sync] = useState(createHoverSync);
  // The flowsheet keeps the server's newest dates of the opening window (the shell) until
  // it nears the screen, takes the focus, or the window changes: rendering every date of a
  // long window as the data arrived was the page's longest task, for a table below the
  // fold (issue 24; decision 0040).
  const [wholeSheet, setWholeSheet] = useState(false);
  const showWholeSheet = useCallback(() => startTransition(() => setWholeSheet(true)), []);
  const all = useMemo(() => windowOf('all', shell.extent), [shell.extent]);
  useEffect(() => {
    if (shell.empty) return;
    const abort = new AbortController();
    // No `cache: 'no-store'` here (the route answers no-store anyway): the request must
    // match the page's preload of it (timeline-section.tsx) to take its response.
    fetch(timelineDataPath(patientId), { signal: abort.signal })
      .then((r) => (r.ok && r.body ? (new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).json() as Promise<TimelineData>) : Promise.reject(new Error(String(r.status)))))
      .then((d) => startTransition(() => setData(d)), () => !abort.signal.aborted && setFailed(true));
    return () => abort.abort();
  }, [patientId, shell.empty]);
  const choose = (key: RangeKey) => {
    setWholeSheet(true);
    setBase(key);
    setZoomed(false);
    setWin(windowOf(key, shell.extent));
  };
  const setMs = useCallback((min: number, max: number) => {
    setWholeSheet(true);
    setZoomed(true);
    setWin({ min, max, from: isoOfMs(min), to: isoOfMs(max) });
  }, []);
  const zoomBy = (factor: number) => {
    const centre = (win.min + win.max) / 2;
    const half = Math.max(3.5 * DAY_MS, ((win.max - win.min) / 2) * factor);
    setMs(Math.max(all.min, centre - half), Math.min(all.max, centre + half));
  };
  const chart = useMemo(() => ({ xMin: win.min, xMax: win.max, sync, onWindow: setMs }), [win.min, win.max, sync, setMs]);

  // With nothing drawn yet, range and zoom controls would only add noise. Until the
  // full data has arrived they are disabled: the shell holds the newest dates only.
  const ready = data !== null;
  const controls = shell.empty ? null : (
    <>
      <div className="tl-controls no-print" role="toolbar" aria-label="Timeline range and zoom">
        <div className="tl-group" role="group" aria-label="Range">
          {RANGE_KEYS.map((k) => (
            <button key={k} type="button" className="btn small secondary" aria-pressed={!zoomed && base === k} disabled={!ready} onClick={() => choose(k)}>{RANGE_LABEL[k]}</button>
          ))}
        </div>
        <div className="tl-group" role="group" aria-label="Zoom">
          <button type="button" className="btn small secondary" disabled={!ready} onClick={() => zoomBy(0.5)}>Zoom in</button>
          <button type="button" className="btn small secondary" disabled={!ready} onClick={() => zoomBy(2)}>Zoom out</button>
          <button type="button" className="btn small secondary" disabled={!zoomed || !ready} onClick={() => choose(base)}>Reset zoom</button>
        </div>
        <span className="muted" aria-live="polite" data-testid="timeline-window" data-from={win.from} data-to={win.to}>
          {win.from} to {win.to}{zoomed ? ' (zoomed)' : ''}
        </span>
      </div>
      <p className="hint no-print">Drag across a panel to zoom into a period. Hovering a date marks it in every panel.</p>
      <p className="print-only muted">Period shown: {win.from} to {win.to}.</p>
    </>
  );
  return (
    <>
      {controls}
      {failed ? <p className="muted" role="status">The interactive charts could not be loaded: the panels show the opening period as first drawn, without hover or zoom, and the flowsheet shows the most recent values. Reload the page to try again.</p> : null}
      <TimelinePanels frames={shell.frames} sketch={shell.sketch} data={data} chart={chart} />
      {/* Its own Suspense boundary: the table, below the fold, hydrates in a pass of its own
          instead of inside one long task with the rest of the page (decision 0040). */}
      <Suspense>
        {data && wholeSheet
          ? <FlowsheetTable sheet={data.flowsheet} from={win.from} to={win.to} patientId={patientId} canExport={canExport} />
          // The shell's dates only: its caption and CSV say that period, so the file holds what is shown.
          : <FlowsheetTable sheet={shell.flowsheet} from={shell.flowsheet.dates[0] ?? win.from} to={win.to} patientId={patientId} canExport={canExport} onNear={showWholeSheet} />}
      </Suspense>
    </>
  );
}
