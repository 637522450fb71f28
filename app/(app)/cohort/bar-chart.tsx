'use client';
import { useMemo } from 'react';
import type { ChartData, ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { FONT, MUTED } from './chart-setup';

export interface BarSeries {
  label: string;
  data: (number | null)[];
  color: string;
}

export interface BarChartProps {
  labels: string[];
  series: BarSeries[];
  yTitle: string;
  yMax?: number;
  /** Bars along the y axis (long category names read better). */
  horizontal?: boolean;
  ariaLabel: string;
}

/** Grouped bars: one colour per series, categories on the axis; the table beside it has the numbers. */
export default function BarChart({ labels, series, yTitle, yMax, horizontal = false, ariaLabel }: BarChartProps) {
  const data = useMemo<ChartData<'bar', (number | null)[]>>(
    () => ({ labels, datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color, borderColor: s.color, borderWidth: 1 })) }),
    [labels, series],
  );
  const options = useMemo<ChartOptions<'bar'>>(() => {
    const value = { beginAtZero: true, max: yMax, ticks: { font: FONT, color: MUTED }, title: { display: true, text: yTitle, font: FONT, color: MUTED } };
    const category = { ticks: { font: FONT, color: MUTED, autoSkip: false }, grid: { display: false } };
    return {
      indexAxis: horizontal ? 'y' : 'x', animation: false, responsive: true, maintainAspectRatio: false,
      scales: horizontal ? { x: value, y: category } : { x: category, y: value },
      plugins: { legend: { position: 'top', align: 'start', labels: { boxWidth: 10, font: FONT } } },
    };
  }, [yTitle, yMax, horizontal]);
  return <Bar data={data} options={options} role="img" aria-label={ariaLabel} />;
}
