/**
 * One rule per entered number, shared by every path a value can come in by: the
 * forms (zod schemas in lib/validation), the CSV row judge (lib/import, its fast path
 * included), the REST API and the FHIR import (both through the same schemas). The
 * table says what each field takes; the readers below say what a typed or sent
 * number means. docs/decisions/0019-entry-rules.md explains the choices:
 *
 * - Text (forms, CSV) is decimal digits with a decimal point: "12.5", ".5", "7.".
 *   A decimal comma is read when it cannot be a thousands separator ("1,5" is 1.5);
 *   "12,500" (comma + exactly three digits) and "1,250.5" (both marks) could mean two
 *   numbers and are refused naming both. Hex ("0x10"), exponents ("1e-320"),
 *   "Infinity", spaces inside and letters are refused: Number() reads them all.
 * - JSON numbers (REST, FHIR) must be finite; the REST API refuses numbers sent as
 *   text (lib/api/lab-result-body.ts).
 * - Every field has a smallest meaningful amount: a smaller non-zero number is a slip
 *   (1e-320 made the cohort export's x cut-off Infinity), refused, never rounded.
 *
 * Pure; no zod, so the import's fast path can call it per row without allocating.
 */

export interface NumberRule {
  /** The field as the clinician reads it. */
  label: string;
  min: number;
  max: number;
  /** Smallest non-zero amount that is a measurement rather than a slip. */
  smallest: number;
  /** Zero is refused (a cut-off, an upper limit, an enzyme activity, a dose). */
  aboveZero?: boolean;
  unit?: string;
}

/** The rules of every entered number, by field. */
export const NUMBER_RULES = {
  antibodyValue: { label: 'Value', min: 0, max: 1_000_000, smallest: 0.001 },
  antibodyCutoff: { label: 'Cut-off', min: 0, max: 1_000_000, smallest: 0.001, aboveZero: true },
  enzymeValue: { label: 'Value', min: 0, max: 1_000_000, smallest: 0.01, aboveZero: true },
  enzymeLowerLimit: { label: 'Lower reference limit', min: 0, max: 100_000, smallest: 0.01 },
  enzymeUpperLimit: { label: 'Upper reference limit', min: 0, max: 100_000, smallest: 0.01, aboveZero: true },
  assayCutoff: { label: 'Cut-off', min: 0, max: 1_000_000, smallest: 0.001, aboveZero: true },
  assayPositiveFrom: { label: 'Positive from', min: 0, max: 1_000_000, smallest: 0.001, aboveZero: true },
  assayStrongAbove: { label: 'Strong above', min: 0, max: 1_000_000, smallest: 0.001, aboveZero: true },
  assayMeasuringMax: { label: 'Measuring range up to', min: 0, max: 1_000_000, smallest: 0.001, aboveZero: true },
  dose: { label: 'Dose', min: 0, max: 100_000, smallest: 0.001, aboveZero: true },
  physicianGlobal: { label: 'Physician global activity', min: 0, max: 10, smallest: 0.01, unit: 'cm (VAS)' },
  patientGlobal: { label: 'Patient global activity', min: 0, max: 10, smallest: 0.01, unit: 'cm (VAS)' },
  extramuscular: { label: 'Extramuscular activity', min: 0, max: 10, smallest: 0.01, unit: 'cm (VAS)' },
  haq: { label: 'HAQ-DI', min: 0, max: 3, smallest: 0.01 },
} as const satisfies Record<string, NumberRule>;

export type NumberField = keyof typeof NUMBER_RULES;

/** A number the rule takes (finite, in range, not a sub-smallest slip). */
export function numberAllowed(n: number, rule: NumberRule): boolean {
  if (!(n >= rule.min && n <= rule.max)) return false; // NaN fails here too
  return n === 0 ? !rule.aboveZero : n >= rule.smallest;
}

const unitOf = (rule: NumberRule) => (rule.unit ? ` ${rule.unit}` : '');

/** What the rule allows, in words: the message for a number it refuses. */
export function numberMessage(rule: NumberRule, n: number): string {
  const range = rule.aboveZero ? `a number greater than 0 and at most ${rule.max}${unitOf(rule)}` : `a number from ${rule.min} to ${rule.max}${unitOf(rule)}`;
  if (Number.isFinite(n) && n > 0 && n < rule.smallest && n >= rule.min) {
    return `${rule.label} is below ${rule.smallest}${unitOf(rule)}, the smallest amount Titerline stores for it: check the value and its unit.`;
  }
  return `${rule.label} must be ${range}.`;
}

export const formatMessage = (rule: NumberRule) =>
  `${rule.label} must be a plain number such as 12.5: digits and a decimal point, no letters, exponents or thousands separators.`;

const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DECIMAL_COMMA = /^-?\d+,\d+$/;
/** A comma or point followed by exactly three digits at the end, or both marks: a thousands separator is possible. */
const THREE_AFTER_COMMA = /^-?\d{1,3},\d{3}$/;
const BOTH_MARKS = /^-?\d{1,3}(?:[,.]\d{3})+[.,]\d+$/;

/** Digits with a decimal point, within the rule: the number, else undefined. Allocation-free (the import's fast path). */
export function plainDecimal(s: string, rule: NumberRule): number | undefined {
  if (!DECIMAL.test(s)) return undefined;
  const n = Number(s);
  return numberAllowed(n, rule) ? n : undefined;
}

export type NumberReading = { ok: true; value: number | null } | { ok: false; message: string };

const refused = (message: string): NumberReading => ({ ok: false, message });

/** Two readings of a text with a thousands separator or a decimal mark, for the message. */
function twoReadings(s: string): [string, string] | null {
  const plain = (t: string) => String(Number(t));
  if (THREE_AFTER_COMMA.test(s)) return [plain(s.replace(',', '.')), plain(s.replace(',', ''))];
  if (BOTH_MARKS.test(s) && s.includes(',') && s.includes('.')) {
    // "1,250.5": thousands comma and decimal point (1250.5), or decimal comma and thousands point (1.2505).
    const lastMark = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'));
    const firstMark = Math.min(...[s.indexOf(','), s.indexOf('.')].filter((i) => i >= 0));
    const asLastDecimal = `${s.slice(0, lastMark).replace(/[,.]/g, '')}.${s.slice(lastMark + 1)}`;
    const asFirstDecimal = `${s.slice(0, firstMark)}.${s.slice(firstMark + 1).replace(/[,.]/g, '')}`;
    return [plain(asLastDecimal), plain(asFirstDecimal)];
  }
  return null;
}

/**
 * Reads one entered number: empty (undefined, null, blank text) is null, "not given",
 * never zero. Text must be a plain decimal (see the module comment); a JSON number
 * must be finite. Either way the rule's range and smallest amount apply.
 */
export function readNumber(raw: unknown, rule: NumberRule): NumberReading {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const s = raw.trim();
    if (s === '') return { ok: true, value: null };
    if (DECIMAL.test(s)) n = Number(s);
    else {
      const both = twoReadings(s);
      if (both) return refused(`${rule.label} "${s}" could mean ${both[0]} or ${both[1]}: write it without a thousands separator, with a decimal point (${both[0]} or ${both[1]}).`);
      if (!DECIMAL_COMMA.test(s)) return refused(formatMessage(rule));
      n = Number(s.replace(',', '.'));
    }
  } else return refused(formatMessage(rule));
  if (!Number.isFinite(n)) return refused(formatMessage(rule));
  return numberAllowed(n, rule) ? { ok: true, value: n } : refused(numberMessage(rule, n));
}
