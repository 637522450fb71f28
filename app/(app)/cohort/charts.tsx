'use client';
import dynamic from 'next/dynamic';
import type { ReactNode } from 'react';
import type { BarChartProps } from './bar-chart';
import type { ScatterChartProps } from './scatter-chart';

// chart.js loads in the browser only, and only on this page (ssr: false must sit in
// a client component). The figure around each chart renders on the server.
const loading = () => <p className="muted">Loading chart…</p>;
const Bar = dynamic(() => import('./bar-chart'), { ssr: false, loading });
const Scatter = dynamic(() => import('./scatter-chart'), { ssr: false, loading });

type Attrs = Record<`data-${string}`, string | number>;

function Figure({ testid, title, height, attrs, note, children }: { testid: string; title: string; height: number; attrs?: Attrs; note?: ReactNode; children: ReactNode }) {
  return (
    <figure className="cohort-figure" data-testid={testid} {...attrs}>
      <figcaption className="cohort-figure-title">{title}</figcaption>
      <div className="cohort-canvas" style={{ height }}>{children}</div>
      {note ? <div className="hint">{note}</div> : null}
    </figure>
  );
}

export function BarFigure({ testid, title, height = 260, attrs, note, ...chart }: BarChartProps & { testid: string; title: string; height?: number; attrs?: Attrs; note?: ReactNode }) {
  return <Figure testid={testid} title={title} height={height} attrs={attrs} note={note}><Bar {...chart} /></Figure>;
}

export function ScatterFigure({ testid, title, height = 300, attrs, note, ...chart }: ScatterChartProps & { testid: string; title: string; height?: number; attrs?: Attrs; note?: ReactNode }) {
  return <Figure testid={testid} title={title} height={height} attrs={attrs} note={note}><Scatter {...chart} /></Figure>;
}
