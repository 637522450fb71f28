'use client';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { TimelineData } from '@/lib/domain/timeline/build';
import type { PanelAttrs, PanelFrames } from '@/lib/domain/timeline/shell';
import type { SketchPanel, TimelineSketch } from '@/lib/domain/timeline/sketch';
import { ChartCodeHint, loadChartCode, type ChartModules } from './chart-code';
import { FirstFrame, PanelLegend } from './first-frame';
import { HiddenSeries } from './series-key';
import { AXIS_TITLE } from './panel-geometry';
import type { PanelChartProps } from './hover-sync';

// Chart code loads in the browser only, and only on this page: a separate chunk group,
// preloaded from the page's head and imported as hydration reaches ChartCodeHint
// (chart-code.tsx), so it downloads beside the timeline data (issue 24). Not
// next/dynamic for the charts themselves: its React.lazy suspends on first render even
// when the chunk is in, and React holds a revealed Suspense boundary back up to 300 ms
// after its fallback.

/** The chart modules once loaded; 'failed' when the chunk could not be loaded. */
function useChartCode(): ChartModules | null | 'failed' {
  const [code, setCode] = useState<ChartModules | null | 'failed'>(null);
  useEffect(() => {
    let live = true;
    loadChartCode().then((m) => live && setCode(m), () => live && setCode('failed'));
    return () => {
      live = false;
    };
  }, []);
  return code;
}

const loading = () => <p className="muted tl-loading">Loading chart…</p>;

/** What the first frame of one panel needs besides its shapes. */
interface FrameOf {
  panel: SketchPanel | null;
  axis?: string;
  lineWidth?: number;
  lanes?: boolean;
}

/**
 * One stacked panel: heading, legend, the server's first frame and the chart over it
 * (or why there is none), key; data-* attributes for tests.
 */
