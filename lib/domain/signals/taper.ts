/**
 * `taper-discussion` (action) and `taper-withheld` (info), patient level
 * (docs/clinical/signals.md; hazards in docs/safety/hazard-log.md).
 *
 * A possible signal to discuss tapering needs ALL of:
 * - `normalization-sustained` for at least one analyte (negatives from one assay);
 * - at least one immunosuppressant covering today (pulse therapies cover their
 *   dosing interval; lib/domain/treatment-coverage.ts); the text names each such drug
 *   once, with its latest dose, and the evidence lists every covering epoch;
 * - and no blocker (./taper-blockers.ts): every analyte's latest result negative, no
 *   active re-rise, no unresolved same-day conflict, a negative titer at most
 *   `taperTiterMaxAgeMonths` old, and clinical quiescence relative to today.
 * When the first two hold but a blocker does, `taper-withheld` says what blocks it, so
 * the physician sees why the signal is not there. Without current immunosuppression
 * there is nothing to taper and neither is shown.
 *
 * The wording keeps the substance of the clinical reference and is decision support
 * ("a possible signal to discuss tapering - not a recommendation"). When the assay
 * changed since the last positive result, that is its first line. `since` = the
 * latest of the dates at which each condition became true.
 */
import { coveredUntil, currentDrugsOn, immunosuppressionSpans, spanOn, type CurrentDrug, type DrugCoverageDays } from '../treatment-coverage';
import type { MedicationEpoch } from '../types';
import { analyteLabel, latestDate, num, resultIds, titerOn } from './format';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import { assayChangedSincePositive, sustainedRun, type NegativeRun } from './normalization';
import type { PreparedData, TiterPoint } from './prepare';
import { idsOf } from './series';
import { enzymeText, mmtText, quiescenceFindings } from './quiescence';
import { SIGNAL_LEVEL } from './levels';
import { taperBlockers } from './taper-blockers';
import type { Signal, SignalSettings } from './types';

function countPhrase(n: number): string {
  return n === 2 ? 'two' : n === 3 ? 'three' : String(n);
}

function spanPhrase(days: number): string {
  return days === 90 ? 'three months' : `${days} days`;
}

function doseText(e: MedicationEpoch): string {
  return `${num(e.dose, 3)} ${e.doseUnit}`;
}

/**
 * One drug covering today, named once with its latest dose: "since" its start when
 * ongoing, else its last dose and the day its coverage ends. When an earlier dose of the
 * drug covers longer than the latest one (an IV pulse before a short oral course), that
 * dose is named as what covers, never as a dose still taken.
 */
function drugText(d: CurrentDrug<MedicationEpoch>, asOf: string, coverage: DrugCoverageDays): string {
  const e = d.latest;
  const head = `${e.drug} ${doseText(e)}`;
  if (e.endOn === null || e.endOn >= asOf || d.coveredUntil === null) return `${head} (since ${e.startOn})`;
  const own = coveredUntil(e, coverage);
  if (own === d.coveredUntil) return `${head} (last dose ${e.endOn}, covering until ${own})`;
  const longest = d.covering.find((c) => coveredUntil(c, coverage) === d.coveredUntil) as MedicationEpoch;
  const given = longest.startOn === longest.endOn ? `on ${longest.startOn}` : `${longest.startOn} to ${longest.endOn}`;
  return `${head} (last dose ${e.endOn}; covered until ${d.coveredUntil} by ${doseText(longest)} given ${given})`;
}

function assayChangeLine(runs: readonly NegativeRun[]): string {
  const changed = runs.filter(assayChangedSincePositive);
  if (changed.length === 0) return '';
  const parts = changed.map((r) => `${analyteLabel(r.analyte)}: positive by ${r.priorPositive.result.assayLabel} on ${r.priorPositive.date}, negative by ${r.sameAssay[0]?.result.assayLabel}`);
  return `The assay changed since the last positive result (${parts.join('; ')}): the negative results may reflect the change of assay, not the patient. `;
}

