import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  classifyAntibody,
  formatAntibodyValue,
  isAbnormal,
  isPositiveClass,
  validateAssayLimits,
  xCutoff,
  type ClassifiableResult,
} from '@/lib/domain/antibody';
import type { AntibodyClass, Comparator, QualitativeCategory } from '@/lib/domain/types';

// Line blot, National Jewish units (docs/clinical/assays.md):
// negative 0-5, borderline 6-10, positive 11-50, strong > 50.
const LINE_BLOT = { cutoff: 5, positiveFrom: 11, strongAbove: 50 } as const;

function lb(value: number | null, comparator: Comparator = null, qualitative: QualitativeCategory | null = null): ClassifiableResult {
  return { ...LINE_BLOT, value, comparator, qualitative };
}

describe('classifyAntibody: line blot 0-5 / 6-10 / 11-50 / >50', () => {
  it.each<[number, AntibodyClass]>([
    [0, 'negative'],
    [4.9, 'negative'],
    [5, 'negative'], // exactly at the cut-off
    [5.1, 'borderline'], // just above the cut-off
    [6, 'borderline'],
    [10, 'borderline'],
    [10.9, 'borderline'],
    [11, 'positive'], // exactly at the positive limit
    [50, 'positive'], // exactly at the strong limit: not yet strong
    [50.1, 'strong'],
    [51, 'strong'],
    [150, 'strong'],
  ])('%d -> %s', (value, expected) => {
    expect(classifyAntibody(lb(value))).toBe(expected);
  });

  it("classifies a '<' value at or under the cut-off as negative", () => {
    expect(classifyAntibody(lb(5, '<'))).toBe('negative');
    expect(classifyAntibody(lb(3, '<'))).toBe('negative');
  });

  it("does not call a '<' value above the cut-off negative", () => {
    expect(classifyAntibody(lb(20, '<'))).toBeNull();
    expect(classifyAntibody(lb(20, '<', 'borderline'))).toBe('borderline');
  });

  it("classifies a '>' value by the lowest value it admits", () => {
    expect(classifyAntibody(lb(150, '>'))).toBe('strong'); // assay ceiling
    expect(classifyAntibody(lb(50, '>'))).toBe('strong'); // > 50 is strong by definition
    expect(classifyAntibody(lb(40, '>'))).toBe('positive');
    expect(classifyAntibody(lb(11, '>'))).toBe('positive');
    expect(classifyAntibody(lb(5, '>'))).toBe('borderline');
    expect(classifyAntibody(lb(8, '>'))).toBe('borderline');
  });

  it("does not classify a '>' value below the cut-off from the number", () => {
    expect(classifyAntibody(lb(3, '>'))).toBeNull();
    expect(classifyAntibody(lb(3, '>', 'positive'))).toBe('positive');
  });

  it('prefers the number over a reported category', () => {
    expect(classifyAntibody(lb(4, null, 'positive'))).toBe('negative');
    expect(classifyAntibody(lb(60, null, 'negative'))).toBe('strong');
  });
});

