/**
 * Anti-Mi2 panel series: one series per analyte in "x cut-off" on a log axis.
 * Source: docs/clinical/assays.md ("Antibody results are assay-specific"):
 * normalised level = value / cut-off, 1.0 is the positivity threshold, it is only
 * comparable within one assay, so "a trend line breaks where the assay changes, and
 * the UI says so". Censored (<, >) and qualitative results are drawn, never hidden.
 */
import { classifyAntibody, formatAntibodyValue, levelText, xCutoff } from '../antibody';
import { ANALYTES, type AntibodyClass, type AntibodyResult } from '../types';
import { ANALYTE_LABEL } from './labels';
import { dayMs } from './time';
import { titerBands, type LimitSpan } from './titer-bands';
import type { AssayChange, TiterMarker, TiterPanel, TiterPoint, TiterSegment, TiterSeries } from './types';

/**
 * Where a result with a category but no usable number is drawn, in x cut-off: a
 * convention of this product (not a measurement), stated in the panel key. Each
 * sits inside its class: under 1 for negative, above it for the others.
 */
export const QUALITATIVE_LEVEL: Readonly<Record<AntibodyClass, number>> = {
  negative: 0.5,
  borderline: 1.5,
  positive: 3,
  strong: 6,
};

/** The axis never goes below 0.001 x cut-off: anything lower is drawn at the floor. */
const LOWEST_FLOOR = 0.001;

function usable(n: number | null): n is number {
  return n !== null && Number.isFinite(n) && n > 0;
}

function limitText(n: number, unit: string): string {
  return formatAntibodyValue({ value: n, comparator: null, qualitative: null, unit });
}

/** "cut-off 5 units, positive >= 11 units, strong > 50 units" (limits of THIS result). */
export function referenceText(r: Pick<AntibodyResult, 'cutoff' | 'positiveFrom' | 'strongAbove' | 'unit'>): string {
  if (!usable(r.cutoff)) return 'no cut-off recorded';
  const parts = [`cut-off ${limitText(r.cutoff, r.unit)}`];
  if (usable(r.positiveFrom)) parts.push(`positive ≥ ${limitText(r.positiveFrom, r.unit)}`);
  if (usable(r.strongAbove)) parts.push(`strong > ${limitText(r.strongAbove, r.unit)}`);
  return parts.join(', ');
}

/** Axis floor: the decade at or under the smallest positive level, between 0.001 and 0.1. */
export function titerFloor(levels: readonly number[]): number {
  const positive = levels.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return 0.1;
  const decade = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  return Math.min(0.1, Math.max(LOWEST_FLOOR, decade));
}

/** Axis top: a decade at or over 1.2 x the highest point, at least 10 (room for "strong"). */
export function titerCeiling(levels: readonly number[]): number {
  const top = Math.max(0, ...levels.filter((v) => Number.isFinite(v)));
  return Math.max(10, 10 ** Math.ceil(Math.log10(Math.max(top * 1.2, 1))));
}

function markerOf(r: AntibodyResult, level: number, floor: number): TiterMarker {
  if (r.comparator === '<') return 'below';
  if (r.comparator === '>') return 'above';
  return level < floor ? 'floor' : 'value';
}

/** Results in date order (same day: entry order), entered-in-error rows dropped. */
export function liveTiters(results: readonly AntibodyResult[]): AntibodyResult[] {
  return results.filter((r) => !r.enteredInError)
    .sort((a, b) => (a.collectedOn < b.collectedOn ? -1 : a.collectedOn > b.collectedOn ? 1 : a.id - b.id));
}

/**
 * Builds the anti-Mi2 panel. `signalIds` are antibody result ids named by stored
 * signals (drawn with a ring).
 */
export function buildTiterPanel(results: readonly AntibodyResult[], signalIds: ReadonlySet<number>): TiterPanel {
  const live = liveTiters(results);
  const floor = titerFloor(live.map((r) => xCutoff(r.value, r.cutoff) ?? Number.NaN));
  const series: TiterSeries[] = [];
  const changes: AssayChange[] = [];
  const spans: LimitSpan[] = [];
  let unplotted = 0;
  let count = 0;

  for (const analyte of ANALYTES) {
    const rows = live.filter((r) => r.analyte === analyte);
    if (rows.length === 0) continue;
    const segments: TiterSegment[] = [];
    const qualitative: TiterPoint[] = [];
    let previous: AntibodyResult | null = null;
    for (const r of rows) {
      const cls = classifyAntibody(r);
      const level = xCutoff(r.value, r.cutoff);
      const base = {
        id: r.id, date: r.collectedOn, x: dayMs(r.collectedOn), cls, xCutoff: level, levelText: level === null ? null : levelText(level, r.comparator), reported: formatAntibodyValue(r),
        reference: referenceText(r), assay: r.assayLabel, assayId: r.assayId, signal: signalIds.has(r.id),
      };
      let point: TiterPoint;
      if (level !== null) {
        point = { ...base, y: Math.max(level, floor), marker: markerOf(r, level, floor) };
        const last = segments.at(-1);
        if (last && last.assayId === r.assayId) last.points.push(point);
        else segments.push({ assayId: r.assayId, assay: r.assayLabel, points: [point] });
        spans.push({ assayId: r.assayId, analyte, x: point.x, cutoff: r.cutoff, positiveFrom: r.positiveFrom, strongAbove: r.strongAbove });
      } else if (cls !== null) {
        point = { ...base, y: QUALITATIVE_LEVEL[cls], marker: 'qualitative' };
        qualitative.push(point);
      } else {
        unplotted += 1;
        continue;
      }
      count += 1;
      if (previous && previous.assayId !== r.assayId) {
        changes.push({ analyte, date: r.collectedOn, x: point.x, from: previous.assayLabel, to: r.assayLabel });
      }
      previous = r;
    }
    series.push({ analyte, label: ANALYTE_LABEL[analyte], segments, qualitative });
  }

  const levels = series.flatMap((s) => [...s.segments.flatMap((g) => g.points), ...s.qualitative].map((p) => p.y));
  const yMax = titerCeiling(levels);
  return { series, changes, bands: titerBands(spans, floor, yMax), yMin: floor, yMax, unplotted, count };
}
