'use client';
import dynamic from 'next/dynamic';
import type { ReactNode } from 'react';
import type { TimelineData } from '@/lib/domain/timeline/build';
import type { PanelChartProps } from './hover-sync';

// Chart code loads in the browser only, and only on this page (ssr: false must sit
// in a client component). Each wrapper below renders on the server with its counts.
const loading = () => <p className="muted tl-loading">Loading chart…</p>;
const TiterChart = dynamic(() => import('./titer-chart'), { ssr: false, loading });
const EnzymeChart = dynamic(() => import('./enzyme-chart'), { ssr: false, loading });
const MmtChart = dynamic(() => import('./mmt-chart'), { ssr: false, loading });
const MedsChart = dynamic(() => import('./meds-chart'), { ssr: false, loading });

type Attrs = Record<`data-${string}`, string | number>;

/** One stacked panel: heading, chart (or why there is none), key; data-* attributes for tests. */
function Panel({ testid, title, height, attrs, empty, note, children }: {
  testid: string; title: string; height: number; attrs: Attrs; empty: string | null; note?: ReactNode; children: ReactNode;
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

/** The stacked panels sharing one time axis: titers, CK, other enzymes, MMT-8, treatment. */
export function TimelinePanels({ data, chart }: { data: TimelineData; chart: PanelChartProps }) {
  const { titer, enzymes, mmt, medications, signals } = data;
  const titerPoints = titer.series.flatMap((s) => [...s.segments.flatMap((g) => g.points), ...s.qualitative]);
  const censored = titerPoints.filter((p) => p.marker === 'below' || p.marker === 'above').length;
  const ckPoints = enzymes.ck?.points ?? [];
  const otherPoints = enzymes.others.reduce((n, s) => n + s.points.length, 0);
  const mmtPoints = mmt.series.reduce((n, s) => n + s.points.length, 0);
  return (
    <div className="tl-panels">
      <Panel testid="timeline-titer" title="Anti-Mi2 level (× cut-off, log scale)" height={270} empty={titer.count ? null : 'No anti-Mi2 results to draw yet.'}
        attrs={{ 'data-points': titer.count, 'data-series': titer.series.map((s) => s.analyte).join(','), 'data-breaks': titer.changes.length,
          'data-censored': censored, 'data-qualitative': titerPoints.filter((p) => p.marker === 'qualitative').length,
          'data-floor': titerPoints.filter((p) => p.marker === 'floor').length, 'data-unplotted': titer.unplotted, 'data-signals': signals.length }}
        note={<>
          <span>● value</span> <span>▲ reported “&gt;” (assay ceiling)</span> <span>▼ reported “&lt;”, or under the axis floor</span>{' '}
          <span>◆ category only, no level: drawn at 0.5× negative, 1.5× borderline, 3× positive, 6× strong</span> <span>★ signal, at its start date</span>.{' '}
          Shading: negative under 1× cut-off; borderline, positive and strong from each assay’s own limits. A dashed vertical line marks an
          assay change: the line breaks there because levels compare only within one assay.
          {titer.unplotted ? ` ${count(titer.unplotted, 'result')} without a usable cut-off or category appear in the flowsheet only.` : ''}
        </>}>
        <TiterChart panel={titer} signals={signals} {...chart} />
      </Panel>
      <Panel testid="timeline-ck" title="CK (U/L, log scale)" height={200} empty={ckPoints.length ? null : 'No CK results yet.'}
        attrs={{ 'data-points': ckPoints.length, 'data-series': ckPoints.length ? 'ck' : '', 'data-high': ckPoints.filter((p) => p.flag === 'high').length }}
        note={<>● within range ▲ above its reference limit. The green band is each result’s own reference range from its lab.</>}>
        <EnzymeChart series={enzymes.ck ? [enzymes.ck] : []} yMin={enzymes.ckYMin} yMax={enzymes.ckYMax} mode="ck" {...chart} />
      </Panel>
      {enzymes.others.length ? (
        <Panel testid="timeline-enzymes" title="Other muscle enzymes (× upper limit of normal)" height={170} empty={null}
          attrs={{ 'data-points': otherPoints, 'data-series': enzymes.others.map((s) => s.analyte).join(',') }}>
          <EnzymeChart series={enzymes.others} yMin={enzymes.othersYMin} yMax={enzymes.othersYMax} mode="xuln" {...chart} />
        </Panel>
      ) : null}
      <Panel testid="timeline-mmt" title="Strength: MMT-8 total" height={190} empty={mmtPoints + mmt.partial.length ? null : 'No MMT-8 exams yet.'}
        attrs={{ 'data-points': mmtPoints, 'data-partial': mmt.partial.length, 'data-series': mmt.series.map((s) => s.version).join(',') }}
        note={<>Complete exams are joined; ✕ partial exams sit in their own lane and are never a total.</>}>
        <MmtChart panel={mmt} {...chart} />
      </Panel>
      <Panel testid="timeline-meds" title="Treatment" height={48 + 26 * Math.max(1, medications.rows.length)}
        empty={medications.bars.length ? null : 'No medication recorded.'}
        attrs={{ 'data-bars': medications.bars.length, 'data-rows': medications.rows.length, 'data-series': medications.rows.join('|'),
          'data-stopped': medications.bars.filter((b) => b.stopped).length }}
        note={<>Darker = higher dose of that drug; a thick right edge marks a stop.</>}>
        <MedsChart panel={medications} {...chart} />
      </Panel>
    </div>
  );
}
