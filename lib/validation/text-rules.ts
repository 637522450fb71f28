/**
 * The rules of entered dates, words and codes, shared by every path (forms, CSV, REST,
 * FHIR) like the number rules in field-rules.ts. Pure, no zod: the import's fast path
 * calls the allocation-free checks per row.
 */
import { isIsoDate } from '../domain/dates';
import { CENSORED_ENZYME_MESSAGE, enzymeUnitMessage, normalizeEnzymeUnit } from '../domain/enzymes';
import type { EnzymeUnit } from '../domain/types';

export { CENSORED_ENZYME_MESSAGE, normalizeEnzymeUnit };

/** C0 controls (tab, CR and LF included), DEL and C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, but tab and line breaks are allowed (notes). */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/**
 * Bidirectional embeddings, overrides (U+202E shows "ABC" as "CBA") and isolates:
 * they make a name or code read differently from what is stored.
 */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const LETTER = /\p{L}/u;

/** An example date in messages (fixed, so every path words a problem the same way). */
export const DATE_EXAMPLE = '2026-02-28';
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export type DateReading = { ok: true; value: string | null } | { ok: false; message: string };

/**
 * One message per problem with an entered date: missing, not written year-month-day
 * (a browser's 02/30/2026 or 30.02.2026), or written so but not in the calendar.
 * `optional` reads empty as null instead of "required".
 */
export function readIsoDate(raw: unknown, label: string, optional = false): DateReading {
  const s = typeof raw === 'string' ? raw.trim() : raw;
  if (s === undefined || s === null || s === '') return optional ? { ok: true, value: null } : { ok: false, message: `${label} is required.` };
  if (isIsoDate(s)) return { ok: true, value: s };
  if (typeof s === 'string' && ISO_SHAPE.test(s)) return { ok: false, message: `${label} ${s} is not a date in the calendar: write a real date year-month-day, e.g. ${DATE_EXAMPLE}.` };
  return { ok: false, message: `${label} must be a date written year-month-day, e.g. ${DATE_EXAMPLE}.` };
}

export const ACCESSION_MAX = 64;
export const ACCESSION_MESSAGE = `Accession must be at most ${ACCESSION_MAX} characters on one line, without line breaks, tabs or hidden control characters.`;

/** An accession as stored: trimmed by the caller, one line, no control or direction characters. Allocation-free. */
export function accessionAllowed(s: string): boolean {
  return s.length <= ACCESSION_MAX && !CONTROL.test(s) && !BIDI.test(s);
}

/**
 * A person's name (family, given): at least one letter, and no control or text-
 * direction characters anywhere (a name made only of zero-width characters has no
 * letter). Zero-width joiners inside a name are kept: some scripts need them.
 */
export function nameProblem(s: string, label: string): string | null {
  if (CONTROL.test(s) || BIDI.test(s)) return `${label} contains a hidden control or text-direction character; type it again.`;
  if (!LETTER.test(s)) return `${label} must contain at least one letter.`;
  return null;
}

/** Free text: one line (codes, labs, kits, frequencies) or several (notes); never control or direction characters. */
export function textProblem(s: string, label: string, multiline = false): string | null {
  if ((multiline ? CONTROL_BUT_LINES : CONTROL).test(s) || BIDI.test(s)) {
    return multiline ? `${label} contains a hidden control or text-direction character; type it again.` : `${label} must be one line, without tabs or hidden control characters.`;
  }
  return null;
}

export type UnitReading = { ok: true; value: EnzymeUnit } | { ok: false; message: string };

/** The unit of an enzyme result, with the message every path gives for a missing or unknown one. */
export function readEnzymeUnit(raw: unknown): UnitReading {
  const s = typeof raw === 'string' ? raw.trim() : '';
  const unit = s === '' ? null : normalizeEnzymeUnit(s);
  return unit ? { ok: true, value: unit } : { ok: false, message: enzymeUnitMessage(s) };
}
