/**
 * Reading fields of a parsed message (@medplum/core's Hl7Message splits segments,
 * fields, repetitions and components with the delimiters of MSH-1/MSH-2): every leaf
 * value is unescaped here (the library leaves escape sequences as written) and
 * trimmed of nothing: values are taken as sent.
 */
import type { Hl7Segment } from '@medplum/core';
import { unescapeValue, type Delimiters } from './escape';

export function delimitersOf(seg: Hl7Segment): Delimiters {
  const c = seg.context;
  return { field: c.fieldSeparator, component: c.componentSeparator, repetition: c.repetitionSeparator, escape: c.escapeCharacter, subcomponent: c.subcomponentSeparator };
}

/** The repetitions of a field, each as its components, each as its (unescaped) subcomponents. */
export function repetitions(seg: Hl7Segment, field: number): string[][][] {
  const d = delimitersOf(seg);
  // getField knows MSH's numbering (MSH-1 is the field separator itself); it is undefined past the last field.
  const f = seg.getField(field) as ReturnType<Hl7Segment['getField']> | undefined;
  if (!f) return [];
  return f.components
    .map((rep) => rep.map((comp) => comp.split(d.subcomponent).map((s) => unescapeValue(s, d))))
    .filter((rep) => rep.some((c) => c.some((s) => s !== '')));
}

/** Component `c` (1-based) of repetition `rep` (0-based) of a field, subcomponent `s` (1-based). */
export function component(seg: Hl7Segment, field: number, c = 1, rep = 0, s = 1): string {
  return repetitions(seg, field)[rep]?.[c - 1]?.[s - 1] ?? '';
}

/** A field's first repetition and first component, as text. */
export const value = (seg: Hl7Segment, field: number): string => component(seg, field, 1);

/** HL7's "" (present but null) reads as empty. */
export const present = (s: string): string => (s === '""' ? '' : s);
