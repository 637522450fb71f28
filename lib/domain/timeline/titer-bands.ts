/**
 * Class shading of the anti-Mi2 panel, in x cut-off.
 * Source: docs/clinical/assays.md, "Classification of one result": negative at or
 * under the cut-off (1.0 x), borderline between the cut-off and the lab's positive
 * limit, positive from that limit, strong above the strong limit. The limits belong
 * to each result (no cut-off is hard-coded; an assay's limits can change over the
 * years while each result keeps the ones it was read with), so the borderline,
 * positive and strong bands are drawn per run of results with the same assay and the
 * same limits, over the time those limits were in force; only "negative, under 1 x
 * cut-off" is the same for every assay.
 */
import type { Analyte } from '../types';
import type { ClassBand } from './types';

/** The limits in force for one numeric result, at its date. */
export interface LimitSpan {
  assayId: number;
  analyte: Analyte;
  x: number;
  cutoff: number | null;
  positiveFrom: number | null;
  strongAbove: number | null;
}

function ok(n: number | null): n is number {
  return n !== null && Number.isFinite(n) && n > 0;
}

/** Bands of one set of limits over [fromX, toX], clipped to the axis. */
function bandsOf(s: LimitSpan, fromX: number, toX: number | null, yMax: number): ClassBand[] {
  if (!ok(s.cutoff)) return [];
  const positiveAt = ok(s.positiveFrom) && s.positiveFrom > s.cutoff ? s.positiveFrom / s.cutoff : 1;
  const strongAt = ok(s.strongAbove) && s.strongAbove >= s.cutoff ? Math.max(s.strongAbove / s.cutoff, positiveAt) : null;
  const out: ClassBand[] = [];
  if (positiveAt > 1) out.push({ cls: 'borderline', fromX, toX, yMin: 1, yMax: Math.min(positiveAt, yMax) });
  const positiveTop = strongAt ?? yMax;
  if (positiveTop > positiveAt) out.push({ cls: 'positive', fromX, toX, yMin: positiveAt, yMax: Math.min(positiveTop, yMax) });
  if (strongAt !== null && strongAt < yMax) out.push({ cls: 'strong', fromX, toX, yMin: strongAt, yMax });
  return out;
}

const key = (b: ClassBand) => `${b.cls}|${b.yMin}|${b.yMax}`;
const lo = (b: ClassBand) => b.fromX ?? -Infinity;
const hi = (b: ClassBand) => b.toX ?? Infinity;

/**
 * Merges bands with the same class and limits that overlap or touch in time, so
 * two analytes read with the same assay (or one assay over years) shade once.
 */
function mergeBands(bands: ClassBand[]): ClassBand[] {
  const sorted = [...bands].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : lo(a) - lo(b)));
  const out: ClassBand[] = [];
  for (const b of sorted) {
    const last = out.at(-1);
    if (last && key(last) === key(b) && lo(b) <= hi(last)) last.toX = b.toX === null || last.toX === null ? null : Math.max(last.toX, b.toX);
    else out.push({ ...b });
  }
  // Draw order: the unbounded negative band first, then by time (stable within a time).
  return out.sort((a, b) => (lo(a) === lo(b) ? 0 : lo(a) - lo(b)));
}

/** Same assay and same limits: results that shade alike. */
function sameLimits(a: LimitSpan, b: LimitSpan): boolean {
  return a.assayId === b.assayId && a.cutoff === b.cutoff && a.positiveFrom === b.positiveFrom && a.strongAbove === b.strongAbove;
}

/**
 * Class bands for the titer panel. `spans` are the numeric results in date order
 * per analyte; a run is consecutive results of one assay read with the same limits.
 * It covers from its first result to the first result of the next run of that
 * analyte (another assay, or the same assay with other limits; the latest run stays
 * open to the right: those are the limits in force), with the limits its results
 * were read with, so every point lies in the band of its own class. The negative
 * band (floor to 1 x) spans the whole axis (fromX/toX null: plain data, no Infinity
 * to serialise).
 */
export function titerBands(spans: readonly LimitSpan[], floor: number, yMax: number): ClassBand[] {
  const bands: ClassBand[] = [{ cls: 'negative', fromX: null, toX: null, yMin: floor, yMax: 1 }];
  const byAnalyte = new Map<Analyte, LimitSpan[]>();
  for (const s of spans) {
    const list = byAnalyte.get(s.analyte);
    if (list) list.push(s);
    else byAnalyte.set(s.analyte, [s]);
  }
  for (const list of byAnalyte.values()) {
    let i = 0;
    while (i < list.length) {
      const first = list[i];
      if (!first) break;
      let j = i;
      let next = list[j + 1];
      while (next && sameLimits(next, first)) {
        j += 1;
        next = list[j + 1];
      }
      bands.push(...bandsOf(first, first.x, next ? next.x : null, yMax));
      i = j + 1;
    }
  }
  return mergeBands(bands);
}
