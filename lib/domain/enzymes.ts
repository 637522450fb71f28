/**
 * Muscle enzymes: units, reference limits, flags.
 * Source: docs/clinical/enzymes.md ("Muscle enzymes"); IMACS counts CK, aldolase,
 * LDH, ALT and AST as muscle enzymes, CK is the one correlated with anti-Mi2 titers.
 */
import type { EnzymeAnalyte, EnzymeResult, EnzymeUnit, Sex } from './types';

export interface EnzymeInfo {
  label: string;
  shortLabel: string;
  /**
   * LOINC code of "[Enzymatic activity/volume] in Serum or Plasma", from public code
   * tables. docs/clinical/assays.md marks LOINC codes "(verify)": show them as
   * unverified until confirmed at loinc.org.
   */
  loinc: string;
  loincVerified: false;
  /**
   * Data-entry sanity bound in U/L: a larger value is almost surely a typo (unit
   * or digit). Not a clinical limit; rhabdomyolysis CK can exceed 100 000 U/L.
   */
  maxPlausibleUL: number;
  /**
   * Entry asks for confirmation above this (U/L): possible (rhabdomyolysis, acute
   * liver injury) but rare enough that a slip of a digit is likelier. Never refused.
   */
  confirmAboveUL: number;
  /**
   * A result typed in ukat/L whose U/L equivalent is above this asks for confirmation:
   * the number is more likely a U/L value with the wrong unit chosen (410 ukat/L =
   * 24,600 U/L, where 410 U/L is an everyday CK). About 15-25 times the adult ULN.
   */
  ukatConfirmAboveUL: number;
}

/** Enzyme metadata. CK LOINC 2157-6 per docs/clinical/assays.md. */
export const ENZYME: Readonly<Record<EnzymeAnalyte, EnzymeInfo>> = {
  ck: { label: 'Creatine kinase', shortLabel: 'CK', loinc: '2157-6', loincVerified: false, maxPlausibleUL: 500_000, confirmAboveUL: 50_000, ukatConfirmAboveUL: 5_000 },
  aldolase: { label: 'Aldolase', shortLabel: 'Aldolase', loinc: '1761-6', loincVerified: false, maxPlausibleUL: 5_000, confirmAboveUL: 200, ukatConfirmAboveUL: 150 },
  ldh: { label: 'Lactate dehydrogenase', shortLabel: 'LDH', loinc: '2532-0', loincVerified: false, maxPlausibleUL: 100_000, confirmAboveUL: 5_000, ukatConfirmAboveUL: 4_000 },
  alt: { label: 'Alanine aminotransferase', shortLabel: 'ALT', loinc: '1742-6', loincVerified: false, maxPlausibleUL: 50_000, confirmAboveUL: 5_000, ukatConfirmAboveUL: 1_000 },
  ast: { label: 'Aspartate aminotransferase', shortLabel: 'AST', loinc: '1920-8', loincVerified: false, maxPlausibleUL: 50_000, confirmAboveUL: 5_000, ukatConfirmAboveUL: 1_000 },
};

/** 1 ukat/L = 60 U/L (docs/clinical/enzymes.md). */
export const UL_PER_UKAT_L = 60;

/**
 * Enzyme units as labs write them, normalized to the two the product stores
 * (docs/clinical/enzymes.md: U/L = IU/L; 1 ukat/L = 60 U/L). Micro sign (U+00B5) and
 * Greek mu (U+03BC) both mean micro; UCUM writes international units [IU]. Every
 * entry path reads units with this one function (lib/validation/text-rules.ts).
 */
export function normalizeEnzymeUnit(raw: string): EnzymeUnit | null {
  if (raw === 'U/L' || raw === 'IU/L') return 'U/L';
  if (raw === 'ukat/L') return 'ukat/L';
  const u = raw.replace(/\s+/g, '').replace(/[\u00b5\u03bc]/g, 'u').toLowerCase();
  if (u === 'u/l' || u === 'iu/l' || u === '[iu]/l') return 'U/L';
  if (u === 'ukat/l') return 'ukat/L';
  return null;
}

