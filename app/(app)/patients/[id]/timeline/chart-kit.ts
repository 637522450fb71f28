/**
 * Chart.js setup shared by the timeline panels. Imported only by the dynamically
 * loaded chart components, so chart.js, its adapter and the panels' own plugins
 * (reference marks, drag-to-zoom) stay out of the server render and out of every
 * other page's bundle.
 */
import {
  BarController, BarElement, CategoryScale, Chart as ChartJS, Decimation, Filler, LinearScale, LineController,
  LineElement, LogarithmicScale, PointElement, TimeScale, Tooltip, type ChartType, type Plugin, type Scale,
} from 'chart.js';
import './chart-time-adapter';
import { marksPlugin } from './chart-marks';
import { dragZoomPlugin } from './drag-zoom';
import { linearTicks, logTicks, timeTicks, type Tick } from '@/lib/domain/timeline/axis-ticks';
import { isoOfMs } from '@/lib/domain/timeline/time';
import type { HoverSync } from './hover-sync';
import { EDGE_SPILL, PLOT_RIGHT, PLOT_TOP, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './panel-geometry';
import { INK, MUTED, X_GRID, Y_GRID } from './palette';

export type { HoverSync, PanelChartProps } from './hover-sync';

/**
 * Stamps each canvas with the time of its first draw (ms since navigation start):
 * browser tests and `npm run bench` wait on `canvas[data-drawn]` and read the time
 * from the page's own clock instead of polling for pixels.
 */
const drawnMark: Plugin = {
  id: 'tlDrawn',
  afterRender(chart) {
    const canvas = chart.canvas;
    if (canvas && !canvas.dataset.drawn) canvas.dataset.drawn = String(Math.round(performance.now()));
  },
};

ChartJS.register(
  LineController, LineElement, PointElement, BarController, BarElement, LinearScale, LogarithmicScale, TimeScale, CategoryScale,
  Tooltip, Filler, Decimation, marksPlugin, dragZoomPlugin, drawnMark,
);

// Printing: every chart is redrawn at the paper's width before the print and at the
// window's after it. Drawn at the screen's width and shrunk, the printed panels looked
// squashed with overlapping axis labels (here, so chart.js stays out of the page's first load).
if (typeof window !== 'undefined') {
  const resizeAll = () => { for (const chart of Object.values(ChartJS.instances)) chart.resize(); };
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
}

/**
 * Every panel's y axis gets the same width so the stacked time axes line up
 * exactly: a date is at the same pixel column in every panel. Its labels add no
 * padding above or below: the plot area is where the first frame drew it (panel-geometry.ts).
 */
export const fixWidth = (axis: Scale) => {
  axis.width = Y_AXIS_WIDTH;
  axis.paddingTop = 0;
  axis.paddingBottom = 0;
};

/** The plot area at fixed offsets (panel-geometry.ts), whatever the labels measure; no legend in the canvas (the page's own). */
export const LAYOUT = { autoPadding: false, padding: { top: PLOT_TOP, right: PLOT_RIGHT, bottom: 0, left: 0 } } as const;
export const NO_LEGEND = { display: false } as const;

/**
 * Points sitting on the floor or top of an axis are drawn whole (8 px beyond the
 * plot area), but nothing spills sideways past the y axis when zoomed in.
 */
export const EDGE_CLIP = { left: 0, top: EDGE_SPILL, right: 0, bottom: EDGE_SPILL };

export const FONT = { size: 11 } as const;

type Ticked = Scale & { ticks: { value: number; tlLabel?: string }[] };
/** Replaces a scale's ticks with the shared ones (axis-ticks.ts), their labels kept on each tick. */
const sharedTicks = (make: (scale: Scale) => Tick[]) => (scale: Scale) => {
  (scale as Ticked).ticks = make(scale).map((t) => ({ value: t.value, tlLabel: t.label }));
};
/** A tick's label as the shared ticks name it (every tick has one: the grid needs no filter). */
export const tickLabel = (_v: unknown, i: number, ticks: object[]) => (ticks[i] as { tlLabel?: string } | undefined)?.tlLabel ?? '';
/** A value axis's grid: a line at each shared tick, the colour the first frame draws it in. */
export const VALUE_GRID = { color: Y_GRID } as const;

/** A log axis's ticks: 1, 2 and 5 x 10^n, as the first frame labels them. */
export const logAxisTicks = (suffix = '') => sharedTicks((s) => logTicks(s.min, s.max, suffix));
/** A linear axis's ticks from 0 to `top`, as the first frame labels them. */
export const linearAxisTicks = (top: number) => sharedTicks(() => linearTicks(top));

/**
 * Draws a dashed line with the date at the hovered time in EVERY panel. Other
 * panels are redrawn (draw, not update: no re-layout) once per animation frame.
 */
export function crosshair<T extends ChartType>(sync: HoverSync): Plugin<T> {
  return {
    id: 'tlCrosshair',
    afterEvent(chart, args) {
      const e = args.event;
      if (e.type === 'mousemove' && args.inChartArea && e.x !== null) sync.x = chart.scales.x?.getValueForPixel(e.x) ?? null;
      else if (e.type === 'mouseout') sync.x = null;
      else return;
      args.changed = true;
      if (sync.frame !== null || typeof window === 'undefined') return;
      sync.frame = window.requestAnimationFrame(() => {
        sync.frame = null;
        for (const c of sync.charts) if (c !== chart) c.draw();
      });
    },
    afterDatasetsDraw(chart) {
      const scale = chart.scales.x;
      if (sync.x === null || !scale) return;
      const px = scale.getPixelForValue(sync.x);
      const { top, bottom, left, right } = chart.chartArea;
      if (!(px >= left && px <= right)) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = 'rgba(27,36,48,0.6)';
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(px, top);
      ctx.lineTo(px, bottom);
      ctx.stroke();
      const label = isoOfMs(sync.x);
      ctx.font = '10px system-ui, sans-serif';
      const w = ctx.measureText(label).width;
      const tx = px + 4 + w > right ? px - 4 - w : px + 4;
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fillRect(tx - 2, top + 1, w + 4, 13);
      ctx.fillStyle = INK;
      ctx.fillText(label, tx, top + 11);
      ctx.restore();
    },
  };
}

/** The shared time axis: fixed limits (the selected window), readable ticks. */
export function timeAxis(min: number, max: number) {
  return {
    type: 'time' as const,
    min,
    max,
    time: { minUnit: 'day' as const },
    // The shared ticks (first of a day, month or year) and a fixed height, as the first frame draws them.
    afterBuildTicks: sharedTicks((s) => timeTicks(s.min, s.max)),
    afterFit: (axis: Scale) => {
      axis.height = X_AXIS_HEIGHT;
      axis.paddingLeft = 0;
      axis.paddingRight = 0;
    },
    ticks: { maxRotation: 0, autoSkipPadding: 12, font: FONT, color: MUTED, callback: tickLabel },
    grid: { color: X_GRID },
  };
}

/** Drag to zoom on the time axis only (drag-zoom.ts); the wheel stays a scroll wheel. */
export function dragZoom(onWindow: (min: number, max: number) => void) {
  return { onWindow };
}

/** Splits a long sentence into tooltip lines of about `width` characters. */
export function wrap(text: string, width = 60): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
