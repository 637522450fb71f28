/**
 * 2016 ACR/EULAR Total Improvement Score (TIS, 0-100) for adult and juvenile
 * dermatomyositis/polymyositis: Aggarwal R, et al. Ann Rheum Dis 2017;76(5):792-801
 * (adult; also Arthritis Rheumatol 2017;69(5):911-923) and Rider LG, et al. Arthritis
 * Rheumatol 2017;69(5):898-910 (juvenile). Table and rules: docs/clinical/tis.md.
 *
 * Percent change (positive = improvement):
 * - scored measures: absolute change as a percent of the scale range, e.g. physician
 *   global 6 -> 4 on 0-10 is (6 - 4) / 10 = 20%; MMT improves upwards, so
 *   (follow-up/max - baseline/max) x 100 (also works when the MMT version changed);
 * - muscle enzyme: relative change of the enzyme value itself from baseline, as the
 *   published method defines it: (baseline - follow-up) / baseline, e.g. CK 2000 ->
 *   1000 U/L is 50%. The value is NOT divided by the upper limit of normal: had it
 *   been, a lab that raises its CK limit from 200 to 400 U/L would turn an unchanged
 *   2000 U/L into a 50% "improvement" (7.5 points). When the limit changed between
 *   the two visits the result says so (`enzymeRangeChange`), so the reader knows the
 *   values were compared across reference ranges.
 * Percents are rounded to 6 decimals before banding so 0.1-step inputs land exactly
 * on band edges. A band edge belongs to the lower band ("> 5-15%": 5% itself = 0).
 *
 * The exact formulas are still to be verified against the paper's supplement, so
 * every result is `provisional: true` (docs/clinical/tis.md, "(verify)").
 */
import { TIS_MEASURE_LABELS } from './vocabulary';

export const TIS_MEASURES = ['physicianGlobal', 'patientGlobal', 'mmt', 'haq', 'enzyme', 'extramuscular'] as const;
export type TisMeasure = (typeof TIS_MEASURES)[number];
export type TisCategory = 'none' | 'minimal' | 'moderate' | 'major';
export type TisPopulation = 'adult' | 'juvenile';

export interface TisMeasures {
  /** Physician global activity, 0-10 VAS. */
  physicianGlobal: number | null;
  /** Patient global activity, 0-10 VAS. */
  patientGlobal: number | null;
  /** MMT-8 total (null when the exam was partial) and the maximum of its version (80 or 150). */
  mmt: { total: number | null; max: number } | null;
  /** HAQ-DI, 0-3. */
  haq: number | null;
  /**
   * The most abnormal muscle enzyme (chosen by the caller), in U/L, with the upper
   * limit of normal the lab gave with it (only to notice a change of range) and its
   * name for the reader ("CK").
   */
  enzyme: { value: number; upperLimit: number; name?: string } | null;
  /** Extramuscular activity global (MDAAT), 0-10 VAS. */
  extramuscular: number | null;
}

export interface TisResult {
  /** Sum of points; null when any measure is missing (never a silent zero). */
  score: number | null;
  /** Null when the score is incomplete. */
  category: TisCategory | null;
  points: Record<TisMeasure, number | null>;
  /** Improvement in percent (see file comment); null when not computable. */
  percentChange: Record<TisMeasure, number | null>;
  complete: boolean;
  missing: TisMeasure[];
  /** Human reasons for each missing measure. */
  notes: string[];
  /** The enzyme's upper limit of normal differed at the two visits (null when not, or not comparable). */
  enzymeRangeChange: EnzymeRangeChange | null;
  provisional: true;
}

export interface EnzymeRangeChange {
  /** The enzyme's name ("CK"); "muscle enzyme" when the caller gave none. */
  enzyme: string;
  /** Upper limits of normal at baseline and at follow-up, U/L. */
  fromUpperLimit: number;
  toUpperLimit: number;
}

/** The flag in clinical words, for every place that shows the score. */
export function enzymeRangeChangeText(c: EnzymeRangeChange): string {
  const limit = (v: number) => String(Number.parseFloat(v.toFixed(2)));
  return `The lab's ${c.enzyme} reference range changed between these visits (upper limit ${limit(c.fromUpperLimit)} → ${limit(c.toUpperLimit)} U/L); the enzyme change compares values only.`;
}

/** Upper edges (inclusive) of bands 0-3; above the last edge is band 4. */
const DEFAULT_BAND_EDGES = [5, 15, 25, 40] as const;
const MMT_BAND_EDGES = [2, 10, 20, 30] as const;

/** Points per band: worsening to <= edge0, then (edge0, edge1], ..., > edge3. */
export const TIS_POINTS: Readonly<Record<TisMeasure, readonly number[]>> = {
  physicianGlobal: [0, 7.5, 15, 17.5, 20],
  patientGlobal: [0, 2.5, 5, 7.5, 10],
  mmt: [0, 10, 20, 27.5, 32.5],
  haq: [0, 5, 7.5, 7.5, 10],
  enzyme: [0, 2.5, 5, 7.5, 7.5],
  extramuscular: [0, 7.5, 12.5, 15, 20],
};

export const TIS_THRESHOLDS: Readonly<Record<TisPopulation, { minimal: number; moderate: number; major: number }>> = {
  adult: { minimal: 20, moderate: 40, major: 60 },
  juvenile: { minimal: 30, moderate: 45, major: 70 },
};

