/**
 * `titer-overdue` (info), patient level (docs/domain.md section 7).
 *
 * Decisions:
 * - Positive history = a recorded positive or strong result of any analyte up to
 *   the as-of date, or the patient-level `hasPositiveHistory` flag.
 * - Overdue when more than overdueIntervalDays have passed from the latest titer
 *   (any analyte) to the as-of date: 365 days is not overdue, 366 is. `since` = the
 *   first overdue day (latest titer + interval + 1).
 * - With the flag but no recorded titer at all, the patient must have been
 *   followed in the record (earliest CK, visit or drug epoch) for more than the
 *   interval; `since` = that earliest date + interval + 1, so it stays stable from
 *   day to day (an acknowledgement is not undone by the calendar alone).
 */
import { isPositiveClass } from '../antibody';
import { addDays, daysBetween } from '../dates';
import { analyteLabel, resultIds, titerOn } from './format';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import type { PreparedData } from './prepare';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

export function titerOverdueSignal(data: PreparedData, settings: SignalSettings): Signal | null {
  const positives = data.titers.filter((p) => p.cls !== null && isPositiveClass(p.cls));
  const lastPositive = positives[positives.length - 1];
  if (!lastPositive && !data.hasPositiveHistory) return null;
  const latest = data.titers[data.titers.length - 1];
  const interval = settings.overdueIntervalDays;
  if (!latest) {
    const followedFrom = [data.ck[0]?.collectedOn, data.firstVisitOn, data.medications[0]?.startOn]
      .filter((d): d is string => d !== undefined)
      .reduce<string | undefined>((min, d) => (min === undefined || d < min ? d : min), undefined);
    if (followedFrom === undefined || daysBetween(followedFrom, data.asOf) <= interval) return null;
    return {
      code: 'titer-overdue',
      level: SIGNAL_LEVEL['titer-overdue'],
      since: addDays(followedFrom, interval + 1),
      resultIds: resultIds({}),
      explanation:
        `Positive anti-Mi2 history but no anti-Mi2 result recorded since follow-up began on ${followedFrom}, ` +
        `more than ${interval} days ago.`,
      evidence: PINAL_FERNANDEZ_2019,
    };
  }
  const age = daysBetween(latest.date, data.asOf);
  if (age <= interval) return null;
  const history = lastPositive
    ? `last positive ${analyteLabel(lastPositive.result.analyte)} ${titerOn(lastPositive)}`
    : 'positive history recorded for the patient';
  return {
    code: 'titer-overdue',
    level: SIGNAL_LEVEL['titer-overdue'],
    since: addDays(latest.date, interval + 1),
    resultIds: resultIds({ antibody: [latest.result.id, ...(lastPositive ? [lastPositive.result.id] : [])] }),
    explanation:
      `Latest anti-Mi2 result (${analyteLabel(latest.result.analyte)} ${titerOn(latest)}) is ${age} days old, ` +
      `more than the ${interval}-day interval (${history}).`,
    evidence: PINAL_FERNANDEZ_2019,
  };
}
