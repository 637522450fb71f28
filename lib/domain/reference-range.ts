/**
 * Which reference range an enzyme result is read against when the report gives none.
 * docs/clinical/enzymes.md: store the lab's range with each result; a site default per
 * sex is only a fallback. Before it, this patient's own latest range for the enzyme:
 * a patient whose CK has always come from a lab with 39-308 U/L is not read against
 * the site's 395 U/L (issue 17, item 4: 372 U/L was flagged normal and fed quiescence).
 * Pure.
 */
import { DEFAULT_REFERENCE_LIMITS, defaultReferenceLimits, ENZYME, whoseLimits, type SexLimits } from './enzymes';
import { ENZYME_ANALYTES, type EnzymeAnalyte, type Sex } from './types';

/** Where a stored result's range came from (enzyme_results.range_source). */
export const RANGE_SOURCES = ['lab', 'patient', 'site-default'] as const;
export type RangeSource = (typeof RANGE_SOURCES)[number];

/** A stored result of this patient, as far as its range goes. */
export interface RangeHistoryRow {
  id: number;
  analyte: EnzymeAnalyte;
  collectedOn: string;
  lowerLimitUL: number | null;
  upperLimitUL: number;
  rangeSource: RangeSource;
  enteredInError: boolean;
}

/** A lab range this patient had, with the result it came with. */
export interface PatientRange {
  collectedOn: string;
  lowerUL: number | null;
  upperUL: number;
}

/**
 * The range an empty entry will take, and why: the entry form's `rangeDefaults`
 * (lib/dal/patient-page.ts), one per enzyme, plain data for a client component.
 */
export interface RangeDefault {
  lowerUL: number | null;
  upperUL: number;
  source: Exclude<RangeSource, 'lab'>;
  /** The collection date of the result the range comes from (source 'patient'), else null. */
  from: string | null;
  /** For a site default: whose limits (women's or men's). */
  limitsOf: 'female' | 'male' | null;
  /** The patient's sex is other or unknown: the site default is the lower of the two limits. */
  sexUnknown: boolean;
}

export type RangeDefaults = Record<EnzymeAnalyte, RangeDefault>;

/** The range a result is stored with. */
export interface ResolvedRange {
  lowerUL: number | null;
  upperUL: number;
  source: RangeSource;
}

/**
 * The latest valid result of this analyte whose range came from its lab (by date,
 * then id): a range that was itself a fallback is never passed on as the patient's.
 */
export function latestLabRange(rows: readonly RangeHistoryRow[], analyte: EnzymeAnalyte): PatientRange | null {
  let best: RangeHistoryRow | null = null;
  for (const r of rows) {
    if (r.analyte !== analyte || r.enteredInError || r.rangeSource !== 'lab') continue;
    if (!best || r.collectedOn > best.collectedOn || (r.collectedOn === best.collectedOn && r.id > best.id)) best = r;
  }
  return best ? { collectedOn: best.collectedOn, lowerUL: best.lowerLimitUL, upperUL: best.upperLimitUL } : null;
}

/**
 * The range of a new or corrected result, in U/L. An upper limit typed from the
 * report is the lab's range (a lower limit alone is kept with the fallback's upper
 * limit). Left empty: this patient's latest lab range, else the site default for the
 * patient's sex (lib/domain/enzymes.ts defaultReferenceLimits).
 */
export function resolveReferenceRange(
  typedLowerUL: number | null,
  typedUpperUL: number | null,
  patientRange: PatientRange | null,
  analyte: EnzymeAnalyte,
  sex: Sex,
  overrides?: Partial<Record<EnzymeAnalyte, SexLimits>>,
): ResolvedRange {
  // One object per call: an import resolves the range of every row that leaves it empty.
  if (typedUpperUL !== null) return { lowerUL: typedLowerUL, upperUL: typedUpperUL, source: 'lab' };
  if (patientRange) return { lowerUL: typedLowerUL ?? patientRange.lowerUL, upperUL: patientRange.upperUL, source: 'patient' };
  const limits = overrides?.[analyte] ?? DEFAULT_REFERENCE_LIMITS[analyte];
  const site = limits[whoseLimits(limits, sex)];
  return { lowerUL: typedLowerUL ?? site.lowerUL, upperUL: site.upperUL, source: 'site-default' };
}

/** What an empty range will take for one analyte. */
export function rangeDefault(patientRange: PatientRange | null, analyte: EnzymeAnalyte, sex: Sex, overrides?: Partial<Record<EnzymeAnalyte, SexLimits>>): RangeDefault {
  const sexUnknown = sex !== 'female' && sex !== 'male';
  if (patientRange) return { lowerUL: patientRange.lowerUL, upperUL: patientRange.upperUL, source: 'patient', from: patientRange.collectedOn, limitsOf: null, sexUnknown };
  const d = defaultReferenceLimits(analyte, sex, overrides);
  return { lowerUL: d.lowerUL, upperUL: d.upperUL, source: 'site-default', from: null, limitsOf: d.limitsOf, sexUnknown };
}

/** What an empty range takes for every enzyme of this patient (the entry form's `rangeDefaults`). */
export function rangeDefaults(rows: readonly RangeHistoryRow[], sex: Sex): RangeDefaults {
  return Object.fromEntries(ENZYME_ANALYTES.map((a) => [a, rangeDefault(latestLabRange(rows, a), a, sex)])) as RangeDefaults;
}

const num = (n: number) => String(Number(n.toPrecision(6)));
const rangeText = (lower: number | null, upper: number) => (lower === null ? `up to ${num(upper)} U/L` : `${num(lower)}-${num(upper)} U/L`);

/**
 * The hint under the range fields: "Left empty, the range of this patient's CK on
 * 2026-03-02 (39-308 U/L) will be used" / "Left empty, the site default for women
 * (207 U/L) will be used".
 */
export function rangeHint(analyte: EnzymeAnalyte, d: RangeDefault): string {
  const label = ENZYME[analyte].shortLabel;
  if (d.source === 'patient') return `Left empty, the range of this patient's ${label} on ${d.from ?? '?'} (${rangeText(d.lowerUL, d.upperUL)}) will be used.`;
  const whose = d.limitsOf === 'female' ? 'women' : 'men';
  const limits = d.lowerUL === null ? `${num(d.upperUL)} U/L` : rangeText(d.lowerUL, d.upperUL);
  const why = d.sexUnknown ? `; the lower of the women's and men's, as the patient's sex is not recorded as female or male` : '';
  return `Left empty, the site default ${label} range for ${whose} (${limits}${why}) will be used.`;
}

/** The muted note beside a stored range that is not the lab's (results tables). */
export const RANGE_SOURCE_NOTES: Readonly<Record<RangeSource, string | null>> = {
  lab: null,
  patient: "this patient's earlier range",
  'site-default': 'site default',
};
