'use client';
import { useMemo } from 'react';
import type { ChartData, ChartOptions, ScriptableContext, TooltipItem } from 'chart.js';
import { ANTIBODY_CLASS_LABELS } from '@/lib/domain/antibody';
import type { SignalMarker, TiterPanel, TiterPoint, TiterSegment } from '@/lib/domain/timeline/types';
import { PanelCanvas } from './panel-canvas';
import { crosshair, dragZoom, EDGE_CLIP, FONT, fixWidth, LAYOUT, NO_LEGEND, logAxisTicks, tickLabel, timeAxis, VALUE_GRID, wrap, type PanelChartProps } from './chart-kit';
import { AXIS_TITLE } from './panel-geometry';
import { ANALYTE_COLOR, CLASS_FILL, INK, MUTED, SIGNAL_COLOR } from './palette';
import type { MarksOptions } from './chart-marks';

type Datum = { x: number; y: number };


const isPoint = (v: unknown): v is TiterPoint => typeof v === 'object' && v !== null && 'reported' in v && 'marker' in v;
const isSignal = (v: unknown): v is SignalMarker & Datum => typeof v === 'object' && v !== null && 'code' in v && 'explanation' in v;

/** One line per analyte; a NaN point between assay runs makes Chart.js break the line there. */
function joined(segments: TiterSegment[]): Datum[] {
  const out: Datum[] = [];
  for (const seg of segments) {
    const last = out.at(-1);
    const first = seg.points[0];
    if (last && first) out.push({ x: (last.x + first.x) / 2, y: Number.NaN });
    out.push(...seg.points);
  }
  return out;
}

const style = (ctx: ScriptableContext<'line'>) => {
  const m = isPoint(ctx.raw) ? ctx.raw.marker : 'value';
  return m === 'qualitative' ? 'rectRot' : m === 'value' ? 'circle' : 'triangle';
};
const rotation = (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && (ctx.raw.marker === 'below' || ctx.raw.marker === 'floor') ? 180 : 0);
const radius = (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && ctx.raw.signal ? 6 : ctx.dataset.data.length > 120 ? 3 : 4);
const ring = (color: string) => (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && ctx.raw.signal ? INK : color);
const fill = (color: string) => (ctx: ScriptableContext<'line'>) => (isPoint(ctx.raw) && ctx.raw.marker !== 'value' ? '#fff' : color);

function tooltipLines(item: TooltipItem<'line'>): string[] {
  const r = item.raw;
  if (isSignal(r)) return [`Signal: ${r.title} (${r.code})`, ...wrap(r.explanation)];
  if (!isPoint(r)) return [];
  const cls = r.cls ? ANTIBODY_CLASS_LABELS[r.cls] : 'unclassified';
  // A censored value's level is a bound too: "(<1× cut-off)", never an exact "(1× cut-off)".
  // (A timeline stored before the level text existed has none: the level is left out, never guessed.)
  const level = r.levelText ? ` (${r.levelText}× cut-off)` : '';
  const lines = [`${item.dataset.label ?? ''}: ${r.reported}${level} · ${cls}`, `Reference: ${r.reference}`, `Assay: ${r.assay}`];
  if (r.marker === 'qualitative') lines.push('No level: drawn at a conventional position for its class');
  if (r.marker === 'floor') lines.push('Below the axis: drawn at the floor');
  if (r.marker === 'below') lines.push('Censored: the true value is at or under this');
  if (r.marker === 'above') lines.push('Censored: at or over the assay ceiling');
  if (r.signal) lines.push('Named by an active signal');
  return lines;
}

/** Anti-Mi2 levels in x cut-off (log), class shading, cut-off line, assay changes, signals. */
export default function TiterChart({ panel, signals, xMin, xMax, sync, onWindow }: PanelChartProps & { panel: TiterPanel; signals: SignalMarker[] }) {
  const plugins = useMemo(() => [crosshair<'line'>(sync)], [sync]);
  const data = useMemo<ChartData<'line', Datum[]>>(() => {
    const lane = panel.yMax / 1.6; // a lane near the top, inside the log axis
    const sets: ChartData<'line', Datum[]>['datasets'] = [];
    for (const s of panel.series) {
      const color = ANALYTE_COLOR[s.analyte];
      const common = { borderColor: color, pointStyle: style, pointRotation: rotation, pointRadius: radius, pointHoverRadius: 7,
        pointBorderColor: ring(color), pointBackgroundColor: fill(color), pointBorderWidth: 1.5, clip: EDGE_CLIP };
      if (s.segments.length) sets.push({ ...common, label: `Anti-${s.label}`, data: joined(s.segments), spanGaps: false, borderWidth: 2, tension: 0 });
      if (s.qualitative.length) sets.push({ ...common, label: `Anti-${s.label} (category only)`, data: s.qualitative, showLine: false });
    }
    if (signals.length) {
      sets.push({ label: 'Signals', data: signals.map((m) => ({ ...m, y: lane })), showLine: false, pointStyle: 'star', pointRadius: 7, pointBorderWidth: 2,
        pointBorderColor: signals.map((m) => SIGNAL_COLOR[m.level] ?? MUTED), pointBackgroundColor: '#fff', clip: EDGE_CLIP });
    }
    return { datasets: sets };
  }, [panel, signals]);

  const options = useMemo<ChartOptions<'line'>>(() => {
    const marks: Required<MarksOptions> = {
      boxes: panel.bands.map((b) => ({ xMin: b.fromX ?? undefined, xMax: b.toX ?? undefined, yMin: b.yMin, yMax: b.yMax, color: CLASS_FILL[b.cls] })),
      lines: [{ y: 1, color: INK, width: 1, dash: [6, 4], label: { text: 'cut-off 1×', at: 'end', color: INK, backed: true } }],
    };
    for (const c of panel.changes) {
      marks.lines.push({ x: c.x, color: MUTED, width: 1.5, dash: [2, 3], label: { text: 'assay changed', at: 'start', color: INK, backed: true } });
    }
    return {
      parsing: false, animation: false, responsive: true, maintainAspectRatio: false, layout: LAYOUT,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: {
        x: timeAxis(xMin, xMax),
        y: { type: 'logarithmic', min: panel.yMin, max: panel.yMax, afterFit: fixWidth, afterBuildTicks: logAxisTicks('×'), grid: VALUE_GRID,
          title: { display: true, text: AXIS_TITLE.titer, font: FONT, color: MUTED }, ticks: { callback: tickLabel, font: FONT, autoSkip: false } },
      },
      plugins: {
        legend: NO_LEGEND, // the panel's key is the page's (first-frame.tsx)
        tooltip: { filter: (i) => isPoint(i.raw) || isSignal(i.raw), callbacks: {
          title: (items) => items.map((i) => (isPoint(i.raw) || isSignal(i.raw) ? i.raw.date : '')).find(Boolean) ?? '',
          label: tooltipLines,
        } },
        tlMarks: marks,
        tlDragZoom: dragZoom(onWindow),
      },
    };
  }, [panel, xMin, xMax, onWindow]);

  return <PanelCanvas type="line" sync={sync} data={data} options={options} plugins={plugins}
    label="Anti-Mi2 levels over time in multiples of the cut-off; the same values are in the flowsheet below." />;
}
