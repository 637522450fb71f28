/**
 * Signal settings: defaults, allowed ranges and where each default comes from
 * (docs/clinical/signals.md, "Settings"). The study defines none of these numbers: its
 * abstract gives no assay, cut-off, interval or window, so every default is a local
 * default of this product and says so. Every message says what is allowed so an admin
 * form can show it as is.
 */
import { DRUG_CATALOG } from '../medications';
import { DEFAULT_DRUG_COVERAGE_DAYS } from '../treatment-coverage';
import type { NumericSignalSettings, SignalSettings } from './types';

export const DEFAULT_SIGNAL_SETTINGS: Readonly<SignalSettings> = Object.freeze({
  decliningMinResults: 3,
  declineFromPeakFraction: 0.5,
  normalizationMinNegatives: 2,
  normalizationMinSpanDays: 90,
  taperTiterMaxAgeMonths: 12,
  enzymeWindowMonths: 6,
  mmtWindowMonths: 6,
  mmtFraction: 0.95,
  discordanceWindowDays: 90,
  reriseFactor: 2,
  reriseDilutionSteps: 2,
  overdueIntervalMonths: 12,
  treatmentGapDays: 30,
  drugCoverageDays: DEFAULT_DRUG_COVERAGE_DAYS,
});

interface SettingRange {
  label: string;
  min: number;
  max: number;
  integer: boolean;
  unit?: string;
  /** Why the default is what it is, in one line a clinician can read. */
  basis: string;
}

const LOCAL = 'Local default of this product; the study does not define it.';

/** Allowed range of each numeric setting (inclusive). Exported so forms can show the limits. */
export const SIGNAL_SETTING_RANGES: Readonly<Record<keyof NumericSignalSettings, SettingRange>> = {
  decliningMinResults: { label: 'Declining: results looked at', min: 2, max: 10, integer: true, basis: LOCAL },
  declineFromPeakFraction: { label: 'Declining: fall from peak', min: 0.1, max: 0.95, integer: false, basis: LOCAL },
  normalizationMinNegatives: { label: 'Sustained normalization: negative results', min: 2, max: 10, integer: true, basis: LOCAL },
  normalizationMinSpanDays: { label: 'Sustained normalization: span', min: 0, max: 1825, integer: true, unit: 'days', basis: LOCAL },
  taperTiterMaxAgeMonths: { label: 'Tapering signal: latest negative titer at most', min: 1, max: 36, integer: true, unit: 'months', basis: LOCAL },
  enzymeWindowMonths: { label: 'Quiescence: muscle enzymes measured within', min: 1, max: 24, integer: true, unit: 'months', basis: LOCAL },
  mmtWindowMonths: { label: 'Quiescence: complete MMT-8 within', min: 1, max: 24, integer: true, unit: 'months', basis: LOCAL },
  mmtFraction: { label: 'Near-full strength (fraction of MMT-8 maximum)', min: 0.5, max: 1, integer: false, basis: LOCAL },
  discordanceWindowDays: { label: 'Discordance: CK and MMT-8 within, of the titer', min: 1, max: 365, integer: true, unit: 'days', basis: LOCAL },
  reriseFactor: { label: 'Re-rise factor over the nadir', min: 1.1, max: 20, integer: false, basis: 'Local default; a doubling is the smallest rise a re-rise report names (anti-MDA5 evidence, not anti-Mi2).' },
  reriseDilutionSteps: { label: 'Re-rise of a dilution titer: doubling dilutions', min: 1, max: 6, integer: true, basis: 'Local default; one dilution step is ordinary run-to-run variation.' },
  overdueIntervalMonths: { label: 'Titer overdue after', min: 1, max: 60, integer: true, unit: 'months', basis: LOCAL },
  treatmentGapDays: { label: 'Treatment gaps shorter than this are continuous', min: 0, max: 180, integer: true, unit: 'days', basis: LOCAL },
};

/** Drugs whose coverage is a setting: the pulse therapies of the catalog. */
export const COVERAGE_DRUGS = DRUG_CATALOG.filter((d) => d.pulseCoverageDays !== undefined).map((d) => ({ key: d.key, label: d.label }));
export const COVERAGE_RANGE = { min: 1, max: 400 } as const;

export interface SettingsIssue {
  /** A numeric setting, or `coverage.<drug key>`. */
  field: string;
  message: string;
}

export type SettingsValidation = { ok: true; settings: SignalSettings } | { ok: false; issues: SettingsIssue[] };

export function numericSettingKeys(): (keyof NumericSignalSettings)[] {
  return Object.keys(SIGNAL_SETTING_RANGES) as (keyof NumericSignalSettings)[];
}

function describeRange(range: SettingRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  const unit = range.unit ? ` ${range.unit}` : '';
  return `${range.label} must be ${kind} from ${range.min} to ${range.max}${unit}.`;
}

function validNumber(value: unknown, range: { min: number; max: number }, integer: boolean): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max && (!integer || Number.isInteger(value));
}

/**
 * Checks a candidate settings object (e.g. parsed from a form or the database).
 * Missing numeric fields are reported, not filled in: the caller decides whether to
 * merge with DEFAULT_SIGNAL_SETTINGS first. Coverage: every pulse drug, whole days.
 */
export function validateSignalSettings(candidate: Partial<Record<string, unknown>>): SettingsValidation {
  const issues: SettingsIssue[] = [];
  const out: Partial<NumericSignalSettings> = {};
  for (const field of numericSettingKeys()) {
    const range = SIGNAL_SETTING_RANGES[field];
    const value = candidate[field];
    if (validNumber(value, range, range.integer)) out[field] = value;
    else issues.push({ field, message: describeRange(range) });
  }
  const given = (candidate.drugCoverageDays ?? {}) as Record<string, unknown>;
  const coverage: Record<string, number> = {};
  for (const drug of COVERAGE_DRUGS) {
    const value = typeof given === 'object' && given !== null && Object.hasOwn(given, drug.key) ? given[drug.key] : DEFAULT_DRUG_COVERAGE_DAYS[drug.key];
    if (validNumber(value, COVERAGE_RANGE, true)) coverage[drug.key] = value;
    else issues.push({ field: `coverage.${drug.key}`, message: `${drug.label}: days one dose covers must be a whole number from ${COVERAGE_RANGE.min} to ${COVERAGE_RANGE.max}.` });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, settings: { ...(out as NumericSignalSettings), drugCoverageDays: Object.freeze(coverage) } };
}

const DAYS_PER_MONTH = 30.44;

/**
 * Settings stored before the thresholds moved to calendar months and today-relative
 * windows: kept, not lost. A day count becomes the nearest whole number of months; the
 * old CK window around the titer becomes the discordance window it still measures.
 */
export function upgradeStoredSettings(stored: Record<string, unknown>): Record<string, unknown> {
  const out = { ...stored };
  const months = (days: unknown) => (typeof days === 'number' ? Math.max(1, Math.round(days / DAYS_PER_MONTH)) : days);
  if ('overdueIntervalDays' in out && !('overdueIntervalMonths' in out)) out.overdueIntervalMonths = months(out.overdueIntervalDays);
  if ('mmtWindowDays' in out && !('mmtWindowMonths' in out)) out.mmtWindowMonths = months(out.mmtWindowDays);
  if ('ckWindowDays' in out && !('discordanceWindowDays' in out)) out.discordanceWindowDays = out.ckWindowDays;
  delete out.overdueIntervalDays;
  delete out.mmtWindowDays;
  delete out.ckWindowDays;
  return out;
}
