/**
 * The timeline's first frame: each panel of the opening window as plain shapes (lines,
 * dots, bands, bars) that the page draws as SVG before any of its JavaScript has run.
 * The interactive chart takes its place when it has drawn (decision 0041): a record opens
 * with its charts already on screen. Built with the shell, in the transaction of every
 * change, from the same series the charts draw and on the same axes (axis-ticks.ts).
 * Pure.
 */
import type { TimelineData } from './build';
import { linearTicks, logTicks, timeTicks, type Tick } from './axis-ticks';
import {
  BOX, dotsPath, hRule, inside, linePath, linearScale, logScale, rect, vRule, withinWindow, xScale,
  type SketchMark, type SketchTick,
} from './sketch-geometry';
import type { EnzymeSeries, MmtPanel, MedicationPanel, TiterPanel, TiterPoint, SignalMarker } from './types';

/** The CK panel's key for the reference band: the chart's band and lower-limit line answer to it. */
export const REFERENCE_RANGE_KEY = 'Reference range (each result’s own)';

export interface LegendItem {
  kind: 'line' | 'ring' | 'area' | 'cross';
  tone: string;
  label: string;
}

export interface SketchPanel {
  y: SketchTick[];
  marks: SketchMark[];
  legend: LegendItem[];
}

export interface TimelineSketch {
  /** The window drawn (ms, padded as the chart pads it) and its time ticks. */
  min: number;
  max: number;
  x: SketchTick[];
  titer: SketchPanel | null;
  ck: SketchPanel | null;
  others: SketchPanel | null;
  mmt: SketchPanel | null;
  meds: SketchPanel | null;
}

type Scale = (v: number) => number;
const ticksAt = (ticks: Tick[], y: Scale): SketchTick[] => ticks.map((t) => ({ at: y(t.value), label: t.label }));

/** Titers: class bands, the cut-off, assay changes, one line per analyte (broken at each change), markers, signals. */
function titerSketch(panel: TiterPanel, signals: SignalMarker[], X: Scale, min: number, max: number): SketchPanel {
  const Y = logScale(panel.yMin, panel.yMax);
  const clampY = (v: number) => Y(Math.min(Math.max(v, panel.yMin), panel.yMax));
  const at = (p: TiterPoint) => ({ x: X(p.x), y: Y(p.y) });
  const marks: SketchMark[] = panel.bands.map((b) => ({
    kind: 'area', tone: b.cls, d: rect(b.fromX === null ? 0 : Math.max(0, X(b.fromX)), b.toX === null ? BOX : Math.min(BOX, X(b.toX)), clampY(b.yMax), clampY(b.yMin)),
  }));
  marks.push({ kind: 'dashed', tone: 'ink', d: hRule(Y(1)) });
  for (const c of inside(panel.changes, min, max)) marks.push({ kind: 'dashed', tone: 'muted', d: vRule(X(c.x)) });
  const legend: LegendItem[] = [];
  for (const s of panel.series) {
    const tone = s.analyte;
    if (s.segments.length) {
      const line = s.segments.flatMap((g, i) => [...(i ? [null] : []), ...withinWindow(g.points, min, max).map(at)]);
      marks.push({ kind: 'line', tone, d: linePath(line) });
      legend.push({ kind: 'line', tone, label: `Anti-${s.label}` });
    }
    const shown = inside([...s.segments.flatMap((g) => g.points), ...s.qualitative], min, max);
    marks.push({ kind: 'dot', tone, d: dotsPath(shown.filter((p) => p.marker === 'value').map(at)) });
    marks.push({ kind: 'ring', tone, d: dotsPath(shown.filter((p) => p.marker !== 'value').map(at)) });
    if (s.qualitative.length) legend.push({ kind: 'ring', tone, label: `Anti-${s.label} (category only)` });
  }
  if (signals.length) {
    const lane = Y(panel.yMax / 1.6);
    for (const level of new Set(signals.map((s) => s.level))) {
      marks.push({ kind: 'ring', tone: `signal-${level}`, d: dotsPath(inside(signals.filter((s) => s.level === level), min, max).map((s) => ({ x: X(s.x), y: lane }))) });
    }
    legend.push({ kind: 'ring', tone: 'signal-action', label: 'Signals' });
  }
  return { y: ticksAt(logTicks(panel.yMin, panel.yMax, '×'), Y), marks: marks.filter((m) => m.d), legend };
}

/** The stepped band of CK's own reference limits: each step half-way between results, held to the edges. */
function ckBand(points: EnzymeSeries['points'], X: Scale, Y: Scale, lo: number): { area: string; upper: string; lower: string | null } {
  const step = (value: (i: number) => number) => {
    let d = `M0 ${value(0)}`;
    for (let i = 1; i < points.length; i++) d += `H${Math.round((X(points[i - 1]!.x) + X(points[i]!.x)) / 2)}V${value(i)}`;
    return `${d}H${BOX}`;
  };
  const upper = step((i) => Y(points[i]!.upperUL));
  const hasLower = points.some((p) => p.lowerUL !== null);
  const lowerValue = (i: number) => Y(Math.max(points[i]!.lowerUL ?? lo, lo));
  const lower = hasLower ? step(lowerValue) : null;
  // The area runs along the upper limits and back along the lower ones (or the floor).
  let back = `V${hasLower ? lowerValue(points.length - 1) : BOX}`;
  if (hasLower) for (let i = points.length - 1; i > 0; i--) back += `H${Math.round((X(points[i - 1]!.x) + X(points[i]!.x)) / 2)}V${lowerValue(i - 1)}`;
  return { area: `${upper}${back}H0Z`, upper, lower };
}