export const ENZYME_UNIT_HELP = 'U/L (also written IU/L) or µkat/L (also written ukat/L; 1 µkat/L = 60 U/L)';

/** What every entry path says about a missing or unknown enzyme unit. */
export function enzymeUnitMessage(raw: string): string {
  return raw === '' ? `Unit is required: ${ENZYME_UNIT_HELP}.` : `Unit "${raw.slice(0, 20)}" is not one Titerline converts: use ${ENZYME_UNIT_HELP}.`;
}

/** What every entry path says about a censored enzyme value (<, >): stored enzymes are exact numbers. */
export const CENSORED_ENZYME_MESSAGE = 'Value: muscle enzymes are stored as exact numbers; a censored result (< or >) cannot be stored. Enter the number the lab reports.';

/**
 * Converts a reported enzyme activity to U/L (docs/clinical/enzymes.md:
 * 1 ukat/L = 60 U/L). Rounded to 12 significant digits to drop floating-point
 * noise (1.1 ukat/L -> 66 U/L, not 66.00000000000001).
 */
export function toUL(value: number, unit: EnzymeUnit): number {
  if (unit === 'U/L') return value;
  return Number((value * UL_PER_UKAT_L).toPrecision(12));
}

/**
 * Value as a multiple of the upper limit of normal ("x ULN"). Null when the ULN is
 * missing, not finite or <= 0 (never divides by zero). docs/clinical/enzymes.md.
 */
export function xUln(valueUL: number, uln: number | null): number | null {
  if (uln === null || !Number.isFinite(uln) || uln <= 0 || !Number.isFinite(valueUL)) return null;
  return valueUL / uln;
}

export type EnzymeFlag = 'high' | 'low' | 'normal';

/**
 * Flags a value against its reference limits: above the upper limit is high, below
 * the lower limit (when there is one) is low; a value exactly at a limit is normal
 * (matches "CK <= its ULN" in docs/clinical/signals.md).
 */
/**
 * Of two results of one day, whether `a` is the more abnormal: the higher multiple of its
 * own upper limit (only multiples compare labs with different ranges), then the higher
 * value. How the signals, the score, the correlation strip and the worklist read a day
 * with two results (docs/clinical/signals.md section 2); never the first entered.
 */
export function moreAbnormal(a: Pick<EnzymeResult, 'valueUL' | 'upperLimitUL'>, b: Pick<EnzymeResult, 'valueUL' | 'upperLimitUL'>): boolean {
  const ra = a.valueUL / a.upperLimitUL;
  const rb = b.valueUL / b.upperLimitUL;
  return ra > rb || (ra === rb && a.valueUL > b.valueUL);
}

export function enzymeFlag(valueUL: number, lower: number | null, upper: number): EnzymeFlag {
  if (valueUL > upper) return 'high';
  if (lower !== null && valueUL < lower) return 'low';
  return 'normal';
}

export interface ReferenceLimits {
  lowerUL: number | null;
  upperUL: number;
}

export type SexLimits = Readonly<Record<'female' | 'male', ReferenceLimits>>;

/**
 * Site default reference limits in U/L, a FALLBACK only: docs/clinical/enzymes.md
 * says to store the lab's range with each result. These are site-configurable
 * (see {@link defaultReferenceLimits} `overrides`).
 *
 * - CK: women 207 U/L, men 395 U/L (Tromso study, upper end of the 340-395 range
 *   for men; docs/clinical/enzymes.md).
 * - Aldolase, LDH, ALT, AST: typical adult upper limits of common IFCC 37 degC
 *   methods (aldolase 7.6; LDH 214/225; ALT 33/41; AST 32/40 women/men). They are
 *   plausible defaults, not sourced from docs/clinical/README.md; a site must set its own.
 *
 * No lower limits: a low enzyme is not a marker of myositis activity, so the
 * fallback never flags "low" (a lab-reported lower limit still does).
 */
