/**
 * Columns of a lab export that Titerline does not read (patient_name, order_no,
 * comment...) are ignored and named in the preview, so a lab's export imports as it
 * comes. Except one that looks like a column Titerline does read under another name:
 * a misspelt "reference_hihg", "units", "ref_range", "operator". Ignored, it would
 * leave each result without its reference limit, unit or comparator, and the row would
 * be stored with the site's default limits or as an exact value, without a word; so
 * the file is refused with the name to use (docs/decisions/0018-number-formats.md). Pure.
 */
import type { LabColumn } from './lab-columns';

/** What each column read only under its own name holds, for the message. */
const HOLDS: Partial<Record<LabColumn, string>> = {
  reference_high: 'a reference limit, range or cut-off',
  reference_low: 'a reference limit or range',
  unit: 'the unit',
  comparator: 'a comparator (< or >)',
  qualitative: 'the reported category',
  assay: 'the assay',
};

/**
 * Words of a column name (split at non-letters and at camelCase: "RefLow" -> ref, low)
 * that say what it holds. Whole words or word beginnings, so that "referring_physician"
 * or "community" stay ignorable.
 */
const WORDS: readonly [LabColumn, RegExp][] = [
  ['reference_low', /^(low|lower|lln|lo|min|reflow|lowerlimit)$/],
  ['reference_high', /^(ref|refs|reference|references|high|upper|uln|hi|max|normal|cut|cutoff|limit|limits|range|refrange|refhigh|upperlimit|normalrange)$/],
  ['unit', /^(uom|unit|units|unitofmeasure)$/],
  ['comparator', /^(sign|operator|modifier)$|^compar|^censor/],
  ['qualitative', /^qualit|^categor/],
  ['assay', /^(method|kit)$|^assay/],
];

/** Levenshtein distance, enough for header names of a few dozen characters. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The column Titerline reads that an unknown header name `name` looks like: the same
 * letters in another spelling ("Reference High", "collected-on"), a near miss (one
 * letter off for short names, two for long ones), or a word that says it holds a
 * limit, unit, comparator, category or assay. Null for a column to ignore.
 */
export function lookalikeColumn(name: string, known: readonly LabColumn[]): LabColumn | null {
  const letters = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!letters) return null;
  for (const c of known) {
    const target = c.replace(/_/g, '');
    if (distance(letters.slice(0, 40), target) <= (target.length <= 5 ? 1 : 2)) return c;
  }
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (const [column, pattern] of WORDS) if (words.some((w) => pattern.test(w))) return column;
  return null;
}

/** The header problem for a look-alike column. */
export function lookalikeProblem(name: string, column: LabColumn): string {
  const holds = HOLDS[column];
  if (!holds) return `column "${name}" looks like ${column}: name it exactly ${column}, or remove it`;
  const where = column.startsWith('reference_') ? 'columns named reference_low and reference_high (one number each)' : `a column named ${column}`;
  return `column "${name}" may hold ${holds}, which is read only from ${where}: rename it, or remove it`;
}
