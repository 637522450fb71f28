import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enzymeRangeChangeText, tisBand, tisCategory, tisPoints, totalImprovementScore, type TisMeasure, type TisMeasures } from '@/lib/domain/tis';

const baseline: TisMeasures = {
  physicianGlobal: 6,
  patientGlobal: 6,
  mmt: { total: 60, max: 80 },
  haq: 1.5,
  enzyme: { value: 1000, upperLimit: 200 },
  extramuscular: 4,
};

describe('tisPoints: every band edge (docs/clinical/tis.md)', () => {
  // [improvement %, points]: an edge belongs to the lower band.
  const table: Record<TisMeasure, [number, number][]> = {
    physicianGlobal: [[-50, 0], [0, 0], [5, 0], [5.01, 7.5], [15, 7.5], [15.01, 15], [25, 15], [25.01, 17.5], [40, 17.5], [40.01, 20], [100, 20]],
    patientGlobal: [[-10, 0], [5, 0], [5.01, 2.5], [15, 2.5], [15.01, 5], [25, 5], [25.01, 7.5], [40, 7.5], [40.01, 10]],
    mmt: [[-10, 0], [2, 0], [2.01, 10], [10, 10], [10.01, 20], [20, 20], [20.01, 27.5], [30, 27.5], [30.01, 32.5], [5, 10], [35, 32.5]],
    haq: [[-10, 0], [5, 0], [5.01, 5], [15, 5], [15.01, 7.5], [25, 7.5], [25.01, 7.5], [40, 7.5], [40.01, 10]],
    enzyme: [[-10, 0], [5, 0], [5.01, 2.5], [15, 2.5], [15.01, 5], [25, 5], [25.01, 7.5], [40, 7.5], [40.01, 7.5]],
    extramuscular: [[-10, 0], [5, 0], [5.01, 7.5], [15, 7.5], [15.01, 12.5], [25, 12.5], [25.01, 15], [40, 15], [40.01, 20]],
  };
  for (const [measure, rows] of Object.entries(table) as [TisMeasure, [number, number][]][]) {
    it.each(rows)(`${measure}: %s%% -> %s points`, (percent, points) => {
      expect(tisPoints(measure, percent)).toBe(points);
    });
  }

  it('bands 0-4', () => {
    expect([0, 5, 6, 16, 26, 41].map((p) => tisBand('haq', p))).toEqual([0, 0, 1, 2, 3, 4]);
    expect([2, 3, 11, 21, 31].map((p) => tisBand('mmt', p))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('totalImprovementScore: percent change from real inputs lands on the edges', () => {
  const points = (patch: Partial<TisMeasures>, base: Partial<TisMeasures> = {}) =>
    totalImprovementScore({ ...baseline, ...base }, { ...baseline, ...patch }).points;

  it('0-10 scales: absolute change of the range (0.5 -> 5%, 0.6 -> 6%, 4.0 -> 40%, 4.1 -> 41%)', () => {
    const pg = (follow: number) => points({ physicianGlobal: follow }, { physicianGlobal: 10 }).physicianGlobal;
    expect([9.5, 9.4, 8.5, 8.4, 7.5, 7.4, 6, 5.9, 0].map(pg)).toEqual([0, 7.5, 7.5, 15, 15, 17.5, 17.5, 20, 20]);
    expect([10, 3.5, 3.4].map((f) => points({ extramuscular: f }).extramuscular)).toEqual([0, 0, 7.5]); // from 4: worse, 5%, 6%
    expect([5.5, 5.4].map((f) => points({ patientGlobal: f }).patientGlobal)).toEqual([0, 2.5]); // from 6
  });

  it('HAQ 0-3: 0.15 is exactly 5%, 0.45 exactly 15%, 1.2 exactly 40%', () => {
    const haq = (follow: number) => points({ haq: follow }, { haq: 3 }).haq;
    expect([2.85, 2.84, 2.55, 2.54, 2.25, 2.24, 1.8, 1.79].map(haq)).toEqual([0, 5, 5, 7.5, 7.5, 7.5, 7.5, 10]);
  });

  it('MMT: absolute change of the maximum, its own bands (150: 3 = 2%, 15 = 10%, 30 = 20%, 45 = 30%)', () => {
    const mmt = (total: number) => points({ mmt: { total, max: 150 } }, { mmt: { total: 100, max: 150 } }).mmt;
    expect([97, 103, 104, 115, 116, 130, 131, 145, 146].map(mmt)).toEqual([0, 0, 10, 10, 20, 20, 27.5, 27.5, 32.5]);
  });

  it('MMT across versions compares fractions of the maximum', () => {
    expect(points({ mmt: { total: 135, max: 150 } }, { mmt: { total: 60, max: 80 } }).mmt).toBe(20); // 75% -> 90%
  });

  it('enzyme: relative change of the value itself from 1000 U/L (950 -> 5%, 949 -> 5.1%, 600 -> 40%)', () => {
    const enzyme = (value: number, upperLimit = 200) => points({ enzyme: { value, upperLimit } }).enzyme;
    expect([1100, 950, 949, 850, 849, 750, 749, 600, 599, 100].map((v) => enzyme(v))).toEqual([0, 0, 2.5, 2.5, 5, 5, 7.5, 7.5, 7.5, 7.5]);
    // Computed on value / ULN (the earlier, wrong method) the same 1000 U/L under a doubled ULN scored 7.5, a "50%" fall.
    expect(enzyme(1000, 400)).toBe(0);
  });
});

describe('enzyme change across a change of the lab reference range (Aggarwal et al. 2017: relative change of the enzyme value)', () => {
  const tis = (from: { value: number; upperLimit: number }, to: { value: number; upperLimit: number }) =>
    totalImprovementScore({ ...baseline, enzyme: { ...from, name: 'CK' } }, { ...baseline, enzyme: { ...to, name: 'CK' } });

  it('CK 2000 U/L with limit 200, then 2000 U/L with limit 400: no change, 0 points, and the range change is flagged in words', () => {
    const r = tis({ value: 2000, upperLimit: 200 }, { value: 2000, upperLimit: 400 });
    expect(r.percentChange.enzyme).toBe(0);
    expect(r.points.enzyme).toBe(0);
    expect(r.score).toBe(0);
    expect(r.enzymeRangeChange).toEqual({ enzyme: 'CK', fromUpperLimit: 200, toUpperLimit: 400 });
    expect(enzymeRangeChangeText(r.enzymeRangeChange!)).toBe(
      "The lab's CK reference range changed between these visits (upper limit 200 → 400 U/L); the enzyme change compares values only.",
    );
  });

  it('a fall from 2000 to 1000 U/L is 50%, the > 40% band (7.5 points), whatever the limits', () => {
    for (const [fromLimit, toLimit] of [[200, 200], [200, 400], [400, 200]] as const) {
      const r = tis({ value: 2000, upperLimit: fromLimit }, { value: 1000, upperLimit: toLimit });
      expect(r.percentChange.enzyme).toBe(50);
      expect(tisBand('enzyme', 50)).toBe(4);
      expect(r.points.enzyme).toBe(7.5);
      expect(r.enzymeRangeChange === null).toBe(fromLimit === toLimit);
    }
  });

  it('a rise is worsening (0 points); the same limit, or one differing only by unit rounding, is not flagged', () => {
    expect(tis({ value: 1000, upperLimit: 200 }, { value: 3000, upperLimit: 200 })).toMatchObject({ percentChange: { enzyme: -200 }, points: { enzyme: 0 }, enzymeRangeChange: null });
    // 3.33 ukat/L = 199.8 U/L at 60 U/L per ukat/L; a limit read back as 199.80000000000001 is the same limit.
    expect(tis({ value: 1000, upperLimit: 199.8 }, { value: 900, upperLimit: 199.80000000000001 }).enzymeRangeChange).toBeNull();
    expect(totalImprovementScore({ ...baseline, enzyme: { value: 900, upperLimit: 170 } }, { ...baseline, enzyme: { value: 900, upperLimit: 190 } }).enzymeRangeChange)
      .toEqual({ enzyme: 'muscle enzyme', fromUpperLimit: 170, toUpperLimit: 190 });
  });

  it('property: the enzyme points and percent never depend on the upper limits; the flag is raised exactly when they differ', () => {
    const limit = fc.integer({ min: 1, max: 2000 });
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), limit, limit, (b, f, l1, l2) => {
      const moved = tis({ value: b, upperLimit: l1 }, { value: f, upperLimit: l2 });
      const same = tis({ value: b, upperLimit: 200 }, { value: f, upperLimit: 200 });
      expect(moved.percentChange.enzyme).toBe(same.percentChange.enzyme);
      expect(moved.points.enzyme).toBe(same.points.enzyme);
      expect(moved.enzymeRangeChange !== null).toBe(l1 !== l2);
    }));
  });
});

describe('score and category', () => {
  it('maximal improvement scores 100 (major)', () => {
    const best = totalImprovementScore(
      { physicianGlobal: 10, patientGlobal: 10, mmt: { total: 40, max: 80 }, haq: 3, enzyme: { value: 5000, upperLimit: 200 }, extramuscular: 10 },
      { physicianGlobal: 0, patientGlobal: 0, mmt: { total: 80, max: 80 }, haq: 0, enzyme: { value: 150, upperLimit: 200 }, extramuscular: 0 },
    );
    expect(best).toMatchObject({ score: 100, category: 'major', complete: true, missing: [], provisional: true });
  });

  it('no change scores 0 (none), not missing', () => {
    expect(totalImprovementScore(baseline, baseline)).toMatchObject({ score: 0, category: 'none', complete: true });
  });

  it('sums the points', () => {
    const r = totalImprovementScore(baseline, { ...baseline, physicianGlobal: 4, mmt: { total: 70, max: 80 }, haq: 1 });
    // physician 20% -> 15, MMT 12.5% -> 20, HAQ 16.67% -> 7.5
    expect(r.points).toMatchObject({ physicianGlobal: 15, mmt: 20, haq: 7.5, patientGlobal: 0, enzyme: 0, extramuscular: 0 });
    expect(r.score).toBe(42.5);
    expect(r.category).toBe('moderate');
    expect(r.percentChange.physicianGlobal).toBe(20);
  });

  it.each([
    [19.999, 'adult', 'none'], [20, 'adult', 'minimal'], [39.5, 'adult', 'minimal'], [40, 'adult', 'moderate'], [59.5, 'adult', 'moderate'], [60, 'adult', 'major'],
    [29.5, 'juvenile', 'none'], [30, 'juvenile', 'minimal'], [44.5, 'juvenile', 'minimal'], [45, 'juvenile', 'moderate'], [69.5, 'juvenile', 'moderate'], [70, 'juvenile', 'major'],
  ] as const)('score %s (%s) -> %s', (score, population, category) => {
    expect(tisCategory(score, population)).toBe(category);
  });

  it('uses juvenile thresholds when asked', () => {
    const follow = { ...baseline, physicianGlobal: 2, patientGlobal: 2 }; // 40% each -> 17.5 + 7.5 = 25
    expect(totalImprovementScore(baseline, follow).category).toBe('minimal');
    expect(totalImprovementScore(baseline, follow, 'juvenile').category).toBe('none');
  });
});

describe('missing measures make the score incomplete, never a silent zero', () => {
  it('a missing follow-up HAQ', () => {
    const r = totalImprovementScore(baseline, { ...baseline, physicianGlobal: 0, haq: null });
    expect(r).toMatchObject({ score: null, category: null, complete: false, missing: ['haq'], provisional: true });
    expect(r.points.haq).toBeNull();
    expect(r.points.physicianGlobal).toBe(20);
    expect(r.notes).toEqual(['HAQ-DI: follow-up not recorded']);
  });

  it('a partial MMT-8, a missing enzyme, an out-of-range value', () => {
    const r = totalImprovementScore({ ...baseline, enzyme: null }, { ...baseline, mmt: { total: null, max: 80 }, physicianGlobal: 11 });
    expect(r.missing).toEqual(['physicianGlobal', 'mmt', 'enzyme']);
    expect(r.notes).toContain('MMT-8: follow-up exam missing or partial');
    expect(r.notes).toContain('physician global: values must be between 0 and 10');
  });

  it('a baseline enzyme of 0 has no relative change; a negative or non-numeric value is refused', () => {
    expect(totalImprovementScore({ ...baseline, enzyme: { value: 0, upperLimit: 200 } }, baseline).missing).toEqual(['enzyme']);
    const bad = totalImprovementScore(baseline, { ...baseline, enzyme: { value: Number.NaN, upperLimit: 200 } });
    expect(bad).toMatchObject({ missing: ['enzyme'], notes: ['muscle enzyme: value must be a number >= 0'], enzymeRangeChange: null });
    expect(totalImprovementScore(baseline, { ...baseline, enzyme: { value: -5, upperLimit: 200 } }).missing).toEqual(['enzyme']);
  });
});
