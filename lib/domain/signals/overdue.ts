/**
 * `titer-overdue` (info), patient level (docs/clinical/signals.md). The interval is a
 * local default of the clinic, cited as such (the study defines none).
 *
 * - Positive history = a recorded positive or strong result of any analyte up to
 *   the as-of date, or the patient-level `hasPositiveHistory` flag.
 * - Overdue when the as-of date is after the latest titer (any analyte) plus
 *   overdueIntervalMonths CALENDAR months: a titer on 2024-02-29 is due by 2025-02-28
 *   and overdue from 2025-03-01; days would fire a day early across a leap day.
 *   `since` = the first overdue day.
 * - With the flag but no recorded titer at all, the patient must have been
 *   followed in the record (earliest enzyme, visit or drug epoch) for more than the
 *   interval; `since` = that earliest date + interval + 1 day, so it stays stable from
 *   day to day (an acknowledgement is not undone by the calendar alone).
 */
import { isPositiveClass } from '../antibody';
import { addDays, addMonths, daysBetween } from '../dates';
import { analyteLabel, resultIds, titerOn } from './format';
import { LOCAL_DEFAULT } from './evidence';
import type { PreparedData } from './prepare';
import { idsOf } from './series';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

export function titerOverdueSignal(data: PreparedData, settings: SignalSettings): Signal | null {
  const positives = data.titers.filter((p) => p.cls !== null && isPositiveClass(p.cls));
  const lastPositive = positives[positives.length - 1];
  if (!lastPositive && !data.hasPositiveHistory) return null;
  const latest = data.titers[data.titers.length - 1];
  const months = settings.overdueIntervalMonths;
  if (!latest) {
    const firstEnzymes = [...data.enzymes.values()].map((list) => list[0]?.collectedOn);
    const followedFrom = [...firstEnzymes, data.firstVisitOn, data.medications[0]?.startOn]
      .filter((d): d is string => d !== undefined)
      .reduce<string | undefined>((min, d) => (min === undefined || d < min ? d : min), undefined);
    if (followedFrom === undefined || data.asOf <= addMonths(followedFrom, months)) return null;
    return {
      code: 'titer-overdue',
      level: SIGNAL_LEVEL['titer-overdue'],
      since: addDays(addMonths(followedFrom, months), 1),
      resultIds: resultIds({}),
      explanation:
        `Positive anti-Mi2 history but no anti-Mi2 result recorded since follow-up began on ${followedFrom}, ` +
        `more than ${months} months ago.`,
      evidence: LOCAL_DEFAULT,
    };
  }
  if (data.asOf <= addMonths(latest.date, months)) return null;
  const age = daysBetween(latest.date, data.asOf);
  const history = lastPositive
    ? `last positive ${analyteLabel(lastPositive.result.analyte)} ${titerOn(lastPositive)}`
    : 'positive history recorded for the patient';
  return {
    code: 'titer-overdue',
    level: SIGNAL_LEVEL['titer-overdue'],
    since: addDays(addMonths(latest.date, months), 1),
    resultIds: resultIds({ antibody: idsOf([latest, ...(lastPositive ? [lastPositive] : [])]) }),
    explanation:
      `Latest anti-Mi2 result (${analyteLabel(latest.result.analyte)} ${titerOn(latest)}) is ${age} days old, ` +
      `more than the ${months}-month interval set by the clinic (${history}).`,
    evidence: LOCAL_DEFAULT,
  };
}
