/**
 * The lab cells of a flowsheet export (lib/domain/timeline/flowsheet.ts), read back
 * into the values they show: "<5 units · 1× · Negative", "1:160 · 4×", "Positive",
 * "1.2 ukat/L (72 U/L) H", "30–207 U/L", "≤ 207 U/L". Numbers come back as the plain
 * decimal text the flowsheet wrote (String of a number: "12.5", never grouped). Null
 * for a text the flowsheet does not write. Pure.
 */
import { ANTIBODY_CLASS_LABELS, TITER_UNIT } from '../domain/antibody';
import type { AntibodyClass } from '../domain/types';

export interface TiterCell { comparator: '' | '<' | '>'; value: string; unit: string; qualitative: AntibodyClass | null }
export interface EnzymeCell { value: string; unit: 'U/L' | 'ukat/L' }
export interface ReferenceCell { lowerUL: string; upperUL: string }

const NUMBER = String.raw`(\d+(?:\.\d+)?(?:e-?\d+)?)`;
const TITER = new RegExp(String.raw`^([<>]?)1:${NUMBER}$`);
const VALUE = new RegExp(String.raw`^([<>]?)${NUMBER}(?: (.+))?$`);
// The flowsheet writes µkat/L (clinical spelling); files from before wrote ukat/L.
const ENZYME = new RegExp(String.raw`^${NUMBER} (U/L|[uµ]kat/L)(?: \(${NUMBER} U/L\))?(?: [HL])?$`);
const RANGE = new RegExp(String.raw`^${NUMBER}–${NUMBER} U/L$`);
const UPPER = new RegExp(String.raw`^≤ ${NUMBER} U/L$`);

const CLASS_BY_LABEL = new Map(Object.entries(ANTIBODY_CLASS_LABELS).map(([k, label]) => [label, k as AntibodyClass]));

/** A titer cell: its first part is the result as reported (the level and class after " · " are derived from it). */
export function readTiterCell(text: string): TiterCell | null {
  const shown = text.split(' · ')[0] ?? '';
  const category = CLASS_BY_LABEL.get(shown);
  if (category) return { comparator: '', value: '', unit: '', qualitative: category };
  const titer = TITER.exec(shown);
  if (titer) return { comparator: titer[1] as TiterCell['comparator'], value: titer[2]!, unit: TITER_UNIT, qualitative: null };
  const m = VALUE.exec(shown);
  return m ? { comparator: m[1] as TiterCell['comparator'], value: m[2]!, unit: m[3] ?? '', qualitative: null } : null;
}

/** An enzyme cell: the value as reported and its unit (the U/L equivalent and the H/L flag are derived). */
export function readEnzymeCell(text: string): EnzymeCell | null {
  const m = ENZYME.exec(text);
  return m ? { value: m[1]!, unit: (m[2] === 'U/L' ? 'U/L' : 'ukat/L') as EnzymeCell['unit'] } : null;
}

/** An enzyme reference cell, in U/L; an empty lower limit when only the upper one was given. */
export function readReferenceCell(text: string): ReferenceCell | null {
  const range = RANGE.exec(text);
  if (range) return { lowerUL: range[1]!, upperUL: range[2]! };
  const upper = UPPER.exec(text);
  return upper ? { lowerUL: '', upperUL: upper[1]! } : null;
}

/** The flowsheet's CSV writes a leading apostrophe before = + - @ so that spreadsheets do not run a cell: undone here. */
export const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
