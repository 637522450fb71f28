/**
 * Geometry of the timeline's first frame (sketch.ts): positions in a 1000 x 1000 box
 * that stands for a panel's plot area (0,0 top left), paths in SVG syntax. The page
 * stretches the box over the plot area of whatever width the screen gives it; dots and
 * bars keep their size in pixels there. Pure.
 */

/** What a mark is: the page gives each kind its stroke, fill and dash. */
export type MarkKind = 'area' | 'rule' | 'dashed' | 'line' | 'dot' | 'ring' | 'cross' | 'bar';

export interface SketchMark {
  kind: MarkKind;
  /** A colour name the page's palette knows (an analyte, a class band, a drug class). */
  tone: string;
  d: string;
  /** Bars only: the dose's shade (0-1), as the chart shades a taper. */
  alpha?: number;
}

/** A tick at `at` (0-1000 along its axis) with its label. */
export interface SketchTick {
  at: number;
  label: string;
}

export const BOX = 1000;

const round = (v: number) => Math.round(v);

/** Position along the time axis of the window [min, max] (ms). */
export const xScale = (min: number, max: number) => (ms: number) => round(((ms - min) / (max - min)) * BOX);

/** Height on a log axis [lo, hi], measured from the top. */
export const logScale = (lo: number, hi: number) => {
  const a = Math.log10(lo);
  const span = Math.log10(hi) - a;
  return (v: number) => round(BOX - ((Math.log10(Math.max(v, lo / 1e6)) - a) / span) * BOX);
};

/** Height on a linear axis [lo, hi], measured from the top. */
export const linearScale = (lo: number, hi: number) => (v: number) => round(BOX - ((v - lo) / (hi - lo)) * BOX);

/** One polyline through the points; `null` breaks it (a change of assay). */
export function linePath(points: ({ x: number; y: number } | null)[]): string {
  let d = '';
  let open = false;
  for (const p of points) {
    if (!p) {
      open = false;
      continue;
    }
    d += `${open ? 'L' : 'M'}${p.x} ${p.y}`;
    open = true;
  }
  return d;
}

/** A dot per point: a zero-length stroke with round caps, which the page draws as a circle. */
export const dotsPath = (points: { x: number; y: number }[]) => points.map((p) => `M${p.x} ${p.y}h0`).join('');

export const hRule = (y: number) => `M0 ${y}H${BOX}`;
export const vRule = (x: number) => `M${x} 0V${BOX}`;
export const rect = (x0: number, x1: number, y0: number, y1: number) => `M${x0} ${y0}H${x1}V${y1}H${x0}Z`;

/**
 * The points of a date-ordered series the window can show: those inside [min, max] and
 * one neighbour on each side, so a line still enters and leaves the plot at the edges.
 */
export function withinWindow<T extends { x: number }>(points: readonly T[], min: number, max: number): T[] {
  let first = points.findIndex((p) => p.x >= min);
  if (first === -1) first = points.length;
  let last = first;
  while (last < points.length && points[last]!.x <= max) last++;
  return points.slice(Math.max(0, first - 1), Math.min(points.length, last + 1));
}

/** Only the points inside [min, max]: markers beyond the sides are not drawn (the chart clips them too). */
export const inside = <T extends { x: number }>(points: readonly T[], min: number, max: number) => points.filter((p) => p.x >= min && p.x <= max);