export const DEFAULT_REFERENCE_LIMITS: Readonly<Record<EnzymeAnalyte, SexLimits>> = {
  ck: { female: { lowerUL: null, upperUL: 207 }, male: { lowerUL: null, upperUL: 395 } },
  aldolase: { female: { lowerUL: null, upperUL: 7.6 }, male: { lowerUL: null, upperUL: 7.6 } },
  ldh: { female: { lowerUL: null, upperUL: 214 }, male: { lowerUL: null, upperUL: 225 } },
  alt: { female: { lowerUL: null, upperUL: 33 }, male: { lowerUL: null, upperUL: 41 } },
  ast: { female: { lowerUL: null, upperUL: 32 }, male: { lowerUL: null, upperUL: 40 } },
};

export interface DefaultLimits extends ReferenceLimits {
  source: 'site-default';
  /** The sex whose limits were used; for other/unknown, the one with the lower ULN. */
  limitsOf: 'female' | 'male';
}

/**
 * Fallback reference limits for a patient when the lab gave none
 * (docs/clinical/enzymes.md: "a site default per sex is only a fallback").
 *
 * For sex `other` or `unknown` the LOWER of the two upper limits is used: a value the
 * fallback calls normal is normal whatever the patient's sex, so clinical quiescence
 * and the tapering signal (docs/clinical/signals.md section 5) never rest on a guessed
 * sex (hazard log H3). The price is that a value between the female and male limits
 * may show as high (at worst an informational discordance); the result is marked
 * `source: 'site-default'` so the UI can say the range is a fallback. The site
 * defaults themselves are constants of this file (`overrides` is for tests and a
 * future site setting).
 */
export function defaultReferenceLimits(
  analyte: EnzymeAnalyte,
  sex: Sex,
  overrides: Partial<Record<EnzymeAnalyte, SexLimits>> = {},
): DefaultLimits {
  const limits = overrides[analyte] ?? DEFAULT_REFERENCE_LIMITS[analyte];
  const limitsOf = whoseLimits(limits, sex);
  return { ...limits[limitsOf], source: 'site-default', limitsOf };
}

/** Whose site limits apply: the patient's sex, else the sex with the lower upper limit (see defaultReferenceLimits). */
export function whoseLimits(limits: SexLimits, sex: Sex): 'female' | 'male' {
  if (sex === 'female' || sex === 'male') return sex;
  return limits.female.upperUL <= limits.male.upperUL ? 'female' : 'male';
}

/**
 * Validates a reported enzyme value (docs/clinical/enzymes.md): finite, >= 0, and
 * at most the analyte's plausible maximum once converted to U/L. Returns messages.
 */
export function validateEnzymeValue(analyte: EnzymeAnalyte, value: number, unit: EnzymeUnit): string[] {
  const info = ENZYME[analyte];
  if (!Number.isFinite(value)) return [`${info.shortLabel} must be a number.`];
  if (value < 0) return [`${info.shortLabel} cannot be negative.`];
  const ul = toUL(value, unit);
  if (ul > info.maxPlausibleUL) {
    return [`${info.shortLabel} ${value} ${unit} is above the plausible maximum of ${info.maxPlausibleUL} U/L; check the value and unit.`];
  }
  return [];
}

/**
 * Validates a lab reference range in U/L (docs/clinical/enzymes.md: the lab's range
 * is stored with each result): upper limit finite and > 0; lower limit, if given,
 * finite, >= 0 and below the upper limit. Returns messages.
 */
export function validateReferenceLimits(lowerUL: number | null, upperUL: number): string[] {
  const messages: string[] = [];
  if (!Number.isFinite(upperUL) || upperUL <= 0) messages.push('Upper limit must be a number greater than 0.');
  if (lowerUL !== null) {
    if (!Number.isFinite(lowerUL) || lowerUL < 0) messages.push('Lower limit must be a number of at least 0.');
    else if (Number.isFinite(upperUL) && lowerUL >= upperUL) messages.push('Lower limit must be below the upper limit.');
  }
  return messages;
}
