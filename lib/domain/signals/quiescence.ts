/**
 * `clinical-quiescence` (info), patient level (docs/clinical/signals.md), relative to
 * the as-of date (today), never to the latest titer:
 *
 * - Muscle enzymes: a CK within `enzymeWindowMonths` before today, and the latest
 *   result of EVERY recorded muscle enzyme in that window (CK, aldolase, LDH, ALT,
 *   AST) at or below its own upper limit: the IMACS core set takes the most abnormal
 *   enzyme, so a normal CK beside a high aldolase is not quiet. On one day, the most
 *   abnormal result of that day counts.
 * - Strength: the latest complete MMT-8 within `mmtWindowMonths` before today is at
 *   least `mmtFraction` of its maximum (76/80 fires, 75/80 does not), and no exam on or
 *   after its day, partial ones included, proves less: a partial exam whose best
 *   possible total (untested groups at full marks) is under the threshold blocks it.
 * - The patient has a positive anti-Mi2 history (a recorded positive or strong result,
 *   or the patient-level flag): quiescence is read for the patients whose titers the
 *   product follows, never for anti-Mi2-negative myositis.
 * - `since` = the latest date used.
 */
import { addMonths } from '../dates';
import { isPositiveClass } from '../antibody';
import { ENZYME } from '../enzymes';
import { ENZYME_ANALYTES, type EnzymeResult } from '../types';
import { latestDate, num, resultIds } from './format';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import { isNearFull, latestEnzyme, type MmtExam, type PreparedData, type StrengthExam } from './prepare';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

export function enzymeText(e: EnzymeResult): string {
  return `${ENZYME[e.analyte].shortLabel} ${num(e.valueUL, 1)} U/L (ULN ${num(e.upperLimitUL, 1)}) on ${e.collectedOn}`;
}

export function mmtText(exam: MmtExam): string {
  // Rounded down to a tenth: 142/150 (94.67%) reads 94.6%, never "95%" beside "below 95%".
  const percent = Math.floor((exam.total / exam.max) * 1000 + 1e-9) / 10;
  return `MMT-8 ${exam.total}/${exam.max} (${num(percent, 1)}%) on ${exam.date}`;
}

export function isHigh(e: EnzymeResult): boolean {
  return e.valueUL > e.upperLimitUL;
}

/** The latest result of each enzyme dated on or after `from`, CK first. */
export function recentEnzymes(data: PreparedData, from: string): EnzymeResult[] {
  return ENZYME_ANALYTES.map((a) => latestEnzyme(data.enzymes.get(a)?.filter((e) => e.collectedOn >= from))).filter((e): e is EnzymeResult => e !== undefined);
}

/** Exams on or after the exam's day (other than it) whose best possible total is under the threshold. */
export function weakerExamsSince(data: PreparedData, exam: MmtExam, fraction: number): StrengthExam[] {
  return data.exams.filter((x) => x.visit.id !== exam.visit.id && x.date >= exam.date && x.bestPossible < fraction * x.max - 1e-9);
}

export interface QuiescenceFindings {
  enzymeFrom: string;
  mmtFrom: string;
  enzymes: EnzymeResult[];
  ck: EnzymeResult | undefined;
  exam: MmtExam | undefined;
  weaker: StrengthExam[];
}

/** What quiescence looks at, relative to the as-of date; shared with taper-withheld. */
export function quiescenceFindings(data: PreparedData, settings: SignalSettings): QuiescenceFindings {
  const enzymeFrom = addMonths(data.asOf, -settings.enzymeWindowMonths);
  const mmtFrom = addMonths(data.asOf, -settings.mmtWindowMonths);
  const enzymes = recentEnzymes(data, enzymeFrom);
  const last = data.completeMmts[data.completeMmts.length - 1];
  const exam = last && last.date >= mmtFrom ? last : undefined;
  return {
    enzymeFrom, mmtFrom, enzymes, exam,
    ck: enzymes.find((e) => e.analyte === 'ck'),
    weaker: exam ? weakerExamsSince(data, exam, settings.mmtFraction) : [],
  };
}

/** A recorded positive or strong anti-Mi2 result, or the patient-level flag. */
export function hasPositiveHistory(data: PreparedData): boolean {
  return data.hasPositiveHistory || data.titers.some((p) => p.cls !== null && isPositiveClass(p.cls));
}

export function clinicalQuiescenceSignal(data: PreparedData, settings: SignalSettings): Signal | null {
  if (!hasPositiveHistory(data)) return null;
  const f = quiescenceFindings(data, settings);
  if (!f.ck || f.enzymes.some(isHigh) || !f.exam || !isNearFull(f.exam, settings.mmtFraction) || f.weaker.length > 0) return null;
  const others = f.enzymes.filter((e) => e.analyte !== 'ck');
  const otherText = others.length > 0 ? `; also normal: ${others.map(enzymeText).join(', ')}` : '';
  return {
    code: 'clinical-quiescence',
    level: SIGNAL_LEVEL['clinical-quiescence'],
    since: latestDate(...f.enzymes.map((e) => e.collectedOn), f.exam.date),
    resultIds: resultIds({ enzyme: f.enzymes.map((e) => e.id), visit: [f.exam.visit.id] }),
    explanation:
      `${enzymeText(f.ck)}${otherText}, and ${mmtText(f.exam)}: normal muscle enzymes in the last ${settings.enzymeWindowMonths} months ` +
      `and at least ${num(settings.mmtFraction * 100, 1)}% of full strength in the last ${settings.mmtWindowMonths} months, with no later exam showing less.`,
    evidence: PINAL_FERNANDEZ_2019,
  };
}
