/**
 * Muscle enzyme panels.
 * Source: docs/clinical/enzymes.md ("Muscle enzymes"): CK in U/L, with the lab's
 * reference range stored WITH EACH RESULT (upper limits depend on lab, sex, age,
 * ancestry), so the normal band is drawn from each result's own limits, never from
 * one fixed line. IMACS counts aldolase, LDH, ALT and AST too: drawn when present,
 * in x ULN, because their U/L scales differ a hundredfold from CK's.
 */
import { enzymeFlag, xUln } from '../enzymes';
import { storedText } from '../numbers';
import { ENZYME_ANALYTES, type EnzymeAnalyte, type EnzymeResult } from '../types';
import { ENZYME_UNIT_LABELS } from '../vocabulary';
import { enzymeLabel } from './labels';
import { dayMs } from './time';
import type { EnzymePanel, EnzymePoint, EnzymeSeries } from './types';

/** Decade at or under the smallest positive value, within [lowest, 0.1 x top decade]. */
function logFloor(values: readonly number[], fallback: number, lowest: number): number {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return fallback;
  return Math.max(lowest, 10 ** Math.floor(Math.log10(Math.min(...positive))));
}

/** The 1-2-5 step at or over 1.1 x the largest value (a little headroom), at least `least`. */
export function logCeiling(values: readonly number[], least: number): number {
  const top = Math.max(0, ...values.filter((v) => Number.isFinite(v))) * 1.1;
  if (!(top > 0)) return least;
  const decade = 10 ** Math.floor(Math.log10(top));
  const step = [1, 2, 5, 10].map((k) => k * decade).find((v) => v >= top * (1 - 1e-12)) ?? 10 * decade;
  return Math.max(least, step);
}

/**
 * "1.2 µkat/L (72 U/L)" or "850 U/L": as reported, with the U/L equivalent (section 3).
 * Numbers are written as stored, never rounded: 7.64 U/L against an upper limit of 7.6
 * is "7.64 U/L", not "7.6 U/L" (which would read as at the limit beside its H).
 */
export function enzymeReported(r: Pick<EnzymeResult, 'value' | 'unit' | 'valueUL'>): string {
  if (r.unit === 'U/L') return `${storedText(r.value)} U/L`;
  return `${storedText(r.value)} ${ENZYME_UNIT_LABELS[r.unit]} (${storedText(r.valueUL)} U/L)`;
}

/** "30–207 U/L" or "≤ 207 U/L": the lab's range for this one result, its limits as stored. */
export function enzymeReference(r: Pick<EnzymeResult, 'lowerLimitUL' | 'upperLimitUL'>): string {
  return r.lowerLimitUL !== null ? `${storedText(r.lowerLimitUL)}–${storedText(r.upperLimitUL)} U/L` : `≤ ${storedText(r.upperLimitUL)} U/L`;
}

export function liveEnzymes(results: readonly EnzymeResult[]): EnzymeResult[] {
  return results.filter((r) => !r.enteredInError)
    .sort((a, b) => (a.collectedOn < b.collectedOn ? -1 : a.collectedOn > b.collectedOn ? 1 : a.id - b.id));
}

function point(r: EnzymeResult, y: number, floor: number, signalIds: ReadonlySet<number>): EnzymePoint {
  return {
    id: r.id, date: r.collectedOn, x: dayMs(r.collectedOn), y: Math.max(y, floor), valueUL: r.valueUL,
    xUln: xUln(r.valueUL, r.upperLimitUL), lowerUL: r.lowerLimitUL, upperUL: r.upperLimitUL,
    flag: enzymeFlag(r.valueUL, r.lowerLimitUL, r.upperLimitUL), reported: enzymeReported(r), reference: enzymeReference(r),
    floor: !(y >= floor), signal: signalIds.has(r.id),
  };
}

/**
 * Builds the enzyme panels from live results: CK in U/L (log axis floor from the
 * values and their limits, so the band always shows), the others in x ULN. A
 * result whose ULN is unusable (<= 0) cannot be normalised and is left to the
 * flowsheet rather than drawn at a made-up level.
 */
export function buildEnzymePanel(results: readonly EnzymeResult[], signalIds: ReadonlySet<number>): EnzymePanel {
  const live = liveEnzymes(results);
  const ckRows = live.filter((r) => r.analyte === 'ck');
  const ckValues = ckRows.flatMap((r) => [r.valueUL, r.upperLimitUL, r.lowerLimitUL ?? Number.NaN]);
  const ckYMin = logFloor(ckValues, 10, 1);
  const ckYMax = logCeiling(ckValues, 500);
  const ck: EnzymeSeries | null = ckRows.length
    ? { analyte: 'ck', label: 'CK (U/L)', points: ckRows.map((r) => point(r, r.valueUL, ckYMin, signalIds)) }
    : null;

  const otherAnalytes = ENZYME_ANALYTES.filter((a): a is Exclude<EnzymeAnalyte, 'ck'> => a !== 'ck');
  const levels = live.filter((r) => r.analyte !== 'ck').map((r) => xUln(r.valueUL, r.upperLimitUL) ?? Number.NaN);
  const othersYMin = Math.min(0.1, logFloor(levels, 0.1, 0.001));
  const othersYMax = logCeiling(levels, 2);
  const others: EnzymeSeries[] = [];
  for (const analyte of otherAnalytes) {
    const points = live
      .filter((r) => r.analyte === analyte && xUln(r.valueUL, r.upperLimitUL) !== null)
      .map((r) => point(r, xUln(r.valueUL, r.upperLimitUL) ?? 0, othersYMin, signalIds));
    if (points.length) others.push({ analyte, label: `${enzymeLabel(analyte)} (× ULN)`, points });
  }
  return { ck, ckYMin, ckYMax, others, othersYMin, othersYMax };
}
