/**
 * Repeated-measures correlation (rmcorr): the common within-patient association of
 * two measures taken together several times per patient. Pooling all pairs in one
 * ordinary correlation would treat a patient's 20 visits as 20 independent
 * patients; rmcorr removes each patient's own mean level first.
 *
 * Sources:
 * - Bakdash JZ, Marusich LR. Repeated Measures Correlation. Front Psychol
 *   2017;8:456. doi:10.3389/fpsyg.2017.00456 (ANCOVA: y ~ patient + x; r_rm =
 *   sign(slope) * sqrt(SS_x / (SS_x + SS_residual)); df = N - k - 1).
 * - Bland JM, Altman DG. Calculating correlation coefficients with repeated
 *   observations: Part 1 - correlation within subjects. BMJ 1995;310:446.
 * - The rmcorr R package README (Bland & Altman's pH / PaCO2 data): r = -0.5067697,
 *   df = 38, p = 0.0008471081, 95% CI -0.7067146 to -0.2318631; reproduced in
 *   tests/unit/cohort-stats-rmcorr.test.ts.
 *
 * With a common slope and patient intercepts, SS_x = Sxy^2 / Sxx and SS_residual =
 * Syy - Sxy^2 / Sxx over within-patient deviations, so r_rm = Sxy / sqrt(Sxx Syy).
 * Nothing in jStat computes it; the t tail is jStat's.
 */
import { studentTTwoSidedP, Z_975 } from './distributions';

export interface RmObservation {
  subject: string | number;
  x: number;
  y: number;
}

export type RmcorrResult =
  | { ok: true; r: number; df: number; p: number; ci: [number, number]; observations: number; subjects: number; slope: number; test: string }
  | { ok: false; reason: string; observations: number; subjects: number };

/** One subject's paired values, x[i] with y[i]. */
export interface RmSubject {
  x: readonly number[];
  y: readonly number[];
}

/**
 * rmcorr of y on x. Subjects with a single observation are left out: they carry
 * no within-subject information, and dropping them leaves r and df unchanged
 * (each would add one observation and one intercept). Non-finite values are
 * dropped first.
 */
export function rmcorr(observations: readonly RmObservation[]): RmcorrResult {
  const bySubject = new Map<string | number, { x: number[]; y: number[] }>();
  for (const o of observations) {
    if (!Number.isFinite(o.x) || !Number.isFinite(o.y)) continue;
    const s = bySubject.get(o.subject) ?? { x: [], y: [] };
    s.x.push(o.x);
    s.y.push(o.y);
    bySubject.set(o.subject, s);
  }
  return rmcorrBySubject([...bySubject.values()]);
}

/** rmcorr from values already grouped by subject (the cohort's pairs are; no regrouping). */
export function rmcorrBySubject(subjects: readonly RmSubject[]): RmcorrResult {
  const groups = subjects.filter((g) => g.x.length >= 2 && g.x.length === g.y.length);
  const n = groups.reduce((s, g) => s + g.x.length, 0);
  const k = groups.length;
  const df = n - k - 1;
  const counts = { observations: n, subjects: k };
  if (k === 0) return { ok: false, reason: 'no patient has two or more pairs', ...counts };
  if (df < 2) return { ok: false, reason: `too few pairs (${n} pairs from ${k} patients leave ${Math.max(df, 0)} degrees of freedom)`, ...counts };
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let magnitude = 1;
  for (const { x, y } of groups) {
    let mx = 0;
    let my = 0;
    for (let i = 0; i < x.length; i += 1) {
      mx += x[i] ?? 0;
      my += y[i] ?? 0;
    }
    mx /= x.length;
    my /= y.length;
    for (let i = 0; i < x.length; i += 1) {
      const dx = (x[i] ?? 0) - mx;
      const dy = (y[i] ?? 0) - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
      magnitude = Math.max(magnitude, mx * mx, my * my);
    }
  }
  // Relative guard: sums of 1e-30 are rounding noise of equal values, not variation.
  const none = (v: number) => v <= 1e-12 * magnitude;
  if (none(sxx) || none(syy)) return { ok: false, reason: 'no variation within patients in one of the measures', ...counts };
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  const t = Math.abs(r) === 1 ? Infinity : r * Math.sqrt(df / (1 - r * r));
  return { ok: true, r, df, p: studentTTwoSidedP(t, df), ci: fisherInterval(r, df), ...counts, slope: sxy / sxx, test: 'repeated-measures correlation (Bakdash & Marusich 2017)' };
}

/**
 * 95% interval by Fisher's z with standard error 1 / sqrt(df - 1), the interval the
 * rmcorr package reports (its README example is reproduced to 6 decimals with it).
 */
export function fisherInterval(r: number, df: number): [number, number] {
  if (Math.abs(r) >= 1) return [r, r];
  const z = Math.atanh(r);
  const se = 1 / Math.sqrt(df - 1);
  return [Math.tanh(z - Z_975 * se), Math.tanh(z + Z_975 * se)];
}
