/**
 * Classification of one anti-Mi2 result against the limits of its own assay.
 * Source: docs/clinical/assays.md ("Antibody results are assay-specific").
 * No cut-off is ever hard-coded here: limits always come with the result.
 */
import type { AntibodyClass, AntibodyResult, AssayLimits, Comparator } from './types';
import { multipleText } from './numbers';
import { ANTIBODY_CLASS_LABELS } from './vocabulary';

/** The fields of a result that classification needs. */
export type ClassifiableResult = Pick<
  AntibodyResult,
  'value' | 'comparator' | 'qualitative' | 'cutoff' | 'positiveFrom' | 'strongAbove'
> & Pick<Partial<AntibodyResult>, 'cutoffDilutionPositive'>;

/** The fields of a result that display formatting needs. */
export type FormattableResult = Pick<AntibodyResult, 'value' | 'comparator' | 'qualitative' | 'unit'>;

/** UCUM-style unit used for dilution titers (docs/clinical/assays.md, "dilution titer"). */
export const TITER_UNIT = '{titer}';

/** Display labels of the classes: the vocabulary module holds every clinical label. */
export { ANTIBODY_CLASS_LABELS };

function usableCutoff(cutoff: number | null): cutoff is number {
  return cutoff !== null && Number.isFinite(cutoff) && cutoff > 0;
}

function finiteOrNull(n: number | null): number | null {
  return n !== null && Number.isFinite(n) ? n : null;
}

/**
 * Class of an exact (uncensored) value. `atCutoffPositive`: a dilution assay whose lab
 * reports the cut-off dilution as the first positive (docs/clinical/assays.md).
 */
function classOfValue(v: number, cutoff: number, positiveFrom: number | null, strongAbove: number | null, atCutoffPositive: boolean): AntibodyClass {
  if (v < cutoff || (v === cutoff && !atCutoffPositive)) return 'negative';
  if (positiveFrom !== null && v < positiveFrom) return 'borderline';
  if (strongAbove !== null && v > strongAbove) return 'strong';
  return 'positive';
}

/**
 * Classifies one result (docs/clinical/assays.md, "Classification of one result"):
 *
 * - exact value: `<= cutoff` negative; above the cut-off and below `positiveFrom`
 *   borderline; `>= positiveFrom` positive; `> strongAbove` strong. Without a
 *   `positiveFrom` anything above the cut-off is positive (no borderline zone);
 *   without a `strongAbove` there is no strong class.
 * - `<` value (true value below it): negative when it is at or under the cut-off.
 *   A `<` value above the cut-off could still be negative, so it is not classified
 *   from the number.
 * - `>` value (true value above it): the class of values just above it, i.e. a
 *   lower bound: `>` at or above `strongAbove` is strong, `>` at or above
 *   `positiveFrom` at least positive, `>` at or above the cut-off at least
 *   borderline. A `>` value below the cut-off is not classified from the number.
 * - no usable number (no value, or no cut-off > 0): the reported qualitative
 *   category is used. A number that cannot be classified also falls back to it.
 *
 * Returns null when the result cannot be classified at all (no usable number and
 * no qualitative category); callers must show such a result as "unclassified",
 * never as negative. Borderline is not negative.
 */
export function classifyAntibody(result: ClassifiableResult): AntibodyClass | null {
  const fromNumber = classifyNumber(result);
  return fromNumber ?? result.qualitative ?? null;
}

function classifyNumber(r: ClassifiableResult): AntibodyClass | null {
  const value = finiteOrNull(r.value);
  if (value === null || !usableCutoff(r.cutoff)) return null;
  const cutoff = r.cutoff;
  const positiveFrom = finiteOrNull(r.positiveFrom);
  const strongAbove = finiteOrNull(r.strongAbove);
  // "<80" is below 80 whether or not 1:80 itself counts as positive.
  if (r.comparator === '<') return value <= cutoff ? 'negative' : null;
  if (r.comparator === '>') {
    if (value < cutoff) return null;
    if (strongAbove !== null && value >= strongAbove) return 'strong';
    if (positiveFrom !== null && value < positiveFrom) return 'borderline';
    return 'positive';
  }
  return classOfValue(value, cutoff, positiveFrom, strongAbove, r.cutoffDilutionPositive === true);
}

/** The class from the number alone (null when it cannot be told: no number, no cut-off, or censored on the wrong side). */
export function numericClass(result: ClassifiableResult): AntibodyClass | null {
  return classifyNumber(result);
}

/** The classes from least to most abnormal: of agreeing results of one day, the highest is told. */
export const CLASS_RANK: Readonly<Record<AntibodyClass, number>> = { negative: 0, borderline: 1, positive: 2, strong: 3 };

/** Strong is a degree of positive: a lab that calls it "positive" agrees with "strong". */
export const BAND: Readonly<Record<AntibodyClass, 'negative' | 'borderline' | 'positive'>> = { negative: 'negative', borderline: 'borderline', positive: 'positive', strong: 'positive' };

/**
 * True when the lab's reported category and the class its number reads at the cut-off
 * in force disagree (value 12 with cut-off 5 reported "Negative"): issue 17, item 5.
 * The stored row keeps both; the number decides the class (classifyAntibody), and the
 * tables and the flowsheet mark the row "lab category differs from cut-off". Positive
 * and strong do not disagree; a number that cannot be classified (a "<" above the
 * cut-off) never disagrees.
 */
