/**
 * A patient's latest titer, CK and MMT-8 with their direction of change: what the
 * worklist shows next to the signals. Pure; entered-in-error rows never count.
 *
 * A day is read as the signal engine reads it (docs/clinical/signals.md section 2, its
 * own `prepareInput`), so entry order and row ids never decide what is shown:
 * - titers of one analyte on one day that classify differently are a conflict: shown as
 *   "results disagree" with the day's values, no class, no level, no trend; agreeing
 *   ones are one value at the day's highest level. Of several analytes or assays on the
 *   latest day, the conflict or the most abnormal is shown (then analyte, assay name);
 * - two results of one enzyme on one day count as the more abnormal (higher x ULN);
 * - two complete MMT-8 exams on one day count as the weaker;
 * - a trend compares the latest day with the previous day only (a titer: of the same
 *   analyte and assay; none after a conflict or a change of assay), never a same-day pair.
 */
import { CLASS_RANK, classifyAntibody, formatAntibodyValue, isPositiveClass, xCutoff } from './antibody';
import { latestEnzyme, prepareInput, type MmtExam, type TiterPoint } from './signals/prepare';
import { ANALYTES, type AntibodyClass, type AntibodyResult, type EnzymeResult, type Visit } from './types';

export type Trend = 'up' | 'down' | 'flat' | null;

export interface PatientSnapshot {
  /** `conflict`: the day's results of the analyte disagree (absent in summaries stored before it existed). */
  titer: { analyte: string; display: string; cls: AntibodyClass | null; xCutoff: number | null; on: string; trend: Trend; conflict?: boolean } | null;
  ck: { valueUL: number; upperLimitUL: number; high: boolean; on: string; trend: Trend } | null;
  mmt: { total: number; max: number; on: string; trend: Trend } | null;
  /**
   * Any live positive or strong anti-Mi2 result, ever: with an anti-Mi2-positive diagnosis,
   * what makes the titer one the clinic follows ("Due for labs"). Absent in summaries
   * stored before it existed (read as false until the patient's next recompute).
   */
  everPositive?: boolean;
}

/** Changes within 10% count as flat: assay and exam noise should not draw arrows. */
const FLAT_BAND = 0.1;

export function trendOf(previous: number | null | undefined, latest: number | null | undefined): Trend {
  if (previous === null || previous === undefined || latest === null || latest === undefined) return null;
  if (previous === 0) return latest === 0 ? 'flat' : 'up';
  const change = (latest - previous) / Math.abs(previous);
  if (Math.abs(change) <= FLAT_BAND) return 'flat';
  return change > 0 ? 'up' : 'down';
}

const live = <T extends { enteredInError: boolean }>(rows: readonly T[]) => rows.filter((r) => !r.enteredInError);

/** The snapshot reads every live row; it has no "today" of its own (the signals leave out rows dated after today). */
const EVERY_DATE = '9999-12-31';


/** Of the latest day's points: a conflict first, then the higher class, then the higher level; ties keep the engine's order (analyte, assay name). */
function moreToShow(a: TiterPoint, b: TiterPoint): number {
  return Number(b.conflict) - Number(a.conflict)
    || (b.cls === null ? -1 : CLASS_RANK[b.cls]) - (a.cls === null ? -1 : CLASS_RANK[a.cls])
    || (b.level ?? -Infinity) - (a.level ?? -Infinity);
}

/** The values of a conflicting day, highest level first, then as written: never in entry order. */
function conflictDisplay(results: readonly AntibodyResult[]): string {
  const values = results.map((r) => ({ text: formatAntibodyValue(r), level: xCutoff(r.value, r.cutoff) ?? -Infinity }))
    .sort((a, b) => b.level - a.level || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return `results disagree (${values.map((v) => v.text).join(', ')})`;
}

function titerSnapshot(points: ReadonlyMap<string, readonly TiterPoint[]>): PatientSnapshot['titer'] {
  const series = [...points.values()];
  const lastDate = series.reduce<string | null>((m, s) => { const d = s.at(-1)?.date ?? null; return d !== null && (m === null || d > m) ? d : m; }, null);
  if (lastDate === null) return null;
  // Each analyte's points of one day are in assay-name order already (a stable sort keeps it).
  const latestDay = series.flatMap((s) => s.filter((p) => p.date === lastDate))
    .sort((a, b) => moreToShow(a, b) || ANALYTES.indexOf(a.result.analyte) - ANALYTES.indexOf(b.result.analyte));
  const latest = latestDay[0] as TiterPoint;
  const { analyte, assayId } = latest.result;
  if (latest.conflict) {
    return { analyte, display: conflictDisplay(latest.results), cls: null, xCutoff: null, on: lastDate, trend: null, conflict: true };
  }
  // The analyte's previous day: its point of the same assay, unless that day was a conflict (then no trend).
  const own = points.get(analyte) ?? [];
  const before = own.filter((p) => p.date < lastDate);
  const previousDay = before.filter((p) => p.date === before.at(-1)?.date);
  const previous = previousDay.some((p) => p.conflict) ? undefined : previousDay.find((p) => p.result.assayId === assayId);
  return {
    analyte,
    display: formatAntibodyValue(latest.result),
    cls: latest.cls,
    xCutoff: latest.level,
    on: lastDate,
    trend: trendOf(previous?.level, latest.level),
    conflict: false,
  };
}

function ckSnapshot(ck: readonly EnzymeResult[]): PatientSnapshot['ck'] {
  const latest = latestEnzyme(ck);
  if (!latest) return null;
  // The previous day, read the same way (its more abnormal result); compared in multiples of
  // each result's own ULN, so a change of lab range is not a trend.
  const previous = latestEnzyme(ck.filter((r) => r.collectedOn < latest.collectedOn));
  const rel = (r: EnzymeResult | undefined) => (r ? r.valueUL / r.upperLimitUL : null);
  return { valueUL: latest.valueUL, upperLimitUL: latest.upperLimitUL, high: latest.valueUL > latest.upperLimitUL, on: latest.collectedOn, trend: trendOf(rel(previous), rel(latest)) };
}

function mmtSnapshot(exams: readonly MmtExam[]): PatientSnapshot['mmt'] {
  // On one day the weakest exam is last (the engine's order).
  const latest = exams.at(-1);
  if (!latest) return null;
  const prev = exams.filter((e) => e.date < latest.date).at(-1);
  return { total: latest.total, max: latest.max, on: latest.date, trend: trendOf(prev ? prev.total / prev.max : null, latest.total / latest.max) };
}

/** Latest titer (any analyte), CK and complete MMT-8, each with its trend; whether any titer was ever positive. */
export function patientSnapshot(data: { antibodyResults: readonly AntibodyResult[]; enzymeResults: readonly EnzymeResult[]; visits: readonly Visit[] }): PatientSnapshot {
  const everPositive = live(data.antibodyResults).some((r) => {
    const cls = classifyAntibody(r);
    return cls !== null && isPositiveClass(cls);
  });
  const read = prepareInput({ ...data, medications: [] }, EVERY_DATE);
  return { titer: titerSnapshot(read.byAnalyte), ck: ckSnapshot(read.enzymes.get('ck') ?? []), mmt: mmtSnapshot(read.completeMmts), everPositive };
}
