'use client';
import { useMemo } from 'react';
import type { ChartData, ChartOptions, Scale, TooltipItem } from 'chart.js';
import { Scatter } from 'react-chartjs-2';
import { FONT, logTick, MUTED } from './chart-setup';

export interface ScatterSeries {
  label: string;
  points: { x: number; y: number }[];
  color: string;
  /** A marker drawn larger (e.g. the group median of a strip plot). */
  emphasis?: boolean;
}

export interface ScatterAxis {
  title: string;
  log?: boolean;
  min?: number;
  max?: number;
  /** Category names at 0, 1, 2... (a strip plot); numbers otherwise. */
  categories?: string[];
}

export interface ScatterChartProps {
  series: ScatterSeries[];
  x: ScatterAxis;
  y: ScatterAxis;
  ariaLabel: string;
}

function axis(a: ScatterAxis) {
  const categories = a.categories;
  return {
    type: a.log ? ('logarithmic' as const) : ('linear' as const),
    min: a.min, max: a.max,
    title: { display: true, text: a.title, font: FONT, color: MUTED },
    // A strip plot's axis has one tick per category, at 0, 1, 2... (not at the nice numbers Chart.js would pick).
    afterBuildTicks: categories ? (scale: Scale) => { scale.ticks = categories.map((_, value) => ({ value })); } : undefined,
    ticks: {
      font: FONT, color: MUTED, autoSkip: !a.log && !categories,
      callback: (v: string | number) => (categories ? (categories[Number(v)] ?? '') : a.log ? logTick(v) : String(v)),
    },
    grid: { color: 'rgba(0,0,0,0.06)' },
  };
}

/** Points, semi-transparent so dense clouds show their density; parsing off (plain {x, y}). */
export default function ScatterChart({ series, x, y, ariaLabel }: ScatterChartProps) {
  const data = useMemo<ChartData<'scatter', { x: number; y: number }[]>>(() => ({
    datasets: series.map((s) => ({
      label: s.label, data: s.points, backgroundColor: s.emphasis ? s.color : `${s.color}66`, borderColor: s.color,
      pointRadius: s.emphasis ? 7 : 3, pointStyle: s.emphasis ? 'line' : 'circle', borderWidth: s.emphasis ? 3 : 1,
      // Points on the axis limits (MMT-8 of 80) are drawn whole, not cut in half.
      clip: 8,
    })),
  }), [series]);
  const options = useMemo<ChartOptions<'scatter'>>(() => ({
    parsing: false, animation: false, responsive: true, maintainAspectRatio: false,
    scales: { x: axis(x), y: axis(y) },
    plugins: {
      // Medians are named in the figure title; the legend lists the groups only.
      legend: { position: 'top', align: 'start', labels: { boxWidth: 10, font: FONT, filter: (item) => !series[item.datasetIndex ?? -1]?.emphasis } },
      tooltip: { callbacks: { label: (i: TooltipItem<'scatter'>) => `${i.dataset.label ?? ''}: ${x.categories ? '' : `${Number((i.parsed.x ?? 0).toPrecision(3))}, `}${Number((i.parsed.y ?? 0).toPrecision(4))}` } },
    },
  }), [x, y, series]);
  return <Scatter data={data} options={options} role="img" aria-label={ariaLabel} />;
}
