'use client';
import dynamic from 'next/dynamic';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { TimelineData } from '@/lib/domain/timeline/build';
import type { PanelAttrs, PanelFrames } from '@/lib/domain/timeline/shell';
import type { PanelChartProps } from './hover-sync';

// Chart code loads in the browser only, and only on this page (ssr: false must sit
// in a client component). Each wrapper below renders on the server with its counts.
const loading = () => <p className="muted tl-loading">Loading chart…</p>;
const chartModules = {
  titer: () => import('./titer-chart'),
  enzyme: () => import('./enzyme-chart'),
  mmt: () => import('./mmt-chart'),
  meds: () => import('./meds-chart'),
};
// The chart chunks start downloading as soon as this module runs in the browser (while
// the page hydrates), not when the first chart renders: that waited for hydration and
// the data, one after the other (issue 24). The bundler loads each chunk once.
if (typeof window !== 'undefined') for (const load of Object.values(chartModules)) void load().catch(() => undefined);
const TiterChart = dynamic(chartModules.titer, { ssr: false, loading });
const EnzymeChart = dynamic(chartModules.enzyme, { ssr: false, loading });
const MmtChart = dynamic(chartModules.mmt, { ssr: false, loading });
const MedsChart = dynamic(chartModules.meds, { ssr: false, loading });

/** One stacked panel: heading, chart (or why there is none), key; data-* attributes for tests. */
function Panel({ testid, title, height, attrs, empty, note, children }: {
  testid: string; title: string; height: number; attrs: PanelAttrs; empty: string | null; note?: ReactNode; children: ReactNode;
}) {
  return (
    <figure className="tl-panel" data-testid={testid} {...attrs}>
      <figcaption className="tl-panel-title">{title}</figcaption>
      {empty ? <p className="muted tl-empty">{empty}</p> : <div className="tl-canvas" style={{ height }}>{children}</div>}
      {note && !empty ? <div className="hint tl-key">{note}</div> : null}
    </figure>
  );
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * How many panels may draw, top down: one, then one more after each chart has drawn
 * (chart-kit's `tl-drawn` event) or after 500 ms, in a later task. Setting up all the
 * charts in one commit was one long task that blocked input (Lighthouse's total
 * blocking time, issue 24); one per task lets the browser respond in between, and the
 * titers, read first, come first.
 */
function useOneChartPerTask(box: RefObject<HTMLDivElement | null>, ready: boolean, total: number): number {
  const [shown, setShown] = useState(1);
  useEffect(() => {
    const el = box.current;
    if (!ready || !el || shown >= total) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setShown((n) => Math.max(n, shown + 1)), 0);
    };
    const fallback = setTimeout(next, 500);
    el.addEventListener('tl-drawn', next);
    return () => {
      el.removeEventListener('tl-drawn', next);
      clearTimeout(fallback);
      clearTimeout(timer);
    };
  }, [box, ready, shown, total]);
  return ready ? shown : 0;
}

/**
 * The stacked panels sharing one time axis: titers, CK, other enzymes, MMT-8,
 * treatment. Frames (titles, counts, heights) come with the page; the charts draw
 * once the full data has arrived (`data` null until then).
 */
export function TimelinePanels({ frames, data, chart }: { frames: PanelFrames; data: TimelineData | null; chart: PanelChartProps }) {
  const order = (['titer', 'ck', 'others', 'mmt', 'meds'] as const).filter((k) => (k === 'others' ? frames.others !== null : !frames[k].empty));
  const box = useRef<HTMLDivElement>(null);
  const shown = useOneChartPerTask(box, data !== null, order.length);
  const chartOr = (panel: (typeof order)[number], draw: (d: TimelineData) => ReactNode) => (data && order.indexOf(panel) < shown ? draw(data) : loading());
  return (
    <div className="tl-panels" ref={box}>
      <Panel testid="timeline-titer" title="Anti-Mi2 level (× cut-off, log scale)" height={270} empty={frames.titer.empty ? 'No anti-Mi2 results to draw yet.' : null}
        attrs={frames.titer.attrs}
        note={<>
          <span>● value</span> <span>▲ reported “&gt;” (assay ceiling)</span> <span>▼ reported “&lt;”, or under the axis floor</span>{' '}
          <span>◆ category only, no level: drawn at 0.5× negative, 1.5× borderline, 3× positive, 6× strong</span> <span>★ signal, at its start date</span>.{' '}
          Shading: negative under 1× cut-off; borderline, positive and strong from each assay’s own limits. A dashed vertical line marks an
          assay change: the line breaks there because levels compare only within one assay.
          {frames.titer.unplotted ? ` ${count(frames.titer.unplotted, 'result')} without a usable cut-off or category appear in the flowsheet only.` : ''}
        </>}>
        {chartOr('titer', (d) => <TiterChart panel={d.titer} signals={d.signals} {...chart} />)}
      </Panel>
      <Panel testid="timeline-ck" title="CK (U/L, log scale)" height={200} empty={frames.ck.empty ? 'No CK results yet.' : null}
        attrs={frames.ck.attrs}
        note={<>● within range ▲ above its reference limit. The green band is each result’s own reference range from its lab.</>}>
        {chartOr('ck', (d) => <EnzymeChart series={d.enzymes.ck ? [d.enzymes.ck] : []} yMin={d.enzymes.ckYMin} yMax={d.enzymes.ckYMax} mode="ck" {...chart} />)}
      </Panel>
      {frames.others ? (
        <Panel testid="timeline-enzymes" title="Other muscle enzymes (× upper limit of normal)" height={170} empty={null} attrs={frames.others.attrs}>
          {chartOr('others', (d) => <EnzymeChart series={d.enzymes.others} yMin={d.enzymes.othersYMin} yMax={d.enzymes.othersYMax} mode="xuln" {...chart} />)}
        </Panel>
      ) : null}
      <Panel testid="timeline-mmt" title="Strength: MMT-8 total" height={190} empty={frames.mmt.empty ? 'No MMT-8 exams yet.' : null}
        attrs={frames.mmt.attrs}
        note={<>Complete exams are joined; ✕ partial exams sit in their own lane and are never a total.</>}>
        {chartOr('mmt', (d) => <MmtChart panel={d.mmt} {...chart} />)}
      </Panel>
      <Panel testid="timeline-meds" title="Treatment" height={48 + 26 * Math.max(1, frames.meds.rows)}
        empty={frames.meds.empty ? 'No medication recorded.' : null}
        attrs={frames.meds.attrs}
        note={<>Darker = higher dose of that drug; a thick right edge marks a stop.</>}>
        {chartOr('meds', (d) => <MedsChart panel={d.medications} {...chart} />)}
      </Panel>
    </div>
  );
}
