/**
 * Drag across a panel to zoom the shared time axis to that period: a Chart.js plugin
 * of a few pointer listeners on the canvas, instead of chartjs-plugin-zoom and the
 * hammerjs it imports for touch gestures the timeline never enables (issue 24;
 * decision 0040). Only the x axis zooms; the wheel stays a scroll wheel.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';
import { DAY_MS } from '@/lib/domain/timeline/time';

/** A shorter drag is a click, not a zoom. */
const MIN_DRAG_PX = 5;
/** The narrowest window a drag opens: a week. */
export const MIN_RANGE_MS = 7 * DAY_MS;

export interface DragZoomOptions {
  onWindow?: (min: number, max: number) => void;
}

declare module 'chart.js' {
  // Merged into Chart.js's own interface, whose type parameter this must repeat.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** drag-zoom.ts: called with the dragged period (ms) when a drag ends. */
    tlDragZoom?: DragZoomOptions;
  }
}

interface Drag {
  from: number;
  to: number;
  active: boolean;
}

const drags = new WeakMap<Chart, Drag>();
// Read from the hook's own (non-scriptable) options: through `chart.options` Chart.js
// would call a function-valued option as a scriptable one.
const handlers = new WeakMap<Chart, DragZoomOptions['onWindow']>();
const detach = new WeakMap<Chart, () => void>();

/**
 * The period a drag between two pixels selects, at least MIN_RANGE_MS wide (widened
 * around its middle), or null when it is too short to be a drag.
 */
export function draggedWindow(fromPx: number, toPx: number, valueAt: (px: number) => number): [number, number] | null {
  if (Math.abs(toPx - fromPx) < MIN_DRAG_PX) return null;
  const a = valueAt(Math.min(fromPx, toPx));
  const b = valueAt(Math.max(fromPx, toPx));
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  if (b - a >= MIN_RANGE_MS) return [a, b];
  const mid = (a + b) / 2;
  return [mid - MIN_RANGE_MS / 2, mid + MIN_RANGE_MS / 2];
}

const clampX = (chart: Chart, x: number) => Math.min(chart.chartArea.right, Math.max(chart.chartArea.left, x));

export const dragZoomPlugin: Plugin = {
  id: 'tlDragZoom',
  afterInit(chart) {
    const canvas = chart.canvas;
    const drag: Drag = { from: 0, to: 0, active: false };
    drags.set(chart, drag);
    const xOf = (e: PointerEvent) => clampX(chart, e.clientX - canvas.getBoundingClientRect().left);
    const move = (e: PointerEvent) => {
      drag.to = xOf(e);
      chart.draw();
    };
    const stop = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', cancel);
      drag.active = false;
    };
    // The browser took the pointer (a touch that scrolls the page): no zoom.
    const cancel = () => {
      stop();
      chart.draw();
    };
    const up = (e: PointerEvent) => {
      stop();
      drag.to = xOf(e);
      chart.draw();
      const scale = chart.scales.x;
      const chosen = scale ? draggedWindow(drag.from, drag.to, (px) => scale.getValueForPixel(px) ?? Number.NaN) : null;
      const onWindow = handlers.get(chart);
      if (chosen && onWindow) onWindow(chosen[0], chosen[1]);
    };
    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      const x = e.clientX - canvas.getBoundingClientRect().left;
      const y = e.clientY - canvas.getBoundingClientRect().top;
      const a = chart.chartArea;
      if (x < a.left || x > a.right || y < a.top || y > a.bottom) return;
      e.preventDefault(); // no text selection while dragging
      Object.assign(drag, { from: x, to: x, active: true });
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
      window.addEventListener('pointercancel', cancel);
    };
    canvas.addEventListener('pointerdown', down);
    detach.set(chart, () => {
      canvas.removeEventListener('pointerdown', down);
      stop();
    });
  },
  afterUpdate(chart, _args, options: DragZoomOptions) {
    handlers.set(chart, options.onWindow);
  },
  afterDraw(chart) {
    const drag = drags.get(chart);
    if (!drag?.active || Math.abs(drag.to - drag.from) < MIN_DRAG_PX) return;
    const { ctx, chartArea: a } = chart;
    const left = Math.min(drag.from, drag.to);
    const width = Math.abs(drag.to - drag.from);
    ctx.save();
    ctx.fillStyle = 'rgba(31,95,168,0.15)';
    ctx.strokeStyle = '#1f5fa8';
    ctx.lineWidth = 1;
    ctx.fillRect(left, a.top, width, a.bottom - a.top);
    ctx.strokeRect(left, a.top, width, a.bottom - a.top);
    ctx.restore();
  },
  beforeDestroy(chart) {
    detach.get(chart)?.();
    detach.delete(chart);
    drags.delete(chart);
    handlers.delete(chart);
  },
};
