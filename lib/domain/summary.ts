/**
 * A patient's latest titer, CK and MMT-8 with their direction of change: what the
 * worklist shows next to the signals. Pure; entered-in-error rows never count.
 */
import { classifyAntibody, formatAntibodyValue, isPositiveClass, xCutoff } from './antibody';
import { byDateThenId } from './dates';
import { mmtTotal } from './mmt';
import type { AntibodyClass, AntibodyResult, EnzymeResult, Visit } from './types';

export type Trend = 'up' | 'down' | 'flat' | null;

export interface PatientSnapshot {
  titer: { analyte: string; display: string; cls: AntibodyClass | null; xCutoff: number | null; on: string; trend: Trend } | null;
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

function titerSnapshot(results: readonly AntibodyResult[]): PatientSnapshot['titer'] {
  const rows = live(results).sort(byDateThenId((r) => r.collectedOn));
  const latest = rows.at(-1);
  if (!latest) return null;
  // Trend only within one analyte and one assay: levels of different assays are not comparable.
  const previous = rows.filter((r) => r !== latest && r.analyte === latest.analyte && r.assayId === latest.assayId).at(-1);
  const x = (r: AntibodyResult | undefined) => (r && r.value !== null ? xCutoff(r.value, r.cutoff) : null);
  return {
    analyte: latest.analyte,
    display: formatAntibodyValue(latest),
    cls: classifyAntibody(latest),
    xCutoff: x(latest),
    on: latest.collectedOn,
    trend: trendOf(x(previous), x(latest)),
  };
}

function ckSnapshot(results: readonly EnzymeResult[]): PatientSnapshot['ck'] {
  const ck = live(results).filter((r) => r.analyte === 'ck').sort(byDateThenId((r) => r.collectedOn));
  const latest = ck.at(-1);
  if (!latest) return null;
  // Compare in multiples of each result's own ULN, so a change of lab range is not a trend.
  const rel = (r: EnzymeResult | undefined) => (r ? r.valueUL / r.upperLimitUL : null);
  return { valueUL: latest.valueUL, upperLimitUL: latest.upperLimitUL, high: latest.valueUL > latest.upperLimitUL, on: latest.collectedOn, trend: trendOf(rel(ck.at(-2)), rel(latest)) };
}

function mmtSnapshot(visits: readonly Visit[]): PatientSnapshot['mmt'] {
  const complete = live(visits)
    .sort(byDateThenId((v) => v.visitOn))
    .flatMap((v) => {
      if (!v.mmtVersion) return [];
      const t = mmtTotal(v.mmtVersion, v.mmtGrades);
      return t.complete && t.total !== null ? [{ total: t.total, max: t.max, on: v.visitOn }] : [];
    });
  const latest = complete.at(-1);
  if (!latest) return null;
  const prev = complete.at(-2);
  return { ...latest, trend: trendOf(prev ? prev.total / prev.max : null, latest.total / latest.max) };
}

/** Latest titer (any analyte), CK and complete MMT-8, each with its trend; whether any titer was ever positive. */
export function patientSnapshot(data: { antibodyResults: readonly AntibodyResult[]; enzymeResults: readonly EnzymeResult[]; visits: readonly Visit[] }): PatientSnapshot {
  const everPositive = live(data.antibodyResults).some((r) => {
    const cls = classifyAntibody(r);
    return cls !== null && isPositiveClass(cls);
  });
  return { titer: titerSnapshot(data.antibodyResults), ck: ckSnapshot(data.enzymeResults), mmt: mmtSnapshot(data.visits), everPositive };
}
