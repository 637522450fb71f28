/**
 * `clinical-quiescence` (info), patient level (docs/domain.md section 7).
 *
 * Decisions:
 * - "Latest titer" = the latest anti-Mi2 result of any analyte up to the as-of date.
 * - CK: the LATEST CK (up to as-of) must be <= its own ULN and lie within
 *   ckWindowDays of the latest titer, before or after (90 days fires, 91 does
 *   not). An older normal CK does not replace a newer one.
 * - MMT-8: the latest COMPLETE exam (partial exams never count, docs/domain.md
 *   section 4) must be within mmtWindowDays before the as-of date and have
 *   total / max >= mmtFraction (76/80 fires, 75/80 does not).
 * - `since` = the latest of the three dates (titer, CK, exam).
 */
import { daysBetween } from '../dates';
import type { EnzymeResult } from '../types';
import { latestDate, num, resultIds } from './format';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import { isNearFull, type MmtExam, type PreparedData, type TiterPoint } from './prepare';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

export function ckText(ck: EnzymeResult): string {
  return `CK ${num(ck.valueUL, 1)} U/L (ULN ${num(ck.upperLimitUL, 1)}) on ${ck.collectedOn}`;
}

export function mmtText(exam: MmtExam): string {
  return `MMT-8 ${exam.total}/${exam.max} (${num((exam.total / exam.max) * 100, 0)}%) on ${exam.date}`;
}

/** The latest CK if it lies within ckWindowDays of `date` (either side), else undefined. */
export function latestCkNear(data: PreparedData, date: string, settings: SignalSettings): EnzymeResult | undefined {
  const ck = data.ck[data.ck.length - 1];
  return ck && Math.abs(daysBetween(date, ck.collectedOn)) <= settings.ckWindowDays ? ck : undefined;
}

export function clinicalQuiescenceSignal(data: PreparedData, settings: SignalSettings): Signal | null {
  const titer: TiterPoint | undefined = data.titers[data.titers.length - 1];
  if (!titer) return null;
  const ck = latestCkNear(data, titer.date, settings);
  if (!ck || ck.valueUL > ck.upperLimitUL) return null;
  const exam = data.completeMmts[data.completeMmts.length - 1];
  if (!exam || daysBetween(exam.date, data.asOf) > settings.mmtWindowDays || !isNearFull(exam, settings.mmtFraction)) {
    return null;
  }
  const gap = Math.abs(daysBetween(titer.date, ck.collectedOn));
  return {
    code: 'clinical-quiescence',
    level: SIGNAL_LEVEL['clinical-quiescence'],
    since: latestDate(titer.date, ck.collectedOn, exam.date),
    resultIds: resultIds({ antibody: [titer.result.id], enzyme: [ck.id], visit: [exam.visit.id] }),
    explanation:
      `${ckText(ck)}, ${gap} days from the latest titer on ${titer.date}, and ${mmtText(exam)}: ` +
      `normal CK with at least ${num(settings.mmtFraction * 100, 1)}% of full strength.`,
    evidence: PINAL_FERNANDEZ_2019,
  };
}
