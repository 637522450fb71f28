/**
 * Human description of every signal rule, generated from the settings so the
 * "How signals work" page and the engine cannot drift apart.
 */
import { ANTI_MDA5_RERISE_2017, ASSAY_AGREEMENT, PINAL_FERNANDEZ_2019 } from './evidence';
import { num } from './format';
import { SIGNAL_LEVEL } from './levels';
import { SIGNAL_CODES, type SignalCode, type SignalEvidence, type SignalLevel, type SignalSettings } from './types';

export interface SignalRuleDescription {
  code: SignalCode;
  title: string;
  level: SignalLevel;
  description: string;
  evidence: SignalEvidence;
}

/** Short human titles of the signals (also used by the UI). */
export const SIGNAL_TITLES: Readonly<Record<SignalCode, string>> = {
  'titer-declining': 'Titer declining',
  'titer-normalized': 'Titer normalized',
  'normalization-sustained': 'Normalization sustained',
  'clinical-quiescence': 'Clinical quiescence',
  'taper-discussion': 'Possible signal to discuss tapering',
  'titer-rerise': 'Titer re-rise',
  discordance: 'Titer and muscle disagree',
  'assay-change': 'Assay changed',
  'titer-overdue': 'Titer overdue',
};

const EVIDENCE: Readonly<Record<SignalCode, SignalEvidence>> = {
  'titer-declining': PINAL_FERNANDEZ_2019,
  'titer-normalized': PINAL_FERNANDEZ_2019,
  'normalization-sustained': PINAL_FERNANDEZ_2019,
  'clinical-quiescence': PINAL_FERNANDEZ_2019,
  'taper-discussion': PINAL_FERNANDEZ_2019,
  'titer-rerise': ANTI_MDA5_RERISE_2017,
  discordance: PINAL_FERNANDEZ_2019,
  'assay-change': ASSAY_AGREEMENT,
  'titer-overdue': PINAL_FERNANDEZ_2019,
};

function pct(fraction: number): string {
  return `${num(fraction * 100, 1)}%`;
}

function describe(code: SignalCode, s: SignalSettings): string {
  const mmt80 = Math.ceil(s.mmtFraction * 80 - 1e-9);
  const mmt150 = Math.ceil(s.mmtFraction * 150 - 1e-9);
  switch (code) {
    case 'titer-declining':
      return (
        `Per analyte, within the current assay: the last ${s.decliningMinResults} results each fall below the one before, ` +
        `or the log-linear trend of all results in that assay falls and the latest is at least ` +
        `${pct(s.declineFromPeakFraction)} below the peak. Levels are compared as multiples of the cut-off.`
      );
    case 'titer-normalized':
      return 'Per analyte: the latest result is negative and an earlier result of that analyte was positive or strong. Borderline is not negative.';
    case 'normalization-sustained':
      return (
        `Per analyte: the latest ${s.normalizationMinNegatives} or more results in a row are negative, spanning at least ` +
        `${s.normalizationMinSpanDays} days from the first to the last, after a positive or strong result.`
      );
    case 'clinical-quiescence':
      return (
        `The latest CK is at or below its upper limit of normal and was measured within ${s.ckWindowDays} days of the latest titer, ` +
        `and the latest complete MMT-8 (within ${s.mmtWindowDays} days) is at least ${pct(s.mmtFraction)} of its maximum ` +
        `(${mmt80}/80 or ${mmt150}/150). Partial exams do not count.`
      );
    case 'taper-discussion':
      return (
        'Normalization sustained for an analyte, clinical quiescence, and at least one immunosuppressant epoch active on the day the signals are computed ' +
        '(hydroxychloroquine does not count). A possible signal to discuss tapering - not a recommendation.'
      );
    case 'titer-rerise':
      return (
        `Per analyte: in the same assay, a result above the cut-off at least ${num(s.reriseFactor)} times the lowest earlier level ` +
        '(the factor does not apply across a change of assay); or, in any assay, a positive result after a negative one (seroreversion).'
      );
    case 'discordance':
      return (
        `Within ${s.ckWindowDays} days of the latest titer: every analyte negative while CK is above its upper limit or the ` +
        `complete MMT-8 is below ${pct(s.mmtFraction)}; or a strong positive titer with normal CK and MMT-8 at or above ${pct(s.mmtFraction)}.`
      );
    case 'assay-change':
      return 'Per analyte: two consecutive results come from different assays, so levels on either side are not directly comparable.';
    case 'titer-overdue':
      return `A patient with a positive or strong anti-Mi2 result (or a recorded positive history) has had no titer for more than ${s.overdueIntervalDays} days.`;
  }
}

/** One description per signal code, in the order of docs/domain.md section 7. */
export function describeRules(settings: SignalSettings): SignalRuleDescription[] {
  return SIGNAL_CODES.map((code) => ({
    code,
    title: SIGNAL_TITLES[code],
    level: SIGNAL_LEVEL[code],
    description: describe(code, settings),
    evidence: EVIDENCE[code],
  }));
}
