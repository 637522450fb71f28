/**
 * Human description of every signal rule, generated from the settings so the
 * "How signals work" page and the engine cannot drift apart. Each description states
 * every condition the engine checks (docs/clinical/signals.md).
 */
import { ANTI_MDA5_RERISE_2017, ASSAY_AGREEMENT, LOCAL_DEFAULT, PINAL_FERNANDEZ_2019 } from './evidence';
import { num } from './format';
import { SIGNAL_LEVEL } from './levels';
import { SIGNAL_TITLES } from '../vocabulary';
import { SIGNAL_CODES, type SignalCode, type SignalEvidence, type SignalLevel, type SignalSettings } from './types';

export interface SignalRuleDescription {
  code: SignalCode;
  title: string;
  level: SignalLevel;
  description: string;
  evidence: SignalEvidence;
}

/** Short human titles of the signals: the vocabulary module holds every clinical label. */
export { SIGNAL_TITLES };

const EVIDENCE: Readonly<Record<SignalCode, SignalEvidence>> = {
  'titer-declining': PINAL_FERNANDEZ_2019,
  'titer-normalized': PINAL_FERNANDEZ_2019,
  'normalization-sustained': PINAL_FERNANDEZ_2019,
  'clinical-quiescence': PINAL_FERNANDEZ_2019,
  'taper-discussion': PINAL_FERNANDEZ_2019,
  'taper-withheld': PINAL_FERNANDEZ_2019,
  'titer-rerise': ANTI_MDA5_RERISE_2017,
  'same-day-conflict': ASSAY_AGREEMENT,
  discordance: PINAL_FERNANDEZ_2019,
  'assay-change': ASSAY_AGREEMENT,
  'titer-overdue': LOCAL_DEFAULT,
};

function pct(fraction: number): string {
  return `${num(fraction * 100, 1)}%`;
}

function months(n: number): string {
  return `${n} ${n === 1 ? 'month' : 'months'}`;
}

function quiescenceText(s: SignalSettings): string {
  const mmt80 = Math.ceil(s.mmtFraction * 80 - 1e-9);
  const mmt150 = Math.ceil(s.mmtFraction * 150 - 1e-9);
  return (
    `a CK in the last ${months(s.enzymeWindowMonths)}, and the latest result of every muscle enzyme measured in that time (CK, aldolase, LDH, ALT, AST) ` +
    `at or below its own upper limit; the latest complete MMT-8 of the last ${months(s.mmtWindowMonths)} at least ${pct(s.mmtFraction)} of its maximum ` +
    `(${mmt80}/80 or ${mmt150}/150), and no exam on or after it, partial ones included, that could total less (untested groups counted at full marks)`
  );
}

const DESCRIBE: Readonly<Record<SignalCode, (s: SignalSettings) => string>> = {
  'titer-declining': (s) =>
    `Per analyte, within the current assay, while the latest result is above the cut-off and not above the one before it: the last ${s.decliningMinResults} results ` +
    `each fall below the one before, or, since the peak, at least ${s.decliningMinResults} results whose log-linear trend falls with the latest at least ` +
    `${pct(s.declineFromPeakFraction)} below the peak. Levels are compared as multiples of the cut-off. Not shown once the latest result is negative.`,
  'titer-normalized': () =>
    'Per analyte: the latest result is negative and an earlier result of that analyte was positive or strong. Borderline, unclassifiable and conflicting results are not negative.',
  'normalization-sustained': (s) =>
    `Per analyte: the latest ${s.normalizationMinNegatives} or more results in a row are negative and come from one assay, spanning at least ` +
    `${s.normalizationMinSpanDays} days from the first to the last, after a positive or strong result. Negatives from another assay do not add up.`,
  'clinical-quiescence': (s) => `Counted back from today: ${quiescenceText(s)}.`,
  'taper-discussion': (s) =>
    `All of: normalization sustained for an analyte; the latest result of EVERY anti-Mi2 analyte (Mi-2α, Mi-2β, unspecified Mi-2) negative; ` +
    `no active re-rise and no unresolved conflicting same-day results; the latest negative titer at most ${months(s.taperTiterMaxAgeMonths)} old; ` +
    `clinical quiescence (${quiescenceText(s)}); and at least one immunosuppressant covering today (hydroxychloroquine does not count; ` +
    `pulse therapies cover their dosing interval; gaps shorter than ${s.treatmentGapDays} days are continuous treatment). When the assay changed since ` +
    'the last positive result, the signal says so first. A possible signal to discuss tapering - not a recommendation.',
  'taper-withheld': () =>
    'Normalization is sustained and an immunosuppressant covers today, but a condition of the tapering signal fails: it names each one with its date ' +
    '(a positive or borderline analyte, a re-rise, a conflict, an old titer, missing, old or abnormal enzymes or strength).',
  'titer-rerise': (s) =>
    `Per analyte: in the same assay, a result above the cut-off at least ${num(s.reriseFactor)} times the lowest earlier level ` +
    `(dilution titers: ${s.reriseDilutionSteps} doubling dilutions, ${2 ** s.reriseDilutionSteps} times), not across a change of assay; ` +
    'or, in any assay, a positive result after a negative one (seroreversion).',
  'same-day-conflict': () =>
    'Per analyte: results of the same day classify differently (in one assay or two). No direction of change is read from them, and the tapering ' +
    'signal is withheld until one of them is corrected or marked entered in error.',
  discordance: (s) =>
    `Within ${s.discordanceWindowDays} days of the latest titer: every analyte negative while CK is above its upper limit or the ` +
    `complete MMT-8 is below ${pct(s.mmtFraction)}; or a strong positive titer with normal CK and MMT-8 at or above ${pct(s.mmtFraction)}.`,
  'assay-change': () => 'Per analyte: a day\'s results include an assay the previous day of results did not have (two labs on one day are not a change between them), so levels on either side are not directly comparable.',
  'titer-overdue': (s) =>
    `A patient with a positive or strong anti-Mi2 result (or a recorded positive history) has had no titer for more than ${months(s.overdueIntervalMonths)} ` +
    '(calendar months; an interval set by the clinic, not by the study).',
};

/** One description per signal code, in the order of the clinical reference's table. */
export function describeRules(settings: SignalSettings): SignalRuleDescription[] {
  return SIGNAL_CODES.map((code) => ({
    code,
    title: SIGNAL_TITLES[code],
    level: SIGNAL_LEVEL[code],
    description: DESCRIBE[code](settings),
    evidence: EVIDENCE[code],
  }));
}
