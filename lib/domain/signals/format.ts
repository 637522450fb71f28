/** Small text and id helpers for signal explanations (plain sentences with numbers). */
import { formatAntibodyValue, levelText as levelOfResult } from '../antibody';
import type { Analyte, Comparator } from '../types';
import { ANALYTE_SHORT_LABELS } from '../vocabulary';
import type { TiterPoint } from './prepare';
import type { SignalResultIds } from './types';

/** "Mi-2α", "Mi-2β", "Mi-2": the names every screen uses (lib/domain/vocabulary.ts). */
export function analyteLabel(analyte: Analyte): string {
  return ANALYTE_SHORT_LABELS[analyte];
}

/** A number with at most `digits` decimals, no trailing zeros: 2.50 -> "2.5". */
export function num(n: number, digits = 2): string {
  return String(Number.parseFloat(n.toFixed(digits)));
}

/** "4 units (cut-off 5)", "Negative", "1:160 (cut-off 80)"; cut-off only with a number. */
export function describeTiter(point: TiterPoint, withCutoff = true): string {
  const r = point.result;
  const text = formatAntibodyValue(r);
  if (!withCutoff || r.value === null || r.cutoff === null) return text;
  return `${text} (cut-off ${num(r.cutoff, 3)})`;
}

/** "4 units (cut-off 5) on 2024-03-02". */
export function titerOn(point: TiterPoint, withCutoff = true): string {
  return `${describeTiter(point, withCutoff)} on ${point.date}`;
}

/** "2.4 x cut-off". */
/** "2.4 x cut-off"; a censored bound keeps its comparator ("<1 x cut-off"), as every screen writes it. */
export function levelText(p: { level: number; result: { comparator: Comparator } }): string {
  return `${levelOfResult(p.level, p.result.comparator)} x cut-off`;
}

export function countWord(n: number): string {
  return n === 2 ? 'twice' : `${n} times`;
}

/** Result ids, each list ascending and without duplicates. */
export function resultIds(parts: Partial<Record<keyof SignalResultIds, readonly number[]>>): SignalResultIds {
  const clean = (ids: readonly number[] | undefined): number[] => [...new Set(ids ?? [])].sort((a, b) => a - b);
  return {
    antibody: clean(parts.antibody),
    enzyme: clean(parts.enzyme),
    visit: clean(parts.visit),
    medication: clean(parts.medication),
  };
}

export function latestDate(...dates: string[]): string {
  return dates.reduce((a, b) => (b > a ? b : a));
}