export function labCategoryDiffers(result: ClassifiableResult): boolean {
  if (result.qualitative === null) return false;
  const fromNumber = classifyNumber(result);
  return fromNumber !== null && BAND[fromNumber] !== BAND[result.qualitative];
}

/**
 * Normalised level "x cut-off" = value / cut-off, so 1.0 is the positivity
 * threshold (docs/clinical/assays.md). Returns null when the value or cut-off is
 * missing or not finite, or the cut-off is <= 0 (never divides by zero). Only
 * comparable within one assay.
 */
export function xCutoff(value: number | null, cutoff: number | null): number | null {
  if (value === null || !Number.isFinite(value) || !usableCutoff(cutoff)) return null;
  return value / cutoff;
}

/**
 * A level in x cut-off as every screen writes it: "2.4", and for a censored value
 * with its comparator, "<1" or ">20" (the true level is at or under, or at or over,
 * that bound; never an exact level the lab did not report). At most 2 decimals, more
 * when rounding would land on the cut-off itself (5.01 with cut-off 5 is "1.002", not
 * "1"). The caller adds the "×".
 */
export function levelText(level: number, comparator: Comparator): string {
  return `${comparator ?? ''}${multipleText(level)}`;
}

/**
 * True for every class except negative: borderline counts as abnormal because
 * "Borderline is not negative" (docs/clinical/assays.md).
 */
export function isAbnormal(cls: AntibodyClass): boolean {
  return cls !== 'negative';
}

/**
 * True for positive and strong (not borderline): the "positive or strong result"
 * of docs/clinical/signals.md (`titer-normalized`, `titer-overdue`).
 */
export function isPositiveClass(cls: AntibodyClass): boolean {
  return cls === 'positive' || cls === 'strong';
}

/**
 * Checks the limits of an assay (docs/clinical/assays.md: the cut-off and class
 * limits in force for a result): cut-off > 0, and cut-off <= positiveFrom <=
 * strongAbove (strongAbove >= cut-off when there is no positiveFrom). Class limits
 * need a cut-off. With `requireCutoff` (quantitative assays) a missing cut-off is
 * an error. Returns human-readable messages; empty when valid.
 */
export function validateAssayLimits(limits: AssayLimits, options: { requireCutoff?: boolean } = {}): string[] {
  const messages: string[] = [];
  const { cutoff, positiveFrom, strongAbove } = limits;
  const named: [string, number | null][] = [
    ['Cut-off', cutoff],
    ['Positive limit', positiveFrom],
    ['Strong-positive limit', strongAbove],
  ];
  for (const [name, n] of named) {
    if (n !== null && !Number.isFinite(n)) messages.push(`${name} must be a finite number.`);
  }
  if (messages.length > 0) return messages;

  if (cutoff === null) {
    if (options.requireCutoff) messages.push('A quantitative assay needs a cut-off.');
    if (positiveFrom !== null || strongAbove !== null) {
      messages.push('Class limits need a cut-off.');
    }
    return messages;
  }
  if (cutoff <= 0) messages.push('Cut-off must be greater than 0.');
  if (positiveFrom !== null && positiveFrom < cutoff) {
    messages.push('Positive limit must be at or above the cut-off.');
  }
  if (strongAbove !== null) {
    if (positiveFrom !== null && strongAbove < positiveFrom) {
      messages.push('Strong-positive limit must be at or above the positive limit.');
    } else if (strongAbove < cutoff) {
      messages.push('Strong-positive limit must be at or above the cut-off.');
    }
  }
  return messages;
}

/**
 * Checks an assay's measuring range (the highest value it reports, in its unit): above
 * the cut-off and at least the strong-positive limit, since a range that ends below
 * them could never report a positive or strong result. Results above it ask for
 * confirmation at entry (lib/domain/plausibility.ts). Returns messages.
 */
export function validateMeasuringRange(limits: AssayLimits, measuringMax: number | null): string[] {
  if (measuringMax === null) return [];
  if (!Number.isFinite(measuringMax) || measuringMax <= 0) return ['The measuring range must end at a number greater than 0.'];
  if (limits.cutoff !== null && measuringMax <= limits.cutoff) return [`The measuring range must end above the cut-off (${limits.cutoff}).`];
  const top = Math.max(limits.positiveFrom ?? 0, limits.strongAbove ?? 0);
  if (measuringMax < top) return [`The measuring range must reach the positive and strong-positive limits (${top}).`];
  return [];
}

function formatNumber(n: number): string {
  return String(Number.parseFloat(n.toFixed(3)));
}

/**
 * Display text of a result as reported (docs/clinical/assays.md table):
 * "<5 units", ">150 AU", "12 units", "1:160" for a dilution titer (unit
 * `{titer}`), or the qualitative label ("Positive", "Strong positive") when there
 * is no number. "—" when nothing was reported.
 */
export function formatAntibodyValue(result: FormattableResult): string {
  const { value, comparator, qualitative, unit } = result;
  if (value !== null && Number.isFinite(value)) {
    const prefix = comparator ?? '';
    if (unit === TITER_UNIT) return `${prefix}1:${formatNumber(value)}`;
    const u = unit.trim();
    return u === '' ? `${prefix}${formatNumber(value)}` : `${prefix}${formatNumber(value)} ${u}`;
  }
  if (qualitative !== null) return ANTIBODY_CLASS_LABELS[qualitative];
  return '—';
}
