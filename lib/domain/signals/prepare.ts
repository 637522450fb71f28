/**
 * Input preparation shared by all signal rules (docs/clinical/signals.md, "Reading the
 * record"): drop rows entered in error and rows dated after the as-of date, classify
 * each titer once, and put every series in an order that depends on the data only,
 * never on row ids or the order of entry.
 *
 * Same-day results of one analyte:
 * - If they classify differently (a 3 and a 14 units, or an ELISA negative and a line
 *   blot positive), the day is a conflict: one point with no class and no level, so no
 *   rule reads a direction from the pair; `same-day-conflict` names them. Positive and
 *   strong agree (strong is a degree of positive). A negative beside a result that
 *   cannot be classified is a conflict too: the day must not read as negative.
 * - Otherwise the results of one assay on that day are one point: the highest class
 *   and the highest level of the day (a repeat never reads as a fall). Points of
 *   different assays on one day are ordered by assay name, never by id; the rules that follow one assay
 *   take every assay of the latest day (`latestAssayRuns`), so no rule depends on that order.
 */
import { BAND, CLASS_RANK, classifyAntibody, xCutoff } from '../antibody';
import { moreAbnormal } from '../enzymes';
import { byDateThenId } from '../dates';
import { mmtTotal, MAX_GRADE, mmtTests } from '../mmt';
import { ANALYTES, type Analyte, type AntibodyClass, type AntibodyResult, type EnzymeAnalyte, type EnzymeResult, type MedicationEpoch, type Visit } from '../types';
import { byAssayName, byContent } from './series';
import type { SignalInput } from './types';

export interface TiterPoint {
  /** The result the point is told by (for a day of one assay, the one with the highest level). */
  result: AntibodyResult;
  /** Every result folded into this point, by id. */
  results: AntibodyResult[];
  date: string;
  /** null = cannot be classified, or a same-day conflict (never treated as negative). */
  cls: AntibodyClass | null;
  /** value / cut-off; censored values at their bound; null when not quantitative or a conflict. */
  level: number | null;
  /** Results of this analyte on this day classify differently. */
  conflict: boolean;
}

export interface MmtExam {
  visit: Visit;
  date: string;
  total: number;
  max: number;
}

/** Any MMT-8 exam, complete or partial: the most its total could be. */
export interface StrengthExam {
  visit: Visit;
  date: string;
  max: number;
  complete: boolean;
  /** Tested grades plus full marks for every group not tested. */
  bestPossible: number;
}

export interface PreparedData {
  asOf: string;
  /** The points of every analyte, by date, analyte, assay name. */
  titers: TiterPoint[];
  /** Per analyte, oldest first; analytes without results are absent. */
  byAnalyte: Map<Analyte, TiterPoint[]>;
  /** Per enzyme analyte, oldest first (date, then id). */
  enzymes: Map<EnzymeAnalyte, EnzymeResult[]>;
  /** Complete MMT-8 exams only, oldest first; on one day the lowest total last. */
  completeMmts: MmtExam[];
  /** Every MMT-8 exam (partial ones too), oldest first. */
  exams: StrengthExam[];
  /** Epochs not entered in error and started by the as-of date, by start date (then content). */
  medications: MedicationEpoch[];
  /** Earliest visit (any, complete MMT or not), for titer-overdue without titers. */
  firstVisitOn: string | undefined;
  hasPositiveHistory: boolean;
}

interface Read {
  r: AntibodyResult;
  cls: AntibodyClass | null;
  level: number | null;
}

function byId(a: AntibodyResult, b: AntibodyResult): number {
  return a.id - b.id;
}

/** Highest level first, then by what was reported. */
function byLevelDesc(a: Read, b: Read): number {
  return (b.level ?? -Infinity) - (a.level ?? -Infinity) || (b.r.value ?? -Infinity) - (a.r.value ?? -Infinity) || byContent(a.r, b.r);
}

function dayPoints(date: string, day: readonly Read[]): TiterPoint[] {
  // Most days hold one result: its own point, as the general case below would make it
  // (without its sets and sorts, which were a measurable share of a bulk import; issue 24).
  if (day.length === 1) {
    const only = day[0] as Read;
    return [{ result: only.r, results: [only.r], date, cls: only.cls, level: only.level, conflict: false }];
  }
  const bands = new Set(day.flatMap((d) => (d.cls === null ? [] : [BAND[d.cls]])));
  const unclassified = day.some((d) => d.cls === null);
  const all = day.map((d) => d.r).sort(byId);
  // Classified results in more than one band, or a negative beside one that cannot be classified.
  const conflict = bands.size > 1 || (unclassified && bands.has('negative'));
  if (conflict) {
    const first = [...day].sort(byLevelDesc)[0] as Read;
    return [{ result: first.r, results: all, date, cls: null, level: null, conflict: true }];
  }
  const assays = [...new Set(day.map((d) => d.r.assayId))];
  return assays.map((assayId) => {
    const reads = day.filter((d) => d.r.assayId === assayId).sort(byLevelDesc);
    const top = reads[0] as Read;
    const cls = reads.reduce<AntibodyClass | null>((top, d) => (d.cls !== null && (top === null || CLASS_RANK[d.cls] > CLASS_RANK[top]) ? d.cls : top), null);
    return { result: top.r, results: reads.map((d) => d.r).sort(byId), date, cls, level: top.level, conflict: false };
  }).sort(byAssayName);
}