/** CK in U/L (mode 'ck', with its band) or the other enzymes in x ULN (with the band under 1). */
function enzymeSketch(series: EnzymeSeries[], lo: number, hi: number, mode: 'ck' | 'xuln', X: Scale, min: number, max: number): SketchPanel {
  const Y = logScale(lo, hi);
  const marks: SketchMark[] = [];
  const legend: LegendItem[] = [];
  const ck = series[0];
  if (mode === 'ck' && ck && ck.points.length) {
    const band = ckBand(withinWindow(ck.points, min, max), X, Y, lo);
    marks.push({ kind: 'area', tone: 'band', d: band.area }, { kind: 'rule', tone: 'band-line', d: band.upper });
    if (band.lower) marks.push({ kind: 'dashed', tone: 'band-line', d: band.lower });
  }
  if (mode === 'xuln') marks.push({ kind: 'area', tone: 'band', d: rect(0, BOX, Y(1), BOX) }, { kind: 'rule', tone: 'band-line', d: hRule(Y(1)) });
  for (const s of series) {
    const at = (p: { x: number; y: number }) => ({ x: X(p.x), y: Y(p.y) });
    const shown = inside(s.points, min, max);
    marks.push(
      { kind: 'line', tone: s.analyte, d: linePath(withinWindow(s.points, min, max).map(at)) },
      // Hollow within range, filled when flagged, as the chart fills them.
      { kind: 'ring', tone: s.analyte, d: dotsPath(shown.filter((p) => p.flag === 'normal').map(at)) },
      { kind: 'dot', tone: s.analyte, d: dotsPath(shown.filter((p) => p.flag !== 'normal').map(at)) },
    );
    legend.push({ kind: 'line', tone: s.analyte, label: s.label });
  }
  if (mode === 'ck' && ck) legend.push({ kind: 'area', tone: 'band', label: REFERENCE_RANGE_KEY });
  return { y: ticksAt(logTicks(lo, hi, mode === 'xuln' ? '×' : ''), Y), marks: marks.filter((m) => m.d), legend };
}

/** MMT-8 totals joined per version, the maximum and near-full lines, partial exams in their lane under 0. */
function mmtSketch(panel: MmtPanel, X: Scale, min: number, max: number): SketchPanel {
  const lo = panel.partialLaneY * 2;
  const Y = linearScale(lo, panel.yMax * 1.04);
  const marks: SketchMark[] = [{ kind: 'area', tone: 'lane', d: rect(0, BOX, Y(0), Y(lo)) }, { kind: 'dashed', tone: 'near-full', d: hRule(Y(panel.nearFull)) }];
  const legend: LegendItem[] = [];
  for (const s of panel.series) {
    const at = (p: { x: number; y: number }) => ({ x: X(p.x), y: Y(p.y) });
    marks.push({ kind: 'rule', tone: 'ink', d: hRule(Y(s.max)) }, { kind: 'line', tone: s.version, d: linePath(withinWindow(s.points, min, max).map(at)) },
      { kind: 'dot', tone: s.version, d: dotsPath(inside(s.points, min, max).map(at)) });
    legend.push({ kind: 'line', tone: s.version, label: s.label });
  }
  if (panel.partial.length) {
    marks.push({ kind: 'cross', tone: 'muted', d: dotsPath(inside(panel.partial, min, max).map((p) => ({ x: X(p.x), y: Y(p.y) }))) });
    legend.push({ kind: 'cross', tone: 'muted', label: 'Partial exam (not a total)' });
  }
  return { y: ticksAt(linearTicks(panel.yMax), Y), marks: marks.filter((m) => m.d), legend };
}

/** One lane per drug, top to bottom as the chart lists them; each dose epoch a bar shaded by its dose. */
function medsSketch(panel: MedicationPanel, X: Scale, min: number, max: number): SketchPanel {
  const laneY = (row: string) => Math.round(((panel.rows.indexOf(row) + 0.5) / panel.rows.length) * BOX);
  const marks: SketchMark[] = panel.bars
    .filter((b) => b.end >= min && b.start <= max)
    .map((b) => ({ kind: 'bar', tone: b.drugClass, alpha: Number((0.25 + 0.65 * b.intensity).toFixed(2)), d: `M${Math.max(0, X(b.start))} ${laneY(b.row)}H${Math.min(BOX, X(b.end))}` }));
  return { y: panel.rows.map((row) => ({ at: laneY(row), label: row })), marks, legend: [] };
}

/** The first frame of the window [min, max] (ms): every panel the page shows, null where a panel is empty or absent. */
export function timelineSketch(data: Pick<TimelineData, 'titer' | 'enzymes' | 'mmt' | 'medications' | 'signals'>, min: number, max: number): TimelineSketch {
  const X = xScale(min, max);
  const { titer, enzymes, mmt, medications, signals } = data;
  return {
    min, max,
    x: timeTicks(min, max).map((t) => ({ at: X(t.value), label: t.label })),
    titer: titer.count ? titerSketch(titer, signals, X, min, max) : null,
    ck: enzymes.ck?.points.length ? enzymeSketch([enzymes.ck], enzymes.ckYMin, enzymes.ckYMax, 'ck', X, min, max) : null,
    others: enzymes.others.length ? enzymeSketch(enzymes.others, enzymes.othersYMin, enzymes.othersYMax, 'xuln', X, min, max) : null,
    mmt: mmt.series.length || mmt.partial.length ? mmtSketch(mmt, X, min, max) : null,
    meds: medications.bars.length ? medsSketch(medications, X, min, max) : null,
  };
}
