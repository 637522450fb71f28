'use client';
import { useMemo } from 'react';
import type { ChartData, ChartOptions, ScriptableContext, TooltipItem } from 'chart.js';
import { multipleText } from '@/lib/domain/numbers';
import { REFERENCE_RANGE_KEY } from '@/lib/domain/timeline/sketch';
import type { EnzymePoint, EnzymeSeries } from '@/lib/domain/timeline/types';
import { PanelCanvas } from './panel-canvas';
import { crosshair, dragZoom, EDGE_CLIP, FONT, fixWidth, LAYOUT, NO_LEGEND, logAxisTicks, tickLabel, timeAxis, VALUE_GRID, type PanelChartProps } from './chart-kit';
import { AXIS_TITLE } from './panel-geometry';
import { BAND, BAND_LINE, ENZYME_COLOR, INK, MUTED } from './palette';
import type { MarksOptions } from './chart-marks';
import { answersTo } from './series-key';

type Datum = { x: number; y: number };


const isPoint = (v: unknown): v is EnzymePoint => typeof v === 'object' && v !== null && 'reported' in v && 'flag' in v;

const style = (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && (ctx.raw.flag !== 'normal' || ctx.raw.floor) ? 'triangle' : 'circle');
const rotation = (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && (ctx.raw.flag === 'low' || ctx.raw.floor) ? 180 : 0);
const radius = (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && ctx.raw.signal ? 6 : ctx.dataset.data.length > 120 ? 2.5 : 3.5);
const ring = (color: string) => (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && ctx.raw.signal ? INK : color);
const fill = (color: string) => (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && ctx.raw.flag === 'normal' ? '#fff' : color);

function label(item: TooltipItem<'line'>): string[] {
  const r = item.raw;
  if (!isPoint(r)) return [];
  const flag = r.flag === 'high' ? ' · high' : r.flag === 'low' ? ' · low' : '';
  const uln = r.xUln !== null ? ` (${multipleText(r.xUln)}× ULN)` : '';
  const lines = [`${item.dataset.label ?? ''}: ${r.reported}${uln}${flag}`, `Reference: ${r.reference}`];
  if (r.floor) lines.push('Below the axis: drawn at the floor');
  if (r.signal) lines.push('Named by an active signal');
  return lines;
}

/**
 * Enzymes on a log axis. `mode` 'ck': CK in U/L with a stepped band from each
 * result's own limits (steps half-way between results, held to the axis edges).
 * 'xuln': other enzymes in x ULN with one band under 1.
 */
export default function EnzymeChart({ series, yMin, yMax, mode, xMin, xMax, sync, onWindow }: PanelChartProps & { series: EnzymeSeries[]; yMin: number; yMax: number; mode: 'ck' | 'xuln' }) {
  const plugins = useMemo(() => [crosshair<'line'>(sync)], [sync]);
  const data = useMemo<ChartData<'line', Datum[]>>(() => {
    const sets: ChartData<'line', Datum[]>['datasets'] = series.map((s) => {
      const color = ENZYME_COLOR[s.analyte];
      return { label: s.label, data: s.points, borderColor: color, borderWidth: 1.5, tension: 0, pointStyle: style, pointRotation: rotation,
        pointRadius: radius, pointBorderColor: ring(color), pointBackgroundColor: fill(color), pointBorderWidth: 1.5, clip: EDGE_CLIP };
    });
    const ck = series[0];
    if (mode === 'ck' && ck && ck.points.length) {
      // Draw order: dataset 0 is drawn last (on top), so the bands follow the CK line.
      const hasLower = ck.points.some((p) => p.lowerUL !== null);
      const step = (v: (p: EnzymePoint) => number): Datum[] => {
        const pts = ck.points.map((p) => ({ x: p.x, y: v(p) }));
        const a = pts[0];
        const b = pts.at(-1);
        // Hold the first and last limits far out to both sides; the axis clips them.
        return a && b ? [{ x: a.x - FAR, y: a.y }, ...pts, { x: b.x + FAR, y: b.y }] : pts;
      };
      sets.push({ label: REFERENCE_RANGE_KEY, data: step((p) => p.upperUL), stepped: 'middle', fill: hasLower ? '+1' : 'start',
        backgroundColor: BAND, borderColor: BAND_LINE, borderWidth: 1, pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0 });
      if (hasLower) {
        sets.push({ label: 'Lower limit', ...answersTo(REFERENCE_RANGE_KEY), data: step((p) => Math.max(p.lowerUL ?? yMin, yMin)), stepped: 'middle', fill: false,
          borderColor: BAND_LINE, borderDash: [4, 3], borderWidth: 1, pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0 });
      }
    }
    return { datasets: sets };
  }, [series, mode, yMin]);

  const options = useMemo<ChartOptions<'line'>>(() => {
    const marks: MarksOptions = mode === 'xuln' ? {
      boxes: [{ yMin, yMax: 1, color: BAND }],
      lines: [{ y: 1, color: BAND_LINE, width: 1, label: { text: 'ULN', at: 'end', color: INK, backed: true } }],
    } : {};
    return {
      parsing: false, animation: false, responsive: true, maintainAspectRatio: false, layout: LAYOUT,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: {
        x: timeAxis(xMin, xMax),
        y: { type: 'logarithmic', min: yMin, max: yMax, afterFit: fixWidth, afterBuildTicks: logAxisTicks(mode === 'xuln' ? '×' : ''), grid: VALUE_GRID, ticks: { callback: tickLabel, font: FONT, autoSkip: false },
          title: { display: true, text: mode === 'ck' ? AXIS_TITLE.ck : AXIS_TITLE.xuln, font: FONT, color: MUTED } },
      },
      plugins: {
        legend: NO_LEGEND, // the panel's key is the page's (first-frame.tsx)
        tooltip: { filter: (i) => isPoint(i.raw), callbacks: { title: (items) => items.map((i) => (isPoint(i.raw) ? i.raw.date : '')).find(Boolean) ?? '', label } },
        // Min-max keeps every peak and trough when decades of monthly CK exceed the pixels.
        decimation: { enabled: true, algorithm: 'min-max' },
        tlMarks: marks,
        tlDragZoom: dragZoom(onWindow),
      },
    };
  }, [mode, yMin, yMax, xMin, xMax, onWindow]);

  return <PanelCanvas type="line" sync={sync} data={data} options={options} plugins={plugins}
    label={mode === 'ck' ? 'CK in U/L over time with each result\'s reference range; the same values are in the flowsheet below.' : 'Other muscle enzymes in multiples of their upper limit; the same values are in the flowsheet below.'} />;
}

/** A century: beyond any zoom, so the band never ends inside the plot. */
const FAR = 100 * 365.25 * 86_400_000;
