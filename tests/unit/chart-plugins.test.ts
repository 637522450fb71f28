/**
 * The timeline's own Chart.js plugins, which replaced chartjs-plugin-annotation and
 * chartjs-plugin-zoom (issue 24): the period a drag selects, and where the reference
 * marks are drawn, on a canvas context that records its calls. The browser test of the
 * timeline drags across a real panel.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Chart } from 'chart.js';
import { marksPlugin, type MarksOptions } from '@/app/(app)/patients/[id]/timeline/chart-marks';
import { draggedWindow, MIN_RANGE_MS } from '@/app/(app)/patients/[id]/timeline/drag-zoom';

const DAY = 24 * 3600 * 1000;
// A plot area from pixel 100 to 700 showing 2000-01-01 plus 600 days (one day a pixel).
const T0 = Date.UTC(2000, 0, 1);
const valueAt = (px: number) => T0 + (px - 100) * DAY;

describe('drag to zoom', () => {
  it('selects the dragged period, whichever way the drag went', () => {
    expect(draggedWindow(200, 300, valueAt)).toEqual([T0 + 100 * DAY, T0 + 200 * DAY]);
    expect(draggedWindow(300, 200, valueAt)).toEqual([T0 + 100 * DAY, T0 + 200 * DAY]);
  });

  it('treats a drag under 5 pixels as a click', () => {
    expect(draggedWindow(200, 204, valueAt)).toBeNull();
    expect(draggedWindow(200, 200, valueAt)).toBeNull();
  });

  it('never opens a window narrower than a week, widened around the drag', () => {
    // 1 day a pixel: a 5-pixel drag is 5 days.
    const w = draggedWindow(200, 205, valueAt);
    expect(w).not.toBeNull();
    expect(w![1] - w![0]).toBe(MIN_RANGE_MS);
    expect((w![0] + w![1]) / 2).toBe(T0 + 102.5 * DAY);
  });

  it('gives a window of at least a week inside the drag or around its middle (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 100, max: 700 }), fc.integer({ min: 100, max: 700 }), (a, b) => {
      const w = draggedWindow(a, b, valueAt);
      if (Math.abs(a - b) < 5) return w === null;
      const [lo, hi] = [valueAt(Math.min(a, b)), valueAt(Math.max(a, b))];
      return w !== null && w[1] - w[0] >= MIN_RANGE_MS && w[0] < w[1]
        && (hi - lo >= MIN_RANGE_MS ? w[0] === lo && w[1] === hi : Math.abs((w[0] + w[1]) / 2 - (lo + hi) / 2) < 1e-6);
    }));
  });

  it('selects nothing when the axis has no value at a pixel', () => {
    expect(draggedWindow(200, 300, () => Number.NaN)).toBeNull();
  });
});

type Call = [string, ...unknown[]];

/** A chart whose x axis is time (one day a pixel from 100) and y linear 0-100 over pixels 300 to 20. */
function fakeChart() {
  const calls: Call[] = [];
  const ctx = new Proxy({} as Record<string, unknown>, {
    get: (target, prop: string) => (prop in target ? target[prop] : prop === 'measureText' ? (t: string) => ({ width: t.length * 6 }) : (...args: unknown[]) => calls.push([prop, ...args])),
    set: (target, prop: string, value) => {
      target[prop] = value;
      calls.push([`set ${prop}`, value]);
      return true;
    },
  });
  const chart = {
    ctx,
    chartArea: { left: 100, right: 700, top: 20, bottom: 300 },
    scales: {
      x: { getPixelForValue: (v: number) => 100 + (v - T0) / DAY },
      y: { getPixelForValue: (v: number) => 300 - 2.8 * v },
    },
  } as unknown as Chart;
  return { chart, calls };
}

function draw(options: MarksOptions) {
  const { chart, calls } = fakeChart();
  type Hook = (c: Chart, args: object, o: MarksOptions) => void;
  const hooks = marksPlugin as unknown as { beforeDatasetsDraw: Hook; afterDatasetsDraw: Hook };
  hooks.beforeDatasetsDraw(chart, {}, options);
  hooks.afterDatasetsDraw(chart, {}, options);
  return calls;
}

describe('reference marks', () => {
  it('shades a box between its limits, an open end reaching the plot edge, clipped to the plot', () => {
    const calls = draw({ boxes: [{ xMin: T0 + 200 * DAY, yMin: 0, yMax: 50, color: 'green' }] });
    expect(calls).toContainEqual(['rect', 100, 20, 600, 280]);
    expect(calls).toContainEqual(['fillRect', 300, 160, 400, 140]);
  });

  it('skips a box wholly outside the window shown', () => {
    const calls = draw({ boxes: [{ xMin: T0 - 50 * DAY, xMax: T0 - 10 * DAY, yMin: 0, yMax: 50, color: 'green' }] });
    expect(calls.filter((c) => c[0] === 'fillRect')).toEqual([]);
  });

  it('draws a horizontal line across the plot with its label at the end, backed in white', () => {
    const calls = draw({ lines: [{ y: 50, color: 'black', width: 1, dash: [6, 4], label: { text: 'cut-off 1×', at: 'end', color: 'black', backed: true } }] });
    expect(calls).toContainEqual(['moveTo', 100, 160]);
    expect(calls).toContainEqual(['lineTo', 700, 160]);
    expect(calls).toContainEqual(['setLineDash', [6, 4]]);
    // 10 characters at 6 px: right-aligned 4 px inside the plot's right edge.
    expect(calls).toContainEqual(['fillText', 'cut-off 1×', 636, 160]);
    expect(calls).toContainEqual(['set fillStyle', 'rgba(255,255,255,0.85)']);
  });

  it('draws a vertical line with its label at the top, and nothing for a line outside the window', () => {
    const calls = draw({ lines: [
      { x: T0 + 300 * DAY, color: 'grey', width: 1.5, label: { text: 'assay changed', at: 'start', color: 'black' } },
      { x: T0 + 900 * DAY, color: 'grey', width: 1.5, label: { text: 'later change', at: 'start', color: 'black' } },
    ] });
    expect(calls).toContainEqual(['moveTo', 400, 20]);
    expect(calls).toContainEqual(['lineTo', 400, 300]);
    expect(calls).toContainEqual(['fillText', 'assay changed', 400 - 39, 31]);
    expect(calls.some((c) => c[0] === 'fillText' && c[1] === 'later change')).toBe(false);
    expect(calls.filter((c) => c[0] === 'stroke')).toHaveLength(1);
  });
});
