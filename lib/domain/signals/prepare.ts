/**
 * Input preparation shared by all signal rules: drop rows entered in error and
 * rows dated after the as-of date, sort by date then id (so the engine is
 * independent of input order), classify each titer once.
 */
import { classifyAntibody, xCutoff } from '../antibody';
import { byDateThenId } from '../dates';
import { mmtTotal } from '../mmt';
import { ANALYTES, type Analyte, type AntibodyClass, type AntibodyResult, type EnzymeResult, type MedicationEpoch, type Visit } from '../types';
import type { SignalInput } from './types';

export interface TiterPoint {
  result: AntibodyResult;
  date: string;
  /** null = cannot be classified (never treated as negative). */
  cls: AntibodyClass | null;
  /** value / cut-off; censored values at their bound; null when not quantitative. */
  level: number | null;
}

export interface MmtExam {
  visit: Visit;
  date: string;
  total: number;
  max: number;
}

export interface PreparedData {
  asOf: string;
  /** All anti-Mi2 results (every analyte), oldest first. */
  titers: TiterPoint[];
  /** Per analyte, oldest first; analytes without results are absent. */
  byAnalyte: Map<Analyte, TiterPoint[]>;
  /** CK results only, oldest first. */
  ck: EnzymeResult[];
  /** Complete MMT-8 exams only (partial exams never count), oldest first. */
  completeMmts: MmtExam[];
  /** Epochs not entered in error, by start date then id. */
  medications: MedicationEpoch[];
  /** Earliest visit (any, complete MMT or not), for titer-overdue without titers. */
  firstVisitOn: string | undefined;
  hasPositiveHistory: boolean;
}

export function prepareInput(input: SignalInput, asOf: string): PreparedData {
  // ISO calendar dates (YYYY-MM-DD) order correctly as strings.
  const counts = (row: { enteredInError: boolean }, date: string): boolean => !row.enteredInError && date <= asOf;

  const titers = input.antibodyResults
    .filter((r) => counts(r, r.collectedOn))
    .sort(byDateThenId((r) => r.collectedOn))
    .map<TiterPoint>((result) => ({
      result,
      date: result.collectedOn,
      cls: classifyAntibody(result),
      level: xCutoff(result.value, result.cutoff),
    }));

  const byAnalyte = new Map<Analyte, TiterPoint[]>();
  for (const analyte of ANALYTES) {
    const points = titers.filter((p) => p.result.analyte === analyte);
    if (points.length > 0) byAnalyte.set(analyte, points);
  }

  const ck = input.enzymeResults
    .filter((e) => e.analyte === 'ck')
    .filter((e) => counts(e, e.collectedOn))
    .sort(byDateThenId((e) => e.collectedOn));

  const completeMmts: MmtExam[] = [];
  const visits = input.visits.filter((v) => counts(v, v.visitOn)).sort(byDateThenId((v) => v.visitOn));
  for (const visit of visits) {
    if (visit.mmtVersion === null) continue;
    const mmt = mmtTotal(visit.mmtVersion, visit.mmtGrades);
    if (mmt.complete && mmt.total !== null) {
      completeMmts.push({ visit, date: visit.visitOn, total: mmt.total, max: mmt.max });
    }
  }

  const medications = input.medications
    .filter((m) => !m.enteredInError)
    .sort(byDateThenId((m) => m.startOn));

  return {
    asOf,
    titers,
    byAnalyte,
    ck,
    completeMmts,
    medications,
    firstVisitOn: visits[0]?.visitOn,
    hasPositiveHistory: input.hasPositiveHistory === true,
  };
}

/** Near-full strength: total / max >= fraction (with a tolerance for 76/80 = 0.95). */
export function isNearFull(exam: MmtExam, fraction: number): boolean {
  return exam.total >= fraction * exam.max - 1e-9;
}

/** The trailing run of points that share the last point's assay (a trend breaks at an assay change). */
export function currentAssayRun(points: readonly TiterPoint[]): TiterPoint[] {
  const last = points[points.length - 1];
  if (!last) return [];
  let start = points.length - 1;
  while (start > 0 && points[start - 1]?.result.assayId === last.result.assayId) start -= 1;
  return points.slice(start);
}

/**
 * Index of the first point of the trailing streak in which `holds(k)` is true for
 * every k from it to the end, or -1 when it does not hold at the last index.
 * Used for `since`: the date a still-true condition became true.
 */
export function trailingStreakStart(length: number, holds: (k: number) => boolean, firstK = 0): number {
  if (length === 0 || !holds(length - 1)) return -1;
  let start = length - 1;
  while (start - 1 >= firstK && holds(start - 1)) start -= 1;
  return start;
}