const SCALE_MAX: Record<'physicianGlobal' | 'patientGlobal' | 'haq' | 'extramuscular', number> = {
  physicianGlobal: 10,
  patientGlobal: 10,
  haq: 3,
  extramuscular: 10,
};

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Band 0-4 of an improvement percent for a measure. */
export function tisBand(measure: TisMeasure, improvementPercent: number): number {
  const edges = measure === 'mmt' ? MMT_BAND_EDGES : DEFAULT_BAND_EDGES;
  const band = edges.findIndex((edge) => improvementPercent <= edge);
  return band === -1 ? edges.length : band;
}

/** Points for an improvement percent (TIS table, docs/clinical/tis.md). */
export function tisPoints(measure: TisMeasure, improvementPercent: number): number {
  return TIS_POINTS[measure][tisBand(measure, improvementPercent)] ?? 0;
}

export function tisCategory(score: number, population: TisPopulation = 'adult'): TisCategory {
  const t = TIS_THRESHOLDS[population];
  if (score >= t.major) return 'major';
  if (score >= t.moderate) return 'moderate';
  if (score >= t.minimal) return 'minimal';
  return 'none';
}

type Change = { percent: number } | { problem: string };

function inRange(v: number, max: number): boolean {
  return Number.isFinite(v) && v >= 0 && v <= max;
}

function scaleChange(measure: keyof typeof SCALE_MAX, base: number | null, follow: number | null): Change {
  const max = SCALE_MAX[measure];
  if (base === null || follow === null) return { problem: `${TIS_MEASURE_LABELS[measure]}: ${base === null ? 'baseline' : 'follow-up'} not recorded` };
  if (!inRange(base, max) || !inRange(follow, max)) return { problem: `${TIS_MEASURE_LABELS[measure]}: values must be between 0 and ${max}` };
  return { percent: round6(((base - follow) * 100) / max) };
}

function mmtChange(base: TisMeasures['mmt'], follow: TisMeasures['mmt']): Change {
  if (base === null || base.total === null) return { problem: 'MMT-8: baseline exam missing or partial' };
  if (follow === null || follow.total === null) return { problem: 'MMT-8: follow-up exam missing or partial' };
  if (!(base.max > 0) || !(follow.max > 0) || !inRange(base.total, base.max) || !inRange(follow.total, follow.max)) {
    return { problem: 'MMT-8: total must be between 0 and its maximum' };
  }
  return { percent: round6((follow.total * 100) / follow.max - (base.total * 100) / base.max) };
}

function enzymeChange(base: TisMeasures['enzyme'], follow: TisMeasures['enzyme']): Change {
  if (base === null || follow === null) return { problem: `muscle enzyme: ${base === null ? 'baseline' : 'follow-up'} not recorded` };
  const valid = (e: { value: number }) => Number.isFinite(e.value) && e.value >= 0;
  if (!valid(base) || !valid(follow)) return { problem: 'muscle enzyme: value must be a number >= 0' };
  if (base.value === 0) return { problem: 'muscle enzyme: baseline of 0 has no relative change' };
  return { percent: round6(((base.value - follow.value) * 100) / base.value) };
}

/** Upper limits that differ by more than rounding (a ukat/L limit converted to U/L is not exact). */
function rangeChange(base: TisMeasures['enzyme'], follow: TisMeasures['enzyme']): EnzymeRangeChange | null {
  if (!base || !follow) return null;
  const [from, to] = [base.upperLimit, follow.upperLimit];
  if (!(Number.isFinite(from) && from > 0 && Number.isFinite(to) && to > 0)) return null;
  if (Math.abs(from - to) <= 1e-6 * Math.max(from, to)) return null;
  return { enzyme: follow.name ?? base.name ?? 'muscle enzyme', fromUpperLimit: from, toUpperLimit: to };
}

/**
 * Total Improvement Score of `followUp` against `baseline`.
 * Juvenile thresholds (30/45/70) with `population: 'juvenile'`.
 */
export function totalImprovementScore(
  baseline: TisMeasures,
  followUp: TisMeasures,
  population: TisPopulation = 'adult',
): TisResult {
  const changes: Record<TisMeasure, Change> = {
    physicianGlobal: scaleChange('physicianGlobal', baseline.physicianGlobal, followUp.physicianGlobal),
    patientGlobal: scaleChange('patientGlobal', baseline.patientGlobal, followUp.patientGlobal),
    mmt: mmtChange(baseline.mmt, followUp.mmt),
    haq: scaleChange('haq', baseline.haq, followUp.haq),
    enzyme: enzymeChange(baseline.enzyme, followUp.enzyme),
    extramuscular: scaleChange('extramuscular', baseline.extramuscular, followUp.extramuscular),
  };
  const points = {} as Record<TisMeasure, number | null>;
  const percentChange = {} as Record<TisMeasure, number | null>;
  const missing: TisMeasure[] = [];
  const notes: string[] = [];
  for (const measure of TIS_MEASURES) {
    const change = changes[measure];
    if ('percent' in change) {
      percentChange[measure] = change.percent;
      points[measure] = tisPoints(measure, change.percent);
    } else {
      percentChange[measure] = null;
      points[measure] = null;
      missing.push(measure);
      notes.push(change.problem);
    }
  }
  const complete = missing.length === 0;
  const score = complete ? round6(TIS_MEASURES.reduce((sum, m) => sum + (points[m] ?? 0), 0)) : null;
  return {
    score,
    category: score === null ? null : tisCategory(score, population),
    points,
    percentChange,
    complete,
    missing,
    notes,
    enzymeRangeChange: rangeChange(baseline.enzyme, followUp.enzyme),
    provisional: true,
  };
}