describe('classifyAntibody: missing limits', () => {
  it('without positiveFrom, anything above the cut-off is positive (no borderline)', () => {
    const r = { cutoff: 20, positiveFrom: null, strongAbove: null, comparator: null, qualitative: null };
    expect(classifyAntibody({ ...r, value: 20 })).toBe('negative');
    expect(classifyAntibody({ ...r, value: 20.01 })).toBe('positive');
    expect(classifyAntibody({ ...r, value: 10_000 })).toBe('positive');
  });

  it('without strongAbove there is no strong class', () => {
    const r = { cutoff: 5, positiveFrom: 11, strongAbove: null, comparator: null, qualitative: null };
    expect(classifyAntibody({ ...r, value: 9 })).toBe('borderline');
    expect(classifyAntibody({ ...r, value: 500 })).toBe('positive');
    expect(classifyAntibody({ ...r, value: 500, comparator: '>' })).toBe('positive');
  });

  it('Quest-style positive >= 11 with a cut-off of 10 leaves a narrow borderline zone', () => {
    const r = { cutoff: 10, positiveFrom: 11, strongAbove: null, comparator: null, qualitative: null };
    expect(classifyAntibody({ ...r, value: 10 })).toBe('negative');
    expect(classifyAntibody({ ...r, value: 10.5 })).toBe('borderline');
    expect(classifyAntibody({ ...r, value: 11 })).toBe('positive');
  });

  it('uses the qualitative category when there is no number', () => {
    const r = { cutoff: null, positiveFrom: null, strongAbove: null, value: null, comparator: null };
    expect(classifyAntibody({ ...r, qualitative: 'negative' })).toBe('negative');
    expect(classifyAntibody({ ...r, qualitative: 'borderline' })).toBe('borderline');
    expect(classifyAntibody({ ...r, qualitative: 'strong' })).toBe('strong');
    expect(classifyAntibody({ ...r, qualitative: null })).toBeNull();
  });

  it('never classifies a number against a missing, zero or negative cut-off', () => {
    for (const cutoff of [null, 0, -5, Number.NaN]) {
      const r = { cutoff, positiveFrom: null, strongAbove: null, value: 12, comparator: null };
      expect(classifyAntibody({ ...r, qualitative: null })).toBeNull();
      expect(classifyAntibody({ ...r, qualitative: 'positive' })).toBe('positive');
    }
  });

  it('treats a dilution titer like any value (cut-off 1:80)', () => {
    const r = { cutoff: 80, positiveFrom: null, strongAbove: null, comparator: null, qualitative: null };
    expect(classifyAntibody({ ...r, value: 80 })).toBe('negative');
    expect(classifyAntibody({ ...r, value: 160 })).toBe('positive');
  });
});