function Panel({ testid, title, height, attrs, empty, note, frame, x, interactive, children }: {
  testid: string; title: string; height: number; attrs: PanelAttrs; empty: string | null; note?: ReactNode; frame: FrameOf; x: TimelineSketch['x'];
  /** The chart is in: the key hides and shows its series. */
  interactive: boolean; children: ReactNode;
}) {
  const sketch = frame.panel;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const flip = useCallback((label: string) => setHidden((was) => {
    const now = new Set(was);
    if (!now.delete(label)) now.add(label);
    return now;
  }), []);
  return (
    <figure className="tl-panel" data-testid={testid} {...attrs}>
      <figcaption className="tl-panel-title">
        {title}
        {/* Always there, so that a screen reader announces what is hidden (hazard D5). */}
        <span className="tl-hidden-note" role="status">{hidden.size ? ` · hidden from the chart: ${[...hidden].join(', ')} (select ${hidden.size > 1 ? 'them' : 'it'} in the key to show ${hidden.size > 1 ? 'them' : 'it'})` : ''}</span>
      </figcaption>
      {sketch && !empty ? <PanelLegend items={sketch.legend} toggle={interactive ? { hidden, flip } : undefined} /> : null}
      {empty ? <p className="muted tl-empty">{empty}</p> : (
        <div className="tl-canvas" style={{ height }}>
          {sketch ? <FirstFrame panel={sketch} x={x} height={height} title={frame.axis} lineWidth={frame.lineWidth} lanes={frame.lanes} /> : null}
          <HiddenSeries.Provider value={hidden}>{children}</HiddenSeries.Provider>
        </div>
      )}
      {note && !empty ? <div className="hint tl-key">{note}</div> : null}
    </figure>
  );
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The stacked panels sharing one time axis: titers, CK, other enzymes, MMT-8,
 * treatment. Frames (titles, counts, heights) come with the page; the charts draw
 * once the full data and the chart code have arrived (`data` null until then).
 * Heights are the canvas's alone: the key above it (PanelLegend) took about 18 px of the
 * canvas when Chart.js drew it, so the plot areas and the printed pages stay as they were.
 */
export function TimelinePanels({ frames, sketch, data, chart }: { frames: PanelFrames; sketch: TimelineSketch; data: TimelineData | null; chart: PanelChartProps }) {
  const code = useChartCode();
  const x = sketch.x;
  // The panels mount together; each chart then sets up in steps queued in page order,
  // one step per task, titers first (panel-canvas.tsx).
  const chartOr = (draw: (d: TimelineData, c: ChartModules) => ReactNode) => {
    if (code === 'failed') return <p className="muted tl-failed">The interactive chart could not be loaded; the flowsheet below has the same values.</p>;
    // Until then the first frame is the chart (no "Loading" over it).
    return data && code ? draw(data, code) : loading();
  };
  const interactive = !!data && !!code && code !== 'failed';
  return (
    <div className="tl-panels">
      <ChartCodeHint />
      <Panel interactive={interactive} testid="timeline-titer" title="Anti-Mi2 level (× cut-off, log scale)" height={252} x={x} frame={{ panel: sketch.titer, axis: AXIS_TITLE.titer }} empty={frames.titer.empty ? 'No anti-Mi2 results to draw yet.' : null}
        attrs={frames.titer.attrs}
        note={<>
          <span>● value</span> <span>▲ reported “&gt;” (assay ceiling)</span> <span>▼ reported “&lt;”, or under the axis floor</span>{' '}
          <span>◆ category only, no level: drawn at 0.5× negative, 1.5× borderline, 3× positive, 6× strong</span> <span>★ signal, at its start date</span>.{' '}
          Shading: negative under 1× cut-off; borderline, positive and strong from the limits each result was read with (the shading steps where an assay’s limits changed). A dashed vertical line marks an
          assay change: the line breaks there because levels compare only within one assay.
          {frames.titer.unplotted ? ` ${count(frames.titer.unplotted, 'result')} without a usable cut-off or category appear in the flowsheet only.` : ''}
        </>}>
        {chartOr((d, c) => <c.TiterChart panel={d.titer} signals={d.signals} {...chart} />)}
      </Panel>
      <Panel interactive={interactive} testid="timeline-ck" title="CK (U/L, log scale)" height={182} x={x} frame={{ panel: sketch.ck, axis: AXIS_TITLE.ck, lineWidth: 1.5 }} empty={frames.ck.empty ? 'No CK results yet.' : null}
        attrs={frames.ck.attrs}
        note={<>● within range ▲ above its reference limit. The green band is each result’s own reference range from its lab.</>}>
        {chartOr((d, c) => <c.EnzymeChart series={d.enzymes.ck ? [d.enzymes.ck] : []} yMin={d.enzymes.ckYMin} yMax={d.enzymes.ckYMax} mode="ck" {...chart} />)}
      </Panel>
      {frames.others ? (
        <Panel interactive={interactive} testid="timeline-enzymes" title="Other muscle enzymes (× upper limit of normal)" height={152} x={x} frame={{ panel: sketch.others, axis: AXIS_TITLE.xuln, lineWidth: 1.5 }} empty={null} attrs={frames.others.attrs}>
          {chartOr((d, c) => <c.EnzymeChart series={d.enzymes.others} yMin={d.enzymes.othersYMin} yMax={d.enzymes.othersYMax} mode="xuln" {...chart} />)}
        </Panel>
      ) : null}
      <Panel interactive={interactive} testid="timeline-mmt" title="Strength: MMT-8 total" height={172} x={x} frame={{ panel: sketch.mmt, axis: AXIS_TITLE.mmt }} empty={frames.mmt.empty ? 'No MMT-8 exams yet.' : null}
        attrs={frames.mmt.attrs}
        note={<>Complete exams are joined; ✕ partial exams sit in their own lane and are never a total.</>}>
        {chartOr((d, c) => <c.MmtChart panel={d.mmt} {...chart} />)}
      </Panel>
      <Panel interactive={interactive} testid="timeline-meds" title="Treatment" height={48 + 26 * Math.max(1, frames.meds.rows)} x={x} frame={{ panel: sketch.meds, lanes: true }}
        empty={frames.meds.empty ? 'No medication recorded.' : null}
        attrs={frames.meds.attrs}
        note={<>Darker = higher dose of that drug; a thick right edge marks a stop.{data ? <span className="tl-lanes" data-testid="meds-lanes">{` Lanes, top to bottom: ${data.medications.rows.join('; ')}.`}</span> : null}</>}>
        {chartOr((d, c) => <c.MedsChart panel={d.medications} {...chart} />)}
      </Panel>
    </div>
  );
}
