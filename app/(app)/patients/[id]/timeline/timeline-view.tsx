'use client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TimelineData } from '@/lib/domain/timeline/build';
import { DAY_MS, isoOfMs, paddedMs, rangeWindow } from '@/lib/domain/timeline/time';
import { RANGE_KEYS, type RangeKey, type TimelineExtent } from '@/lib/domain/timeline/types';
import { FlowsheetTable } from './flowsheet-table';
import { createHoverSync } from './hover-sync';
import { TimelinePanels } from './timeline-panels';

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

/** Up to 15 years the whole course opens at a glance (taper and stop included); longer ones open on the last 5 years. */
const WHOLE_COURSE_MS = 15 * 365.25 * 86_400_000;
function initialRange(extent: TimelineExtent): RangeKey {
  return Date.parse(extent.end) - Date.parse(extent.start) > WHOLE_COURSE_MS ? '5y' : 'all';
}

/**
 * Client shell of the timeline: range selector, zoom buttons and drag-zoom
 * shared by every panel, and the flowsheet of the same window.
 */
export function TimelineView({ data, patientId, canExport }: { data: TimelineData; patientId: number; canExport: boolean }) {
  const [base, setBase] = useState<RangeKey>(() => initialRange(data.extent));
  const [zoomed, setZoomed] = useState(false);
  const [win, setWin] = useState<Win>(() => windowOf(base, data.extent));
  const [sync] = useState(createHoverSync);
  const all = useMemo(() => windowOf('all', data.extent), [data.extent]);
  // Chart.js does not resize for print media by itself (its docs: "Printing
  // Resizable Charts"); resize every panel to the print layout and back.
  useEffect(() => {
    const resize = () => sync.charts.forEach((c) => c.resize());
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    return () => {
      window.removeEventListener('beforeprint', resize);
      window.removeEventListener('afterprint', resize);
    };
  }, [sync]);

  const choose = (key: RangeKey) => {
    setBase(key);
    setZoomed(false);
    setWin(windowOf(key, data.extent));
  };
  const setMs = useCallback((min: number, max: number) => {
    setZoomed(true);
    setWin({ min, max, from: isoOfMs(min), to: isoOfMs(max) });
  }, []);
  const zoomBy = (factor: number) => {
    const centre = (win.min + win.max) / 2;
    const half = Math.max(3.5 * DAY_MS, ((win.max - win.min) / 2) * factor);
    setMs(Math.max(all.min, centre - half), Math.min(all.max, centre + half));
  };
  const chart = useMemo(() => ({ xMin: win.min, xMax: win.max, sync, onWindow: setMs }), [win.min, win.max, sync, setMs]);

  // With nothing drawn yet, range and zoom controls would only add noise.
  const controls = data.empty ? null : (
    <>
      <div className="tl-controls no-print" role="toolbar" aria-label="Timeline range and zoom">
        <div className="tl-group" role="group" aria-label="Range">
          {RANGE_KEYS.map((k) => (
            <button key={k} type="button" className="btn small secondary" aria-pressed={!zoomed && base === k} onClick={() => choose(k)}>{RANGE_LABEL[k]}</button>
          ))}
        </div>
        <div className="tl-group" role="group" aria-label="Zoom">
          <button type="button" className="btn small secondary" onClick={() => zoomBy(0.5)}>Zoom in</button>
          <button type="button" className="btn small secondary" onClick={() => zoomBy(2)}>Zoom out</button>
          <button type="button" className="btn small secondary" disabled={!zoomed} onClick={() => choose(base)}>Reset zoom</button>
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
      <TimelinePanels data={data} chart={chart} />
      <FlowsheetTable sheet={data.flowsheet} from={win.from} to={win.to} patientId={patientId} canExport={canExport} />
    </>
  );
}
