import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  KENDALL_TO_MRC,
  KENDALL_TRACE,
  MMT_GROUPS,
  isValidGrade,
  kendallToMrc,
  mmtFraction,
  mmtMax,
  mmtTests,
  mmtTotal,
  validateGrade,
} from '@/lib/domain/mmt';
import type { MmtVersion } from '@/lib/domain/types';

function allGraded(version: MmtVersion, grade: number): Record<string, number> {
  return Object.fromEntries(mmtTests(version).map((t) => [t.key, grade]));
}

describe('MMT groups and tests', () => {
  it('lists the 8 MMT-8 groups in exam-sheet order', () => {
    expect(MMT_GROUPS.map((g) => g.key)).toEqual([
      'neck_flexors',
      'deltoid',
      'biceps',
      'wrist_extensors',
      'gluteus_maximus',
      'gluteus_medius',
      'quadriceps',
      'ankle_dorsiflexors',
    ]);
    expect(MMT_GROUPS[1]?.label).toBe('Deltoid (middle)');
    expect(MMT_GROUPS[2]?.label).toBe('Biceps brachii');
  });

  it('unilateral: 8 tests on the right, neck without side, max 80', () => {
    const tests = mmtTests('unilateral');
    expect(tests).toHaveLength(8);
    expect(tests.map((t) => t.key)).toEqual(MMT_GROUPS.map((g) => g.key));
    expect(tests[0]).toEqual({ key: 'neck_flexors', label: 'Neck flexors', group: 'neck_flexors', side: null });
    expect(tests.slice(1).every((t) => t.side === 'right')).toBe(true);
    expect(mmtMax('unilateral')).toBe(80);
  });

  it('bilateral: neck once + 7 groups x right/left = 15 tests, max 150', () => {
    const tests = mmtTests('bilateral');
    expect(tests).toHaveLength(15);
    expect(tests.slice(0, 5).map((t) => t.key)).toEqual([
      'neck_flexors',
      'deltoid_right',
      'deltoid_left',
      'biceps_right',
      'biceps_left',
    ]);
    expect(tests[14]).toEqual({
      key: 'ankle_dorsiflexors_left',
      label: 'Ankle dorsiflexors, left',
      group: 'ankle_dorsiflexors',
      side: 'left',
    });
    expect(new Set(tests.map((t) => t.key)).size).toBe(15);
    expect(tests.filter((t) => t.side === 'left')).toHaveLength(7);
    expect(mmtMax('bilateral')).toBe(150);
  });
});

describe('grades', () => {
  it.each([0, 1, 5, 9, 10])('accepts %d', (g) => {
    expect(isValidGrade(g)).toBe(true);
    expect(validateGrade(g)).toEqual([]);
  });
  it.each([-1, 11, 4.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %d', (g) => {
    expect(isValidGrade(g)).toBe(false);
    expect(validateGrade(g)).toHaveLength(1);
  });
  it('rejects non-numbers', () => {
    expect(validateGrade('10')).toHaveLength(1);
    expect(isValidGrade(null)).toBe(false);
  });
});

