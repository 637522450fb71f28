/**
 * Per-visit 2016 ACR/EULAR Total Improvement Score against a baseline visit
 * (docs/clinical/tis.md; Aggarwal et al., Ann Rheum Dis 2017;76:792).
 * Provisional until the formulas are verified against the paper's supplement.
 */
import { dayNumberOf } from './dates';
import { ENZYME, moreAbnormal } from './enzymes';
import { mmtTotal } from './mmt';
import { totalImprovementScore, type TisMeasures, type TisResult } from './tis';
import type { EnzymeAnalyte, EnzymeResult, Visit } from './types';

/** An enzyme counts for a visit when drawn within this many days of it (either side). */
export const ENZYME_WINDOW_DAYS = 30;

export interface VisitResponse {
  visitId: number;
  visitOn: string;
  /** Null for the baseline visit itself and for visits before it. */
  tis: TisResult | null;
}

/** An enzyme result with its day number, computed once per call (every visit scans every result). */
interface DatedEnzyme {
  e: EnzymeResult;
  day: number;
}

function nearestEnzyme(enzymes: readonly DatedEnzyme[], analyte: EnzymeAnalyte | null, on: number): EnzymeResult | null {
  let best: EnzymeResult | null = null;
  let bestGap = Infinity;
  for (const { e, day } of enzymes) {
    if (analyte && e.analyte !== analyte) continue;
    const gap = Math.abs(on - day);
    if (gap > ENZYME_WINDOW_DAYS) continue;
    // On the nearest day, the more abnormal result (as the signals read two of one day), never the first entered.
    if (!best || gap < bestGap || (gap === bestGap && moreAbnormal(e, best))) [best, bestGap] = [e, gap];
  }
  return best;
}


/**
 * The "most abnormal muscle enzyme" is chosen at baseline (highest value / ULN among
 * the enzymes drawn near the baseline visit: only ULN multiples compare CK with
 * aldolase) and then followed: each follow-up uses the same enzyme, so the score
 * compares like with like. Its change is the relative change of the value itself
 * (lib/domain/tis.ts), flagged when the lab's range changed.
 */
function baselineEnzyme(enzymes: readonly DatedEnzyme[], on: number): EnzymeAnalyte | null {
  let best: EnzymeResult | null = null;
  for (const { e, day } of enzymes) {
    if (Math.abs(on - day) > ENZYME_WINDOW_DAYS) continue;
    if (!best || moreAbnormal(e, best) || (!moreAbnormal(best, e) && e.analyte < best.analyte)) best = e;
  }
  return best?.analyte ?? null;
}

function measuresAt(v: Visit, enzymes: readonly DatedEnzyme[], analyte: EnzymeAnalyte | null): TisMeasures {
  const mmt = v.mmtVersion ? mmtTotal(v.mmtVersion, v.mmtGrades) : null;
  const enzyme = analyte ? nearestEnzyme(enzymes, analyte, dayNumberOf(v.visitOn)) : null;
  return {
    physicianGlobal: v.physicianGlobal,
    patientGlobal: v.patientGlobal,
    mmt: mmt ? { total: mmt.total, max: mmt.max } : null,
    haq: v.haq,
    enzyme: enzyme ? { value: enzyme.valueUL, upperLimit: enzyme.upperLimitUL, name: ENZYME[enzyme.analyte].shortLabel } : null,
    extramuscular: v.extramuscular,
  };
}

/**
 * TIS of every visit after the baseline (default: the first live visit). Missing
 * measures make a score incomplete (TisResult.complete false, score null), never zero.
 */
export function visitResponses(visits: readonly Visit[], enzymes: readonly EnzymeResult[], baselineVisitId?: number | null): { baselineVisitId: number | null; responses: VisitResponse[] } {
  // Plain comparison: ISO dates order as strings (localeCompare gives the same order, through ICU, far slower).
  const live = visits.filter((v) => !v.enteredInError).sort((a, b) => (a.visitOn < b.visitOn ? -1 : a.visitOn > b.visitOn ? 1 : a.id - b.id));
  const liveEnzymes = enzymes.filter((e) => !e.enteredInError).map((e) => ({ e, day: dayNumberOf(e.collectedOn) }));
  const baseline = live.find((v) => v.id === baselineVisitId) ?? live[0];
  if (!baseline) return { baselineVisitId: null, responses: [] };
  const analyte = baselineEnzyme(liveEnzymes, dayNumberOf(baseline.visitOn));
  const base = measuresAt(baseline, liveEnzymes, analyte);
  const responses = live.map((v) => ({
    visitId: v.id,
    visitOn: v.visitOn,
    tis: v.visitOn > baseline.visitOn || (v.visitOn === baseline.visitOn && v.id > baseline.id) ? totalImprovementScore(base, measuresAt(v, liveEnzymes, analyte)) : null,
  }));
  return { baselineVisitId: baseline.id, responses };
}