function negativesText(run: NegativeRun): string {
  const first = run.sameAssay[0] as TiterPoint;
  const last = run.sameAssay[run.sameAssay.length - 1] as TiterPoint;
  return `${analyteLabel(run.analyte)} ${titerOn(first)} to ${titerOn(last, false)}, ${last.result.assayLabel}`;
}

export function taperSignals(data: PreparedData, settings: SignalSettings, rerise: readonly Signal[]): Signal[] {
  const found = [...data.byAnalyte].map(([analyte, points]) => sustainedRun(analyte, points, settings)).filter((x) => x !== null);
  // Per drug, what covers today; the text names each drug's latest dose once, the evidence every covering epoch.
  const drugs = currentDrugsOn(data.medications.filter((e) => e.immunosuppressant), data.asOf, settings.drugCoverageDays);
  if (found.length === 0 || drugs.length === 0) return [];
  const runs = found.map((f) => f.run);
  const blockers = taperBlockers(data, settings, runs, rerise);
  if (blockers.length > 0) {
    return [{
      code: 'taper-withheld',
      level: SIGNAL_LEVEL['taper-withheld'],
      // When normalization became sustained: the blockers are named, and an acknowledgement lapses when they change (its results).
      since: latestDate(...found.map((f) => f.run.sameAssay[f.at]?.date ?? data.asOf)),
      resultIds: resultIds({
        antibody: blockers.flatMap((b) => b.ids.antibody ?? []),
        enzyme: blockers.flatMap((b) => b.ids.enzyme ?? []),
        visit: blockers.flatMap((b) => b.ids.visit ?? []),
      }),
      explanation:
        'Anti-Mi2 normalization is sustained and immunosuppression continues, but a possible signal to discuss tapering is not shown because: ' +
        blockers.map((b) => b.text).join(' '),
      evidence: PINAL_FERNANDEZ_2019,
    }];
  }
  const q = quiescenceFindings(data, settings);
  const ck = q.ck;
  const exam = q.exam;
  if (!ck || !exam) return [];
  const span = spanOn(immunosuppressionSpans(data.medications, settings.drugCoverageDays, settings.treatmentGapDays), data.asOf);
  const latestPoints = [...data.byAnalyte.values()].map((points) => points[points.length - 1] as TiterPoint);
  const since = latestDate(
    ...found.map((f) => f.run.sameAssay[f.at]?.date ?? data.asOf),
    ...q.enzymes.map((e) => e.collectedOn),
    exam.date,
    ...latestPoints.map((p) => p.date),
    span?.start ?? data.asOf,
  );
  const others = latestPoints.filter((p) => !runs.some((r) => r.analyte === p.result.analyte));
  const otherText = others.length > 0 ? `; latest ${others.map((p) => `${analyteLabel(p.result.analyte)} ${titerOn(p)}`).join(', ')} also negative` : '';
  return [{
    code: 'taper-discussion',
    level: SIGNAL_LEVEL['taper-discussion'],
    since: since > data.asOf ? data.asOf : since,
    resultIds: resultIds({
      antibody: [...runs.flatMap((r) => idsOf(r.sameAssay)), ...idsOf(others)],
      enzyme: q.enzymes.map((e) => e.id),
      visit: [exam.visit.id],
      medication: drugs.flatMap((d) => [...d.covering.map((e) => e.id), d.latest.id]),
    }),
    explanation:
      assayChangeLine(runs) +
      `Anti-Mi2 titer normal on ${countPhrase(settings.normalizationMinNegatives)} or more tests over at least ` +
      `${spanPhrase(settings.normalizationMinSpanDays)} (${runs.map(negativesText).join('; ')}${otherText}), ` +
      `with normal CK (${enzymeText(ck)}) and near-full strength (${mmtText(exam)}), while on ${drugs.map((d) => drugText(d, data.asOf, settings.drugCoverageDays)).join(', ')}. ` +
      'In a cohort of 10 anti-Mi2-positive patients followed for four years or more, titers normalized in 3; ' +
      '2 of them stopped immunosuppression and did not relapse (Pinal-Fernandez et al., Neurology 2019). ' +
      'A possible signal to discuss tapering - not a recommendation.',
    evidence: PINAL_FERNANDEZ_2019,
  }];
}