describe('mmtTotal', () => {
  it('full-strength unilateral exam totals 80', () => {
    expect(mmtTotal('unilateral', allGraded('unilateral', 10))).toEqual({
      total: 80,
      partialSum: 80,
      tested: 8,
      required: 8,
      max: 80,
      complete: true,
      missing: [],
      invalid: [],
    });
  });

  it('full-strength bilateral exam totals 150', () => {
    const r = mmtTotal('bilateral', allGraded('bilateral', 10));
    expect(r.total).toBe(150);
    expect(r.max).toBe(150);
    expect(r.required).toBe(15);
    expect(r.complete).toBe(true);
  });

  it('sums a mixed complete exam', () => {
    const grades = { ...allGraded('unilateral', 10), neck_flexors: 6, deltoid: 8, quadriceps: 9 };
    expect(mmtTotal('unilateral', grades).total).toBe(73);
  });

  it('a zero grade counts as tested', () => {
    const r = mmtTotal('unilateral', { ...allGraded('unilateral', 10), biceps: 0 });
    expect(r.complete).toBe(true);
    expect(r.total).toBe(70);
  });

  it('a partial exam has no total, never a low one', () => {
    const grades: Record<string, number | null> = { ...allGraded('unilateral', 10), ankle_dorsiflexors: null };
    delete grades.quadriceps;
    const r = mmtTotal('unilateral', grades);
    expect(r.total).toBeNull();
    expect(r.complete).toBe(false);
    expect(r.partialSum).toBe(60);
    expect(r.tested).toBe(6);
    expect(r.required).toBe(8);
    expect(r.missing).toEqual(['quadriceps', 'ankle_dorsiflexors']);
  });

  it('an empty exam has no total', () => {
    const r = mmtTotal('bilateral', {});
    expect(r).toMatchObject({ total: null, partialSum: 0, tested: 0, required: 15, complete: false });
    expect(r.missing).toHaveLength(15);
  });

  it('unilateral grades do not complete a bilateral exam and vice versa', () => {
    expect(mmtTotal('bilateral', allGraded('unilateral', 10)).complete).toBe(false);
    const r = mmtTotal('unilateral', allGraded('bilateral', 10));
    expect(r.complete).toBe(false);
    expect(r.tested).toBe(1); // only neck_flexors is shared
  });

  it('ignores keys that are not tests of the version', () => {
    const r = mmtTotal('unilateral', { ...allGraded('unilateral', 9), hamstrings: 3 });
    expect(r.total).toBe(72);
  });

  it('an invalid grade makes the exam incomplete and is reported', () => {
    const r = mmtTotal('unilateral', { ...allGraded('unilateral', 10), deltoid: 11, biceps: 7.5 });
    expect(r.total).toBeNull();
    expect(r.complete).toBe(false);
    expect(r.invalid).toEqual(['deltoid', 'biceps']);
    expect(r.partialSum).toBe(60);
  });
});

describe('mmtFraction', () => {
  it('76/80 is 95% (quiescence threshold)', () => {
    expect(mmtFraction(76, 80)).toBe(0.95);
    expect(mmtFraction(150, 150)).toBe(1);
    expect(mmtFraction(0, 150)).toBe(0);
  });
  it('is null for a partial exam or a bad maximum', () => {
    expect(mmtFraction(null, 80)).toBeNull();
    expect(mmtFraction(40, 0)).toBeNull();
  });
});

describe('kendallToMrc', () => {
  it('maps per docs/clinical/strength.md', () => {
    const expected: [number, string][] = [
      [10, '5'], [9, '4+'], [8, '4'], [7, '4-'], [6, '3+'], [5, '3'],
      [4, '3-'], [3, '2+'], [2, '2'], [1, '2-'], [0, '0'],
    ];
    for (const [k, mrc] of expected) expect(kendallToMrc(k)).toBe(mrc);
    expect(Object.keys(KENDALL_TO_MRC)).toHaveLength(11);
  });
  it('is null for invalid grades', () => {
    expect(kendallToMrc(11)).toBeNull();
    expect(kendallToMrc(-1)).toBeNull();
    expect(kendallToMrc(2.5)).toBeNull();
  });
  it('records trace (MRC 1) as Kendall 0', () => {
    expect(KENDALL_TRACE).toEqual({ kendall: 'T', mrc: '1', recordedAs: 0 });
    expect(Object.values(KENDALL_TO_MRC)).not.toContain('1');
  });
});

describe('properties', () => {
  const versionArb = fc.constantFrom<MmtVersion>('unilateral', 'bilateral');

  it('a complete exam total equals the sum of its grades and stays within 0..max', () => {
    fc.assert(
      fc.property(versionArb.chain((v) => fc.tuple(fc.constant(v), fc.array(fc.integer({ min: 0, max: 10 }), { minLength: mmtTests(v).length, maxLength: mmtTests(v).length }))), ([v, gs]) => {
        const tests = mmtTests(v);
        const grades = Object.fromEntries(tests.map((t, i) => [t.key, gs[i] ?? -1]));
        const r = mmtTotal(v, grades);
        expect(r.complete).toBe(true);
        expect(r.total).toBe(gs.reduce((a, b) => a + b, 0));
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(r.max);
      }),
    );
  });

  it('removing any one grade turns the total into null', () => {
    fc.assert(
      fc.property(versionArb, fc.nat(), fc.integer({ min: 0, max: 10 }), (v, idx, grade) => {
        const tests = mmtTests(v);
        const grades: Record<string, number | null> = allGraded(v, grade);
        const dropped = tests[idx % tests.length];
        if (!dropped) throw new Error('unreachable');
        grades[dropped.key] = null;
        const r = mmtTotal(v, grades);
        expect(r.total).toBeNull();
        expect(r.tested).toBe(tests.length - 1);
        expect(r.partialSum).toBe(grade * (tests.length - 1));
      }),
    );
  });
});
