/**
 * `taper-discussion` (action), patient level (docs/domain.md section 7):
 * `normalization-sustained` for at least one analyte + `clinical-quiescence` + at
 * least one immunosuppressant epoch active on the as-of date (hydroxychloroquine
 * does not count). Built from the other signals so it can never fire without them.
 *
 * The wording keeps the substance of docs/domain.md section 7 and is decision
 * support ("a possible signal to discuss tapering - not a recommendation").
 * `since` = the latest of: the earliest normalization-sustained `since`, the
 * quiescence `since`, and the start of the uninterrupted immunosuppression that
 * covers the as-of date.
 */
import { addDays } from '../dates';
import { activeEpochsOn, onImmunosuppressantOn } from '../medications';
import type { MedicationEpoch } from '../types';
import { latestDate, num, resultIds } from './format';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import type { PreparedData } from './prepare';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

function immunosuppressantsOn(epochs: readonly MedicationEpoch[], date: string): MedicationEpoch[] {
  return activeEpochsOn(epochs, date).filter((e) => e.immunosuppressant);
}

/** First day of the uninterrupted immunosuppressant coverage that includes `asOf`. */
function coverageStart(epochs: readonly MedicationEpoch[], asOf: string): string {
  let start = asOf;
  for (;;) {
    const active = immunosuppressantsOn(epochs, start);
    const earliest = active.reduce((min, e) => (e.startOn < min ? e.startOn : min), start);
    if (earliest < start) {
      start = earliest;
      continue;
    }
    const dayBefore = addDays(start, -1);
    if (immunosuppressantsOn(epochs, dayBefore).length === 0) return start;
    start = dayBefore;
  }
}

function countPhrase(n: number): string {
  return n === 2 ? 'two' : n === 3 ? 'three' : String(n);
}

function spanPhrase(days: number): string {
  return days === 90 ? 'three months' : `${days} days`;
}

export function taperDiscussionSignal(
  data: PreparedData,
  settings: SignalSettings,
  sustained: readonly Signal[],
  quiescence: Signal | null,
): Signal | null {
  if (sustained.length === 0 || !quiescence || !onImmunosuppressantOn(data.medications, data.asOf)) return null;
  const drugs = immunosuppressantsOn(data.medications, data.asOf);
  const sustainedSince = sustained.map((s) => s.since).reduce((a, b) => (b < a ? b : a));
  const drugText = drugs.map((d) => `${d.drug} ${num(d.dose, 3)} ${d.doseUnit}`).join(', ');
  return {
    code: 'taper-discussion',
    level: SIGNAL_LEVEL['taper-discussion'],
    since: latestDate(sustainedSince, quiescence.since, coverageStart(data.medications, data.asOf)),
    resultIds: resultIds({
      antibody: [...sustained.flatMap((s) => s.resultIds.antibody), ...quiescence.resultIds.antibody],
      enzyme: quiescence.resultIds.enzyme,
      visit: quiescence.resultIds.visit,
      medication: drugs.map((d) => d.id),
    }),
    explanation:
      `Anti-Mi2 titer normal on ${countPhrase(settings.normalizationMinNegatives)} or more tests over at least ` +
      `${spanPhrase(settings.normalizationMinSpanDays)}, with normal CK and near-full strength, while on ${drugText}. ` +
      'In a cohort of 10 anti-Mi2-positive patients followed for four years or more, titers normalized in 3; ' +
      '2 of them stopped immunosuppression and did not relapse (Pinal-Fernandez et al., Neurology 2019). ' +
      'A possible signal to discuss tapering - not a recommendation.',
    evidence: PINAL_FERNANDEZ_2019,
  };
}
