/**
 * The timeline's reference marks: shaded boxes (class bands, the normal range, the
 * partial-exam lane) and labelled lines (cut-off, ULN, assay changes, MMT maximum),
 * drawn by one small Chart.js plugin instead of chartjs-plugin-annotation. The panels
 * used two of its shapes; its code was evaluated, and its per-update bookkeeping run,
 * before the first chart could draw (issue 24; decision 0040).
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

/** Text drawn at one end of a line or inside a box. */
export interface MarkLabel {
  text: string;
  /** Horizontal lines: 'start' left, 'end' right; vertical lines: 'start' top, 'end' bottom; boxes: left, centred. */
  at: 'start' | 'end';
  color: string;
  /** White backing behind the text, so it stays readable over lines and points. */
  backed?: boolean;
}

export interface MarkBox {
  /** Time limits in ms; open ends reach the plot's edge. */
  xMin?: number;
  xMax?: number;
  yMin: number;
  yMax: number;
  color: string;
  label?: MarkLabel;
}

/** A horizontal line at `y`, or a vertical one at `x`. */
export type MarkLine = ({ y: number; x?: undefined } | { x: number; y?: undefined }) & {
  color: string;
  width: number;
  dash?: number[];
  label?: MarkLabel;
};

export interface MarksOptions {
  boxes?: MarkBox[];
  lines?: MarkLine[];
}

declare module 'chart.js' {
  // Merged into Chart.js's own interface, whose type parameter this must repeat.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** chart-marks.ts: the panel's boxes (under the data) and lines (over it). */
    tlMarks?: MarksOptions;
  }
}

const FONT = '11px system-ui, sans-serif';
const PAD = 2;
const INSET = 4;

function drawLabel(chart: Chart, label: MarkLabel, cx: number, cy: number, align: 'left' | 'right' | 'center') {
  const { ctx } = chart;
  ctx.font = FONT;
  const width = ctx.measureText(label.text).width;
  const left = align === 'left' ? cx : align === 'right' ? cx - width : cx - width / 2;
  if (label.backed) {
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(left - PAD, cy - 7 - PAD, width + 2 * PAD, 14 + 2 * PAD);
  }
  ctx.fillStyle = label.color;
  ctx.textBaseline = 'middle';
  ctx.fillText(label.text, left, cy);
}

/** Runs `draw` clipped to the plot area, with the context restored after. */
function inArea(chart: Chart, draw: () => void) {
  const { ctx, chartArea: a } = chart;
  ctx.save();
  ctx.beginPath();
  ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
  ctx.clip();
  draw();
  ctx.restore();
}

function drawBoxes(chart: Chart, boxes: MarkBox[]) {
  const { ctx, chartArea: a, scales } = chart;
  const x = scales.x;
  const y = scales.y;
  if (!x || !y) return;
  inArea(chart, () => {
    for (const b of boxes) {
      const left = b.xMin === undefined ? a.left : Math.max(a.left, x.getPixelForValue(b.xMin));
      const right = b.xMax === undefined ? a.right : Math.min(a.right, x.getPixelForValue(b.xMax));
      const top = Math.max(a.top, Math.min(y.getPixelForValue(b.yMin), y.getPixelForValue(b.yMax)));
      const bottom = Math.min(a.bottom, Math.max(y.getPixelForValue(b.yMin), y.getPixelForValue(b.yMax)));
      if (!(right > left && bottom > top)) continue;
      ctx.fillStyle = b.color;
      ctx.fillRect(left, top, right - left, bottom - top);
      if (b.label) drawLabel(chart, b.label, left + INSET, (top + bottom) / 2, 'left');
    }
  });
}

function drawLines(chart: Chart, lines: MarkLine[]) {
  const { ctx, chartArea: a, scales } = chart;
  inArea(chart, () => {
    for (const l of lines) {
      const vertical = l.x !== undefined;
      const scale = vertical ? scales.x : scales.y;
      if (!scale) continue;
      const at = scale.getPixelForValue(vertical ? l.x! : l.y!);
      if (vertical ? !(at >= a.left && at <= a.right) : !(at >= a.top && at <= a.bottom)) continue;
      ctx.save();
      ctx.strokeStyle = l.color;
      ctx.lineWidth = l.width;
      ctx.setLineDash(l.dash ?? []);
      ctx.beginPath();
      if (vertical) {
        ctx.moveTo(at, a.top);
        ctx.lineTo(at, a.bottom);
      } else {
        ctx.moveTo(a.left, at);
        ctx.lineTo(a.right, at);
      }
      ctx.stroke();
      ctx.restore();
      if (!l.label) continue;
      if (vertical) drawLabel(chart, l.label, at, l.label.at === 'start' ? a.top + INSET + 7 : a.bottom - INSET - 7, 'center');
      else if (l.label.at === 'start') drawLabel(chart, l.label, a.left + INSET, at, 'left');
      else drawLabel(chart, l.label, a.right - INSET, at, 'right');
    }
  });
}

export const marksPlugin: Plugin = {
  id: 'tlMarks',
  beforeDatasetsDraw(chart, _args, options: MarksOptions) {
    if (options.boxes?.length) drawBoxes(chart, options.boxes);
  },
  afterDatasetsDraw(chart, _args, options: MarksOptions) {
    if (options.lines?.length) drawLines(chart, options.lines);
  },
};