describe('xCutoff', () => {
  it('is value / cut-off, 1.0 at the threshold', () => {
    expect(xCutoff(5, 5)).toBe(1);
    expect(xCutoff(12, 5)).toBe(2.4);
    expect(xCutoff(0, 5)).toBe(0);
  });
  it('is null instead of dividing by zero or using a missing value', () => {
    expect(xCutoff(12, 0)).toBeNull();
    expect(xCutoff(12, -1)).toBeNull();
    expect(xCutoff(12, null)).toBeNull();
    expect(xCutoff(null, 5)).toBeNull();
    expect(xCutoff(Number.NaN, 5)).toBeNull();
    expect(xCutoff(12, Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe('isAbnormal / isPositiveClass', () => {
  it('borderline is abnormal (not negative) but not positive', () => {
    expect(isAbnormal('negative')).toBe(false);
    expect(isAbnormal('borderline')).toBe(true);
    expect(isAbnormal('positive')).toBe(true);
    expect(isAbnormal('strong')).toBe(true);
    expect(isPositiveClass('borderline')).toBe(false);
    expect(isPositiveClass('positive')).toBe(true);
    expect(isPositiveClass('strong')).toBe(true);
    expect(isPositiveClass('negative')).toBe(false);
  });
});

describe('validateAssayLimits', () => {
  it('accepts the line-blot limits and partial limit sets', () => {
    expect(validateAssayLimits(LINE_BLOT)).toEqual([]);
    expect(validateAssayLimits({ cutoff: 20, positiveFrom: null, strongAbove: null })).toEqual([]);
    expect(validateAssayLimits({ cutoff: 5, positiveFrom: 5, strongAbove: 5 })).toEqual([]);
    expect(validateAssayLimits({ cutoff: null, positiveFrom: null, strongAbove: null })).toEqual([]);
  });
  it('requires a positive cut-off', () => {
    expect(validateAssayLimits({ cutoff: 0, positiveFrom: null, strongAbove: null })).toHaveLength(1);
    expect(validateAssayLimits({ cutoff: -1, positiveFrom: null, strongAbove: null })).toHaveLength(1);
    expect(validateAssayLimits({ cutoff: null, positiveFrom: null, strongAbove: null }, { requireCutoff: true })).toHaveLength(1);
  });
  it('requires cut-off <= positiveFrom <= strongAbove', () => {
    expect(validateAssayLimits({ cutoff: 10, positiveFrom: 5, strongAbove: null })[0]).toMatch(/Positive limit/);
    expect(validateAssayLimits({ cutoff: 5, positiveFrom: 11, strongAbove: 10 })[0]).toMatch(/Strong-positive limit/);
    expect(validateAssayLimits({ cutoff: 5, positiveFrom: null, strongAbove: 4 })[0]).toMatch(/cut-off/);
  });
  it('rejects class limits without a cut-off and non-finite numbers', () => {
    expect(validateAssayLimits({ cutoff: null, positiveFrom: 11, strongAbove: null })).toHaveLength(1);
    expect(validateAssayLimits({ cutoff: Number.NaN, positiveFrom: null, strongAbove: null })).toHaveLength(1);
  });
});

describe('formatAntibodyValue', () => {
  const base = { value: null, comparator: null, qualitative: null, unit: 'units' } as const;
  it('shows censored and plain numbers with their unit', () => {
    expect(formatAntibodyValue({ ...base, value: 5, comparator: '<' })).toBe('<5 units');
    expect(formatAntibodyValue({ ...base, value: 12 })).toBe('12 units');
    expect(formatAntibodyValue({ ...base, value: 150, comparator: '>', unit: 'AU/mL' })).toBe('>150 AU/mL');
    expect(formatAntibodyValue({ ...base, value: 1.23456, unit: 'index' })).toBe('1.235 index');
    expect(formatAntibodyValue({ ...base, value: 7, unit: '' })).toBe('7');
  });
  it('shows a dilution titer as 1:n', () => {
    expect(formatAntibodyValue({ ...base, value: 160, unit: '{titer}' })).toBe('1:160');
    expect(formatAntibodyValue({ ...base, value: 40, comparator: '<', unit: '{titer}' })).toBe('<1:40');
  });
  it('shows the category when there is no number', () => {
    expect(formatAntibodyValue({ ...base, qualitative: 'positive' })).toBe('Positive');
    expect(formatAntibodyValue({ ...base, qualitative: 'strong' })).toBe('Strong positive');
    expect(formatAntibodyValue(base)).toBe('—');
  });
});

const RANK: Record<AntibodyClass, number> = { negative: 0, borderline: 1, positive: 2, strong: 3 };

describe('properties', () => {
  const limitsArb = fc
    .tuple(
      fc.double({ min: 0.01, max: 1000, noNaN: true }),
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.double({ min: 0, max: 1000, noNaN: true }),
    )
    .map(([cutoff, a, b]) => ({ cutoff, positiveFrom: cutoff + a, strongAbove: cutoff + a + b }));

  it('classification is monotonic in the value for valid limits', () => {
    fc.assert(
      fc.property(limitsArb, fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 0, max: 5000, noNaN: true }), (limits, x, y) => {
        expect(validateAssayLimits(limits)).toEqual([]);
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const c = (value: number) => classifyAntibody({ ...limits, value, comparator: null, qualitative: null });
        const a = c(lo);
        const b = c(hi);
        expect(a).not.toBeNull();
        expect(b).not.toBeNull();
        expect(RANK[a as AntibodyClass]).toBeLessThanOrEqual(RANK[b as AntibodyClass]);
      }),
    );
  });

  it('x cut-off below 1 is negative, above 1 is abnormal', () => {
    fc.assert(
      fc.property(limitsArb, fc.double({ min: 0, max: 5000, noNaN: true }), (limits, value) => {
        const cls = classifyAntibody({ ...limits, value, comparator: null, qualitative: null });
        const x = xCutoff(value, limits.cutoff);
        expect(x).not.toBeNull();
        if ((x as number) < 1) expect(cls).toBe('negative');
        if ((x as number) > 1) expect(cls).not.toBe('negative');
      }),
    );
  });

  it("a '>' value never classifies below the exact class of the same number", () => {
    fc.assert(
      fc.property(limitsArb, fc.double({ min: 0, max: 5000, noNaN: true }), (limits, value) => {
        const exact = classifyAntibody({ ...limits, value, comparator: null, qualitative: null });
        const greater = classifyAntibody({ ...limits, value, comparator: '>', qualitative: null });
        if (greater !== null && exact !== null) expect(RANK[greater]).toBeGreaterThanOrEqual(RANK[exact]);
      }),
    );
  });
});