function analytePoints(results: readonly AntibodyResult[]): TiterPoint[] {
  const reads: Read[] = results.map((r) => ({ r, cls: classifyAntibody(r), level: xCutoff(r.value, r.cutoff) }));
  const points: TiterPoint[] = [];
  for (let i = 0; i < reads.length; ) {
    const date = (reads[i] as Read).r.collectedOn;
    let j = i;
    while (j < reads.length && (reads[j] as Read).r.collectedOn === date) j += 1;
    points.push(...dayPoints(date, reads.slice(i, j)));
    i = j;
  }
  return points;
}

function examOf(visit: Visit): { exam: StrengthExam; total: number | null } | null {
  if (visit.mmtVersion === null) return null;
  const mmt = mmtTotal(visit.mmtVersion, visit.mmtGrades);
  const tests = mmtTests(visit.mmtVersion);
  const bestPossible = tests.reduce((sum, t) => {
    const g = visit.mmtGrades[t.key];
    return sum + (typeof g === 'number' ? g : MAX_GRADE);
  }, 0);
  const complete = mmt.complete && mmt.total !== null;
  return { exam: { visit, date: visit.visitOn, max: mmt.max, complete, bestPossible }, total: complete ? mmt.total : null };
}

export function prepareInput(input: SignalInput, asOf: string): PreparedData {
  // ISO calendar dates (YYYY-MM-DD) order correctly as strings.
  const counts = (row: { enteredInError: boolean }, date: string): boolean => !row.enteredInError && date <= asOf;

  const results = input.antibodyResults.filter((r) => counts(r, r.collectedOn)).sort(byDateThenId((r) => r.collectedOn));
  const byAnalyte = new Map<Analyte, TiterPoint[]>();
  for (const analyte of ANALYTES) {
    const points = analytePoints(results.filter((r) => r.analyte === analyte));
    if (points.length > 0) byAnalyte.set(analyte, points);
  }
  const rank = (a: Analyte) => ANALYTES.indexOf(a);
  const titers = [...byAnalyte.values()].flat().sort(
    (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || rank(a.result.analyte) - rank(b.result.analyte) || byAssayName(a, b),
  );

  const enzymes = new Map<EnzymeAnalyte, EnzymeResult[]>();
  for (const e of input.enzymeResults.filter((x) => counts(x, x.collectedOn)).sort(byDateThenId((x) => x.collectedOn))) {
    const list = enzymes.get(e.analyte) ?? [];
    list.push(e);
    enzymes.set(e.analyte, list);
  }

  const visits = input.visits.filter((v) => counts(v, v.visitOn)).sort(byDateThenId((v) => v.visitOn));
  const exams: StrengthExam[] = [];
  const completeMmts: MmtExam[] = [];
  for (const visit of visits) {
    const read = examOf(visit);
    if (!read) continue;
    exams.push(read.exam);
    if (read.total !== null) completeMmts.push({ visit, date: visit.visitOn, total: read.total, max: read.exam.max });
  }
  // On one day, the lowest total is "the latest": two exams that day never read as a change.
  completeMmts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.total / b.max - a.total / a.max || byContent(b.visit, a.visit)));

  const medications = input.medications
    .filter((m) => !m.enteredInError && m.startOn <= asOf)
    .sort((a, b) => (a.startOn < b.startOn ? -1 : a.startOn > b.startOn ? 1 : byContent(a, b)));

  return { asOf, titers, byAnalyte, enzymes, completeMmts, exams, medications, firstVisitOn: visits[0]?.visitOn, hasPositiveHistory: input.hasPositiveHistory === true };
}

/** Near-full strength: total / max >= fraction (with a tolerance for 76/80 = 0.95). */
export function isNearFull(exam: Pick<MmtExam, 'total' | 'max'>, fraction: number): boolean {
  return exam.total >= fraction * exam.max - 1e-9;
}

/** The latest result of a series; on the latest day, the most abnormal (highest x ULN). */
export function latestEnzyme(list: readonly EnzymeResult[] | undefined): EnzymeResult | undefined {
  const last = list?.[list.length - 1];
  if (!list || !last) return undefined;
  // Equal in multiple and value: what the rows say decides, never the id.
  return list.filter((e) => e.collectedOn === last.collectedOn).reduce((a, b) => (moreAbnormal(b, a) || (!moreAbnormal(a, b) && byContent(b, a) < 0) ? b : a));
}
