/**
 * How a lab-result file writes its numbers, decided once per file, and the reading of
 * each number cell in that format (docs/lab-import.md, "Number formats";
 * docs/decisions/0018-number-formats.md).
 *
 * "12,500" is twelve thousand five hundred to a reader who writes 1,250.5, and twelve
 * point five to one who writes 1.250,5: read the wrong way, a CK of 12,500 U/L is
 * stored as 12.5 U/L, normal. So a number whose meaning depends on the convention
 * (one mark followed by exactly three digits, or several marks) is refused unless the
 * file's format is declared; a declared format is read strictly (grouping marks only
 * in groups of three); a number with one reading (12.5, 3,1, 0,125) is read when it
 * agrees with the file's format. A number without any mark is left as written: the
 * entry rules judge it. Pure.
 */
import type { CsvRecord, Delimiter } from '../domain/csv';
import type { LabColumn, RowProblem } from './lab-columns';
import { unambiguousDecimal } from '../validation/field-rules';
import { numberInWords } from './number-words';

export const DECIMAL_MARKS = ['point', 'comma'] as const;
export type DecimalMark = (typeof DECIMAL_MARKS)[number];

export const DECIMAL_LABELS: Readonly<Record<DecimalMark, string>> = { point: 'decimal point (1,250.5)', comma: 'decimal comma (1.250,5)' };

/** The file's format: declared by the user, or detected (then values with two readings are refused). */
export type NumberFormat =
  | { declared: true; decimal: DecimalMark; basis: 'declared' }
  /** `decimal` null: the file's own values disagree, and every value with a mark is refused. */
  | { declared: false; decimal: DecimalMark | null; basis: string };

/** The form's and the command line's choice: 'detect' (or nothing) -> null. */
export function parseDecimalChoice(raw: unknown): { ok: true; decimal: DecimalMark | null } | { ok: false; message: string } {
  if (raw === undefined || raw === null || raw === '' || raw === 'detect') return { ok: true, decimal: null };
  if (raw === 'point' || raw === 'comma') return { ok: true, decimal: raw };
  return { ok: false, message: 'Number format must be detect, decimal point (1,250.5) or decimal comma (1.250,5).' };
}

