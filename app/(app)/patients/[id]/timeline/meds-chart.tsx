'use client';
import { laneLabel } from './lane-label';
import { useMemo } from 'react';
import type { ChartData, ChartOptions, Plugin, ScriptableContext } from 'chart.js';
import type { MedicationBar, MedicationPanel } from '@/lib/domain/timeline/types';
import { PanelCanvas } from './panel-canvas';
import { crosshair, dragZoom, fixWidth, LAYOUT, timeAxis, type PanelChartProps } from './chart-kit';
import { DRUG_RGB, INK } from './palette';

/** Floating bar [start, end] on the drug's row; parsing stays on here (few bars, floating ranges need it). */
type Datum = { x: [number, number]; y: string; bar: MedicationBar };


const isDatum = (v: unknown): v is Datum => typeof v === 'object' && v !== null && 'bar' in v;
const barOf = (ctx: ScriptableContext<'bar'>) => (isDatum(ctx.raw) ? ctx.raw.bar : null);
/** Shade follows the dose relative to the drug's highest dose: a taper fades. */
const shade = (ctx: ScriptableContext<'bar'>) => {
  const b = barOf(ctx);
  return b ? `rgba(${DRUG_RGB[b.drugClass]},${(0.25 + 0.65 * b.intensity).toFixed(2)})` : 'grey';
};
const edge = (ctx: ScriptableContext<'bar'>) => {
  const b = barOf(ctx);
  return b ? `rgb(${DRUG_RGB[b.drugClass]})` : 'grey';
};
/** A thick right edge marks a stop (an epoch end with no following dose). */
const border = (ctx: ScriptableContext<'bar'>) => ({ top: 1, bottom: 1, left: 1, right: barOf(ctx)?.stopped ? 4 : 1 });

/** Dose text inside each bar wide enough to hold it. */
const doseLabels: Plugin<'bar'> = {
  id: 'tlDoseLabels',
  afterDatasetsDraw(chart) {
    const meta = chart.getDatasetMeta(0);
    const raw = chart.data.datasets[0]?.data ?? [];
    const area = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    meta.data.forEach((el, i) => {
      const d = raw[i];
      if (!isDatum(d)) return;
      const { x, base, y } = el.getProps(['x', 'base', 'y'], true) as { x: number; base: number; y: number };
      const left = Math.max(Math.min(x, base), area.left);
      const right = Math.min(Math.max(x, base), area.right);
      const text = d.bar.doseLabel;
      if (ctx.measureText(text).width + 6 > right - left) return;
      ctx.fillStyle = d.bar.intensity > 0.6 ? '#fff' : INK;
      ctx.fillText(text, left + 3, y);
    });
    ctx.restore();
  },
};


/** Dose epochs as horizontal bars per drug under the lab panels (docs/clinical/treatment.md). */
export default function MedsChart({ panel, xMin, xMax, sync, onWindow }: PanelChartProps & { panel: MedicationPanel }) {
  const plugins = useMemo(() => [crosshair<'bar'>(sync), doseLabels], [sync]);
  const data = useMemo<ChartData<'bar', Datum[], string>>(() => ({
    labels: panel.rows,
    datasets: [{
      label: 'Dose epochs', data: panel.bars.map((bar) => ({ x: [bar.start, bar.end], y: bar.row, bar })),
      backgroundColor: shade, borderColor: edge, borderWidth: border, borderSkipped: false, barThickness: 16, grouped: false,
    }],
  }), [panel]);
  const options = useMemo<ChartOptions<'bar'>>(() => ({
    indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, layout: LAYOUT,
    interaction: { mode: 'nearest', intersect: true },
    scales: {
      x: timeAxis(xMin, xMax),
      y: { type: 'category', afterFit: fixWidth, ticks: { font: { size: 10, lineHeight: 1.1 }, autoSkip: false, callback: (_v, i) => laneLabel(panel.rows[i] ?? '') } },
    },
    plugins: {
      legend: { display: false },
      tooltip: { callbacks: { title: (items) => items.map((i) => (isDatum(i.raw) ? i.raw.bar.row : '')).find(Boolean) ?? '',
        label: (item) => (isDatum(item.raw) ? [item.raw.bar.detail, ...(item.raw.bar.stopped ? ['Stopped after this dose'] : [])] : '') } },
      tlDragZoom: dragZoom(onWindow),
    },
  }), [panel, xMin, xMax, onWindow]);

  return <PanelCanvas type="bar" sync={sync} data={data} options={options} plugins={plugins}
    label="Immunosuppression dose epochs per drug over time; the doses on each date are in the flowsheet below." />;
}
