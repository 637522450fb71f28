'use client';
import { useMemo } from 'react';
import type { ChartData, ChartOptions, ScriptableContext, TooltipItem } from 'chart.js';
import type { MmtPanel, MmtPoint } from '@/lib/domain/timeline/types';
import { PanelCanvas } from './panel-canvas';
import { crosshair, dragZoom, EDGE_CLIP, FONT, fixWidth, LAYOUT, NO_LEGEND, linearAxisTicks, tickLabel, timeAxis, VALUE_GRID, type PanelChartProps } from './chart-kit';
import { AXIS_TITLE } from './panel-geometry';
import { INK, MMT_COLOR, MUTED, NEAR_FULL, PARTIAL_LANE } from './palette';
import type { MarksOptions } from './chart-marks';

type Datum = { x: number; y: number };

const isPoint = (v: unknown): v is MmtPoint => typeof v === 'object' && v !== null && 'tested' in v && 'version' in v;
const radius = (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && ctx.raw.signal ? 6 : 4);
const ring = (color: string) => (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && ctx.raw.signal ? INK : color);

function label(item: TooltipItem<'line'>): string[] {
  const r = item.raw;
  if (!isPoint(r)) return [];
  const lines = [r.total !== null ? `MMT ${r.version}: ${r.label}` : `MMT ${r.version}: ${r.label} (not a total)`];
  if (r.signal) lines.push('Named by an active signal');
  return lines;
}

/**
 * Complete MMT totals joined per version against the maximum; partial exams as
 * crosses in a lane under 0 (docs/clinical/strength.md: never a low total).
 */
export default function MmtChart({ panel, xMin, xMax, sync, onWindow }: PanelChartProps & { panel: MmtPanel }) {
  const plugins = useMemo(() => [crosshair<'line'>(sync)], [sync]);
  const data = useMemo<ChartData<'line', Datum[]>>(() => {
    const sets: ChartData<'line', Datum[]>['datasets'] = panel.series.map((s) => ({
      label: s.label, data: s.points, borderColor: MMT_COLOR[s.version], backgroundColor: MMT_COLOR[s.version], borderWidth: 2, tension: 0,
      pointRadius: radius, pointBorderColor: ring(MMT_COLOR[s.version]), pointBorderWidth: 1.5, clip: EDGE_CLIP,
    }));
    if (panel.partial.length) {
      sets.push({ label: 'Partial exam (not a total)', data: panel.partial, showLine: false, pointStyle: 'crossRot', pointRadius: 6,
        pointBorderWidth: 2, borderColor: MUTED, pointBorderColor: MUTED, clip: EDGE_CLIP });
    }
    return { datasets: sets };
  }, [panel]);

  const options = useMemo<ChartOptions<'line'>>(() => {
    const marks: Required<MarksOptions> = {
      boxes: [{ yMin: panel.partialLaneY * 2, yMax: 0, color: PARTIAL_LANE, label: { text: 'partial', at: 'start', color: MUTED } }],
      lines: [{ y: panel.nearFull, color: NEAR_FULL, width: 1, dash: [4, 3], label: { text: `near-full ${panel.nearFull}`, at: 'start', color: INK, backed: true } }],
    };
    for (const s of panel.series) {
      marks.lines.push({ y: s.max, color: INK, width: 1, label: { text: `max ${s.max}`, at: 'end', color: INK, backed: true } });
    }
    return {
      parsing: false, animation: false, responsive: true, maintainAspectRatio: false, layout: LAYOUT,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: {
        x: timeAxis(xMin, xMax),
        y: { type: 'linear', min: panel.partialLaneY * 2, max: panel.yMax + panel.yMax * 0.04, afterFit: fixWidth, afterBuildTicks: linearAxisTicks(panel.yMax),
          grid: VALUE_GRID, ticks: { font: FONT, callback: tickLabel },
          title: { display: true, text: AXIS_TITLE.mmt, font: FONT, color: MUTED } },
      },
      plugins: {
        legend: NO_LEGEND, // the panel's key is the page's (first-frame.tsx)
        tooltip: { filter: (i) => isPoint(i.raw), callbacks: { title: (items) => items.map((i) => (isPoint(i.raw) ? i.raw.date : '')).find(Boolean) ?? '', label } },
        tlMarks: marks,
        tlDragZoom: dragZoom(onWindow),
      },
    };
  }, [panel, xMin, xMax, onWindow]);

  return <PanelCanvas type="line" sync={sync} data={data} options={options} plugins={plugins}
    label="MMT-8 totals over time against the maximum, partial exams marked separately; the same values are in the flowsheet below." />;
}
