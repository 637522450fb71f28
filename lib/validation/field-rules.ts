/**
 * One rule per entered number, shared by every path a value can come in by: the
 * forms (zod schemas in lib/validation), the CSV row judge (lib/import, its fast path
 * included), the REST API and the FHIR import (both through the same schemas). The
 * table says what each field takes; the readers below say what a typed or sent
 * number means. docs/decisions/0019-entry-rules.md explains the choices:
 *
 * - Text (forms, CSV) is decimal digits with a decimal point: "12.5", ".5", "7.".
 *   A decimal comma is read when it cannot be a thousands separator ("1,5" is 1.5).
 *   A comma or a point before exactly three digits, after a first group of 1-3 digits
 *   not starting with 0 ("12,500", "12.500", "1.234"), could be a thousands separator:
 *   refused naming both readings, unless one of them is outside the field's range
 *   (HAQ "1.125" cannot be 1125). "0,125" and "1234.567" have one reading (a thousands
 *   group never starts with 0 nor has four digits): read. "1,250.5" (both marks) is
 *   refused naming both. Hex ("0x10"), exponents ("1e-320"), "Infinity", spaces
 *   inside and letters are refused: Number() reads them all.
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
/**
 * A comma or point followed by exactly three digits at the end, after a group that can
 * start a number written with thousands separators (1-3 digits, not starting with 0):
 * "12,500", "12.500", "1.234". Not "0,125" or "1234.567" (no thousands group looks so).
 * The same shape as the CSV import's TWO_READINGS (lib/import/number-format.ts).
 */
const THREE_AFTER_MARK = /^-?[1-9]\d{0,2}[,.]\d{3}$/;
const THREE_AFTER_POINT = /^-?[1-9]\d{0,2}\.\d{3}$/;
const BOTH_MARKS = /^-?\d{1,3}(?:[,.]\d{3})+[.,]\d+$/;

/**
 * A plain decimal ("12.5", "1.234") written so that readNumber takes it with this one
 * meaning: a point before exactly three digits gets a fourth decimal ("1.234" ->
 * "1.2340"; "12.500" -> "12.5"). For text whose meaning is already settled: a form's
 * prefill of a stored number, a CSV cell read in the file's declared format.
 */
export function unambiguousDecimal(s: string): string {
  if (!THREE_AFTER_POINT.test(s)) return s;
  const t = String(Number(s));
  return THREE_AFTER_POINT.test(t) ? `${t}0` : t;
}

/** A stored number as a form field shows it to be sent back: empty for none, else text readNumber reads as this number. */
export const formNumber = (n: number | null | undefined): string => (n === null || n === undefined ? '' : unambiguousDecimal(String(n)));

/** Digits with a decimal point, within the rule and with one reading: the number, else undefined (readNumber then judges it). Allocation-free. */
export function plainDecimal(s: string, rule: NumberRule): number | undefined {
  if (!DECIMAL.test(s) || THREE_AFTER_POINT.test(s)) return undefined;
  const n = Number(s);
  return numberAllowed(n, rule) ? n : undefined;
}

export type NumberReading = { ok: true; value: number | null } | { ok: false; message: string };

const refused = (message: string): NumberReading => ({ ok: false, message });

/** Two readings of a text with a thousands separator or a decimal mark, for the message. */
function twoReadings(s: string): [string, string] | null {
  const plain = (t: string) => String(Number(t));
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

const twoReadingsMessage = (rule: NumberRule, s: string, a: string, b: string, writeA = a) =>
  `${rule.label} "${s}" could mean ${a} or ${b}: write it without a thousands separator, with a decimal point (${writeA} or ${b}${writeA === a ? '' : ': a fourth decimal place marks the point as a decimal point'}).`;

/**
 * "12,500" or "12.500": a decimal mark or a thousands separator. The reading the field
 * allows when only one of them is (HAQ "1.125" is 1.125, never 1125), else a refusal
 * naming both, with the decimal one written so that it reads back ("1.234" -> 1.2340).
 */
function markBeforeThree(s: string, rule: NumberRule): NumberReading {
  const decimal = Number(s.replace(',', '.'));
  const thousands = Number(s.replace(/[,.]/, ''));
  const asDecimal = numberAllowed(decimal, rule);
  const asThousands = numberAllowed(thousands, rule);
  if (asDecimal !== asThousands) return { ok: true, value: asDecimal ? decimal : thousands };
  if (!asDecimal) return refused(numberMessage(rule, decimal)); // neither reading is allowed ("-1.500", a VAS of "12.500")
  return refused(twoReadingsMessage(rule, s, String(decimal), String(thousands), formNumber(decimal)));
}

/** Text a thousands separator could be in ("12.500", "1,234"): the import's fast path leaves it to readNumber. */
export const maybeThousands = (s: string): boolean => THREE_AFTER_MARK.test(s);

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
    if (THREE_AFTER_MARK.test(s)) return markBeforeThree(s, rule);
    if (DECIMAL.test(s)) n = Number(s);
    else {
      const both = twoReadings(s);
      if (both) return refused(twoReadingsMessage(rule, s, both[0], both[1]));
      if (!DECIMAL_COMMA.test(s)) return refused(formatMessage(rule));
      n = Number(s.replace(',', '.'));
    }
  } else return refused(formatMessage(rule));
  if (!Number.isFinite(n)) return refused(formatMessage(rule));
  return numberAllowed(n, rule) ? { ok: true, value: n } : refused(numberMessage(rule, n));
}
