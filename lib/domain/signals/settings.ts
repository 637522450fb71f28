/**
 * Signal settings: defaults from docs/domain.md section 7 and validation.
 * Every message says what is allowed so an admin form can show it as is.
 */
import type { SignalSettings } from './types';

export const DEFAULT_SIGNAL_SETTINGS: Readonly<SignalSettings> = Object.freeze({
  decliningMinResults: 3,
  declineFromPeakFraction: 0.5,
  normalizationMinNegatives: 2,
  normalizationMinSpanDays: 90,
  ckWindowDays: 90,
  mmtWindowDays: 180,
  mmtFraction: 0.95,
  reriseFactor: 2,
  overdueIntervalDays: 365,
});

interface SettingRange {
  label: string;
  min: number;
  max: number;
  integer: boolean;
  unit?: string;
}

/** Allowed range of each setting (inclusive). Exported so forms can show the limits. */
export const SIGNAL_SETTING_RANGES: Readonly<Record<keyof SignalSettings, SettingRange>> = {
  decliningMinResults: { label: 'Declining: results looked at', min: 2, max: 10, integer: true },
  declineFromPeakFraction: { label: 'Declining: fall from peak', min: 0.1, max: 0.95, integer: false },
  normalizationMinNegatives: { label: 'Sustained normalization: negative results', min: 2, max: 10, integer: true },
  normalizationMinSpanDays: { label: 'Sustained normalization: span', min: 0, max: 1825, integer: true, unit: 'days' },
  ckWindowDays: { label: 'CK window around the latest titer', min: 1, max: 365, integer: true, unit: 'days' },
  mmtWindowDays: { label: 'MMT-8 window before the as-of date', min: 1, max: 730, integer: true, unit: 'days' },
  mmtFraction: { label: 'Near-full strength (fraction of MMT-8 maximum)', min: 0.5, max: 1, integer: false },
  reriseFactor: { label: 'Re-rise factor over the nadir', min: 1.1, max: 20, integer: false },
  overdueIntervalDays: { label: 'Titer overdue after', min: 30, max: 1825, integer: true, unit: 'days' },
};

export interface SettingsIssue {
  field: keyof SignalSettings;
  message: string;
}

export type SettingsValidation =
  | { ok: true; settings: SignalSettings }
  | { ok: false; issues: SettingsIssue[] };

function settingKeys(): (keyof SignalSettings)[] {
  return Object.keys(SIGNAL_SETTING_RANGES) as (keyof SignalSettings)[];
}

function describeRange(range: SettingRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  const unit = range.unit ? ` ${range.unit}` : '';
  return `${range.label} must be ${kind} from ${range.min} to ${range.max}${unit}.`;
}

/**
 * Checks a candidate settings object (e.g. parsed from a form or the database).
 * Missing fields are reported, not filled in: the caller decides whether to merge
 * with DEFAULT_SIGNAL_SETTINGS first.
 */
export function validateSignalSettings(candidate: Partial<Record<keyof SignalSettings, unknown>>): SettingsValidation {
  const issues: SettingsIssue[] = [];
  const out: Partial<SignalSettings> = {};
  for (const field of settingKeys()) {
    const range = SIGNAL_SETTING_RANGES[field];
    const value = candidate[field];
    const valid =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= range.min &&
      value <= range.max &&
      (!range.integer || Number.isInteger(value));
    if (valid) out[field] = value;
    else issues.push({ field, message: describeRange(range) });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, settings: out as SignalSettings };
}
