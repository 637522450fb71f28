/**
 * Titer vs disease activity across patients (docs/clinical/evidence.md section 3: "Anti-Mi2
 * levels correlated with CK and with strength (p < 0.001)").
 *
 * Decisions:
 * - Pairing (./pairs.ts): each titer day and each CK day (or complete MMT-8 day) in at
 *   most one pair, at most `windowDays` apart, the closest first; on a day with two
 *   CK results the higher, with two exams the weaker. Unlike the patient timeline's
 *   strip, one CK never pairs with several titers: the number of pairs and rmcorr's
 *   degrees of freedom count measurements, not one measurement again for each titer
 *   near it.
 * - Titer = x cut-off (a censored value at its bound; qualitative-only results have
 *   no level) of ONE assay per patient, one level per day (./titer-series.ts:
 *   levels of different assays are not on one scale and are never pooled). The
 *   DAL aggregates the levels per assay and day in SQL (lib/dal/cohort-queries.ts
 *   titerLevelsByAssay).
 * - Main statistic: repeated-measures correlation (./rmcorr.ts) on log10(titer)
 *   and log10(CK) (both span decades) and on log10(titer) and MMT-8 (0-80).
 *   Also shown: each patient's own Spearman rho (from 5 pairs, as on the
 *   timeline) and Spearman on per-patient means (between-patient association).
 */
import { MIN_PAIRS, spearman, type Dated, type Pair } from '../timeline/correlation';
import type { Analyte } from '../types';
import { pairEachOnce } from './pairs';
import { rmcorrBySubject, type RmcorrResult } from './rmcorr';
import { rhoDistribution, spearmanTest, type RhoDistribution, type SpearmanResult } from './spearman';

export type ActivityAnalyte = 'any' | Analyte;
export type ActivityMeasure = 'ck' | 'mmt';

export interface ActivityPatientInput {
  patientId: number;
  /** Titer levels (x cut-off) of the followed assay by date, one per day. */
  titers: readonly Dated[];
  /** The followed assay's label (null without titers). */
  assay?: string | null;
  /** CK in U/L by date. */
  ck: readonly Dated[];
  /** Complete MMT-8 totals on the 0-80 scale by date. */
  mmt: readonly Dated[];
}

/** One patient's pairs (titer x cut-off with the measure), oldest titer first. */
export interface PatientPairs {
  patientId: number;
  assay: string | null;
  pairs: Pair[];
}

export interface PatientRho {
  patientId: number;
  /** The assay whose levels were paired. */
  assay: string | null;
  pairs: number;
  /** null with fewer than MIN_PAIRS pairs or no variation. */
  rho: number | null;
}

export interface MeasureAnalysis {
  measure: ActivityMeasure;
  pairs: number;
  patients: number;
  rm: RmcorrResult;
  between: SpearmanResult;
  perPatient: PatientRho[];
  distribution: RhoDistribution;
  /** Every pair by patient (the CSV); the scatter draws `samplePoints` of them. */
  byPatient: PatientPairs[];
}

/** A scatter of more points than this is unreadable and slow to draw; the table and CSV keep all. */
export const MAX_POINTS = 4000;

/** Every k-th point, so at most `max` are drawn; k is returned to say so on the chart. */
export function samplePoints<T>(points: readonly T[], max = MAX_POINTS): { points: T[]; every: number } {
  const every = Math.max(1, Math.ceil(points.length / max));
  return { points: every === 1 ? [...points] : points.filter((_, i) => i % every === 0), every };
}
const LOG_FLOOR = 0.01;
const log10 = (v: number) => Math.log10(Math.max(v, LOG_FLOOR));

function analyse(measure: ActivityMeasure, paired: readonly PatientPairs[]): MeasureAnalysis {
  const ty = measure === 'ck' ? log10 : (v: number) => v;
  // One pass: transformed values per patient for rmcorr, their means for the
  // between-patient Spearman, raw values for each patient's own rho.
  const subjects: { x: number[]; y: number[] }[] = [];
  const meanX: number[] = [];
  const meanY: number[] = [];
  const perPatient: PatientRho[] = [];
  let pairs = 0;
  for (const { patientId, assay, pairs: list } of paired) {
    const n = list.length;
    if (n === 0) continue;
    const x = new Array<number>(n);
    const y = new Array<number>(n);
    let sx = 0;
    let sy = 0;
    list.forEach((q, i) => {
      const vx = log10(q.titer);
      const vy = ty(q.other);
      x[i] = vx;
      y[i] = vy;
      sx += vx;
      sy += vy;
    });
    subjects.push({ x, y });
    meanX.push(sx / n);
    meanY.push(sy / n);
    perPatient.push({ patientId, assay, pairs: n, rho: n >= MIN_PAIRS ? spearman(list.map((q) => q.titer), list.map((q) => q.other)) : null });
    pairs += n;
  }
  return {
    measure, pairs, patients: perPatient.length, rm: rmcorrBySubject(subjects),
    between: spearmanTest(meanX, meanY, 'Spearman on per-patient means'),
    perPatient, distribution: rhoDistribution(perPatient.map((p) => p.rho)), byPatient: paired.filter((p) => p.pairs.length > 0),
  };
}

/** Pairs every patient's titers with CK and with MMT-8, then the statistics of each. */
export function analyseActivity(inputs: readonly ActivityPatientInput[], opts: { windowDays: number }): Record<ActivityMeasure, MeasureAnalysis> {
  const pairsFor = (measure: ActivityMeasure): PatientPairs[] =>
    inputs.map((p) => ({
      patientId: p.patientId, assay: p.assay ?? null,
      pairs: measure === 'ck' ? pairEachOnce(p.titers, p.ck, opts.windowDays, 'highest') : pairEachOnce(p.titers, p.mmt, opts.windowDays, 'lowest'),
    }));
  return { ck: analyse('ck', pairsFor('ck')), mmt: analyse('mmt', pairsFor('mmt')) };
}
