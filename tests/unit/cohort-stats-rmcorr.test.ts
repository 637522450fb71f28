import { describe, expect, it } from 'vitest';
import { studentTTwoSidedP } from '@/lib/domain/cohort/distributions';
import { rmcorr, type RmObservation } from '@/lib/domain/cohort/rmcorr';

// Bland & Altman, BMJ 1995;310:446: intramural pH and PaCO2, 8 subjects, 47 observations
// (the `bland1995` data of the rmcorr R package).
const SUBJECT = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8];
const PH = [6.68, 6.53, 6.43, 6.33, 6.85, 7.06, 7.13, 7.17, 7.4, 7.42, 7.41, 7.37, 7.34, 7.35, 7.28, 7.3, 7.34, 7.36, 7.33, 7.29, 7.3, 7.35, 7.35, 7.3,
  7.3, 7.37, 7.27, 7.28, 7.32, 7.32, 7.38, 7.3, 7.29, 7.33, 7.31, 7.33, 6.86, 6.94, 6.92, 7.19, 7.29, 7.21, 7.25, 7.2, 7.19, 6.77, 6.82];
const PACO2 = [3.97, 4.12, 4.09, 3.97, 5.27, 5.37, 5.41, 5.44, 5.67, 3.64, 4.32, 4.73, 4.96, 5.04, 5.22, 4.82, 5.07, 5.67, 5.1, 5.53, 4.75, 5.51,
  4.28, 4.44, 4.32, 3.23, 4.46, 4.72, 4.75, 4.99, 4.78, 4.73, 5.12, 4.93, 5.03, 4.93, 6.85, 6.44, 6.52, 5.28, 4.56, 4.34, 4.32, 4.41, 3.69, 6.09, 5.58];
const bland: RmObservation[] = SUBJECT.map((s, i) => ({ subject: s, x: PACO2[i]!, y: PH[i]! }));

const ok = (obs: readonly RmObservation[]) => {
  const r = rmcorr(obs);
  if (!r.ok) throw new Error(r.reason);
  return r;
};

describe('repeated-measures correlation (Bakdash & Marusich 2017)', () => {
  it('reproduces the rmcorr package README on Bland & Altman 1995: r = -0.5067697, df = 38, p = 0.0008471081, CI -0.7067146 to -0.2318631', () => {
    const r = ok(bland);
    expect(r.observations).toBe(47);
    expect(r.subjects).toBe(8);
    expect(r.df).toBe(38);
    expect(r.r).toBeCloseTo(-0.5067697, 7);
    expect(r.p).toBeCloseTo(0.0008471081, 9);
    expect(r.ci[0]).toBeCloseTo(-0.7067146, 6);
    expect(r.ci[1]).toBeCloseTo(-0.2318631, 6);
  });

  it('is symmetric in the two measures (same r, p and df with x and y swapped)', () => {
    const swapped = ok(bland.map((o) => ({ subject: o.subject, x: o.y, y: o.x })));
    const r = ok(bland);
    expect(swapped.r).toBeCloseTo(r.r, 12);
    expect(swapped.p).toBeCloseTo(r.p, 12);
  });

  it('a constructed case by hand: within-subject deviations give Sxy = 3, Sxx = Syy = 4, so r = 0.75 with 6 - 2 - 1 = 3 df', () => {
    const r = ok([
      { subject: 'A', x: 1, y: 1 }, { subject: 'A', x: 2, y: 3 }, { subject: 'A', x: 3, y: 2 },
      { subject: 'B', x: 1, y: 4 }, { subject: 'B', x: 2, y: 5 }, { subject: 'B', x: 3, y: 6 },
    ]);
    expect(r.r).toBeCloseTo(0.75, 12);
    expect(r.df).toBe(3);
    expect(r.p).toBeCloseTo(studentTTwoSidedP(0.75 * Math.sqrt(3 / (1 - 0.5625)), 3), 12);
  });

  it('removes between-patient differences: parallel lines at different levels correlate perfectly within patients', () => {
    const obs = [1, 2, 3].flatMap((x) => [{ subject: 1, x, y: x }, { subject: 2, x, y: x + 10 }, { subject: 3, x: x + 5, y: x - 10 }]);
    const r = ok(obs);
    expect(r.r).toBe(1);
    expect(r.p).toBe(0);
    expect(r.ci).toEqual([1, 1]);
  });

  it('patients with one observation carry no within-patient information: r and df are unchanged by them', () => {
    const r = ok([...bland, { subject: 'single-1', x: 9, y: 1 }, { subject: 'single-2', x: -3, y: 12 }]);
    expect(r.r).toBeCloseTo(-0.5067697, 7);
    expect(r.df).toBe(38);
  });
});

describe('rmcorr: not enough data is said, never NaN', () => {
  it('no observations, only singletons, or too few degrees of freedom', () => {
    expect(rmcorr([])).toMatchObject({ ok: false, reason: 'no patient has two or more pairs' });
    expect(rmcorr([{ subject: 1, x: 1, y: 2 }, { subject: 2, x: 3, y: 4 }]).ok).toBe(false);
    // 3 pairs of one patient: 3 - 1 - 1 = 1 degree of freedom, too few for a test.
    const three = rmcorr([{ subject: 1, x: 1, y: 2 }, { subject: 1, x: 2, y: 3 }, { subject: 1, x: 3, y: 5 }]);
    expect(three).toMatchObject({ ok: false, observations: 3, subjects: 1 });
    expect(three.ok ? '' : three.reason).toContain('1 degrees of freedom');
  });

  it('no variation within patients in one measure (e.g. every CK equal) is refused', () => {
    const r = rmcorr([1, 2, 3, 4].flatMap((x) => [{ subject: 1, x, y: 7 }, { subject: 2, x, y: 9 }]));
    expect(r).toMatchObject({ ok: false, reason: 'no variation within patients in one of the measures' });
  });

  it('non-finite values are dropped before counting', () => {
    const r = rmcorr([...bland, { subject: 1, x: Number.NaN, y: 7 }, { subject: 2, x: 5, y: Number.POSITIVE_INFINITY }]);
    expect(r).toMatchObject({ ok: true, observations: 47 });
  });
});