/** One mark followed by digits, nothing else: "12.5", ",5", "1,250". */
const SINGLE_MARK = /^[-+]?\d*[.,]\d+$/;
/** One mark, exactly three digits after it and a valid first group before it: "12,500", "1.250" (not "0.125", not "1250.125"). */
const TWO_READINGS = /^[-+]?[1-9]\d{0,2}[.,]\d{3}$/;
/** Numbers written in one convention: thousands marks only in groups of three after a first group of 1-3 digits, one decimal mark last. */
const VALID: Readonly<Record<DecimalMark, RegExp>> = {
  point: /^[-+]?(?:\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?$/,
  comma: /^[-+]?(?:\d*|[1-9]\d{0,2}(?:\.\d{3})+)(?:,\d+)?$/,
};

const hasMark = (s: string) => s.indexOf('.') >= 0 || s.indexOf(',') >= 0;
const markOf = (s: string): DecimalMark => (s.indexOf(',') >= 0 ? 'comma' : 'point');
const other = (d: DecimalMark): DecimalMark => (d === 'point' ? 'comma' : 'point');

/** A number valid in convention `d` as the plain decimal the entry rules read: "1.250,5" -> "1250.5". */
function plain(s: string, d: DecimalMark): string {
  if (d === 'point') return s.indexOf(',') >= 0 ? s.replaceAll(',', '') : s; // the common case: no copy
  return s.replaceAll('.', '').replace(',', '.');
}

/** The decimal mark a number shows without doubt ("12.5" point, "3,1" comma), or null (none, or two readings). */
function unambiguousMark(s: string): DecimalMark | null {
  return SINGLE_MARK.test(s) && !TWO_READINGS.test(s) ? markOf(s) : null;
}

/** A cell as a number's text: trimmed, without a leading < or > (a censored value). */
const bare = (cell: string) => cell.trim().replace(/^[<>]\s*/, '');

interface Evidence { text: string; line: number }
const shown = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/**
 * The file's number format: the declared one; else a semicolon separator implies a
 * decimal comma (spreadsheets use ";" where "," is the decimal mark); else the mark of
 * the values that show it without doubt, scanned once over the number cells
 * (`positions`) of every row; when none does, a decimal point is assumed (nothing
 * then depends on it: every value with a mark has two readings and is refused).
 */
export function decideNumberFormat(declared: DecimalMark | null, delimiter: Delimiter, rows: readonly CsvRecord[], positions: readonly number[]): NumberFormat {
  if (declared) return { declared: true, decimal: declared, basis: 'declared' };
  if (delimiter === ';') return { declared: false, decimal: 'comma', basis: 'implied by the semicolon separator' };
  let point: Evidence | null = null;
  let comma: Evidence | null = null;
  for (let r = 0; r < rows.length && !(point && comma); r++) {
    const row = rows[r]!;
    for (let p = 0; p < positions.length; p++) {
      const cell = row.cells[positions[p]!];
      if (cell === undefined || !hasMark(cell)) continue;
      const text = bare(cell);
      const mark = unambiguousMark(text);
      if (mark === 'point') point ??= { text, line: row.line };
      else if (mark === 'comma') comma ??= { text, line: row.line };
    }
  }
  if (point && comma) {
    return { declared: false, decimal: null, basis: `the file writes decimals both as ${shown(point.text)} (line ${point.line}) and as ${shown(comma.text)} (line ${comma.line})` };
  }
  const seen = point ?? comma;
  if (seen) return { declared: false, decimal: point ? 'point' : 'comma', basis: `detected from ${shown(seen.text)} on line ${seen.line}` };
  return { declared: false, decimal: 'point', basis: 'assumed: no value in the file shows its decimal mark' };
}

/**
 * One number cell read in the file's format: the plain decimal the entry rules read
 * ("12,500" declared point -> "12500"), or the cell as written when it has no mark.
 * A refusal is pushed to `problems` under `column`, and the cell comes back as written
 * (the row is refused). Allocation-free for a cell without marks and for a plain
 * decimal-point number: this runs on every row of a 100,000-row file.
 */
export function readNumberCell(raw: string, column: LabColumn, f: NumberFormat, problems: RowProblem[]): string {
  if (!hasMark(raw)) return raw;
  if (f.declared) {
    // Declared, "12.500" has one meaning; written so the entry rules, which refuse "12.500" typed in a form, read it so ("12.5", "1.2340").
    if (VALID[f.decimal].test(raw)) return unambiguousDecimal(plain(raw, f.decimal));
  } else if (f.decimal !== null && unambiguousMark(raw) === f.decimal) return plain(raw, f.decimal);
  problems.push({ column, message: refusal(raw, f) });
  return raw;
}

const MARK_WORD: Readonly<Record<DecimalMark, string>> = { point: 'decimal point', comma: 'decimal comma' };
const EXAMPLE: Readonly<Record<DecimalMark, string>> = { point: 'e.g. 1250.5 or 1,250.5', comma: 'e.g. 1250,5 or 1.250,5' };

/** Why a number cell is refused, naming its readings in words. */
function refusal(raw: string, f: NumberFormat): string {
  const text = shown(raw);
  // In words when short enough to say; a huge number as its (cut) digits.
  const say = (n: string) => (n.length <= 16 ? numberInWords(n) : shown(n));
  const reading = (d: DecimalMark) => (VALID[d].test(raw) ? say(plain(raw, d)) : null);
  const asPoint = reading('point');
  const asComma = reading('comma');
  const declare = "declare the file's number format";
  if (!asPoint && !asComma) {
    const how = f.decimal ? EXAMPLE[f.decimal] : 'e.g. 1250.5';
    return `${text} is not a number: write digits with one decimal mark and no spaces, thousands (if marked) in groups of three, ${how}.`;
  }
  if (f.declared) {
    const alt = f.decimal === 'point' ? asComma : asPoint;
    return `${text} is not a number with a ${MARK_WORD[f.decimal]}, the format chosen for this file; with a ${MARK_WORD[other(f.decimal)]} it would be ${alt}: check the number format.`;
  }
  if (asPoint && asComma) return `${text} could be ${asPoint} or ${asComma}: ${declare}.`;
  const only: DecimalMark = asPoint ? 'point' : 'comma';
  const value = asPoint ?? asComma;
  if (f.decimal === null) return `${text} cannot be read until the number format is declared: ${f.basis}.`;
  if (f.decimal === only) return `${text} is ${value} with a ${MARK_WORD[only]}, and not a number with a ${MARK_WORD[other(only)]}: ${declare}.`;
  return `${text} is not a number with a ${MARK_WORD[f.decimal]} (${f.basis}); with a ${MARK_WORD[only]} it is ${value}: ${declare}.`;
}

/** The number format as the preview and the command line state it. */
export function describeNumberFormat(f: NumberFormat): string {
  if (f.declared) return `${DECIMAL_LABELS[f.decimal]}, as declared`;
  const refused = 'numbers such as 1,250 or 1.250, which read differently in the two formats, are refused until the format is declared';
  if (f.decimal === null) return `not detected: ${f.basis}; numbers with a decimal mark are refused until the format is declared`;
  return `${DECIMAL_LABELS[f.decimal]}, ${f.basis}; ${refused}`;
}

/** A plain decimal written in convention `d`, thousands grouped when `grouping` ("12500.5" -> "12.500,5"). */
export function writeNumber(plainText: string, d: DecimalMark, grouping = false): string {
  const m = /^([-+]?)(\d+)(?:\.(\d+))?$/.exec(plainText);
  if (!m) return plainText;
  const [, sign = '', whole = '', fraction] = m;
  const groupMark = d === 'point' ? ',' : '.';
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+$)/g, groupMark) : whole;
  return `${sign}${grouped}${fraction === undefined ? '' : `${d === 'point' ? '.' : ','}${fraction}`}`;
}
