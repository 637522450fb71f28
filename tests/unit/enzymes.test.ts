import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_REFERENCE_LIMITS,
  ENZYME,
  UL_PER_UKAT_L,
  defaultReferenceLimits,
  enzymeFlag,
  toUL,
  validateEnzymeValue,
  validateReferenceLimits,
  xUln,
} from '@/lib/domain/enzymes';
import { ENZYME_ANALYTES } from '@/lib/domain/types';

describe('ENZYME metadata', () => {
  it('has CK with LOINC 2157-6 (docs/clinical/assays.md)', () => {
    expect(ENZYME.ck.loinc).toBe('2157-6');
    expect(ENZYME.ck.shortLabel).toBe('CK');
    expect(ENZYME.ck.maxPlausibleUL).toBe(500_000);
  });
  it('covers every IMACS muscle enzyme, LOINC marked unverified', () => {
    for (const a of ENZYME_ANALYTES) {
      expect(ENZYME[a].label.length).toBeGreaterThan(0);
      expect(ENZYME[a].loinc).toMatch(/^\d+-\d$/);
      expect(ENZYME[a].loincVerified).toBe(false);
      expect(ENZYME[a].maxPlausibleUL).toBeGreaterThan(DEFAULT_REFERENCE_LIMITS[a].male.upperUL * 10);
    }
  });
});

describe('toUL', () => {
  it('1 ukat/L = 60 U/L', () => {
    expect(UL_PER_UKAT_L).toBe(60);
    expect(toUL(1, 'ukat/L')).toBe(60);
    expect(toUL(3.45, 'ukat/L')).toBe(207);
    expect(toUL(1.1, 'ukat/L')).toBe(66);
    expect(toUL(0, 'ukat/L')).toBe(0);
  });
  it('leaves U/L unchanged', () => {
    expect(toUL(207, 'U/L')).toBe(207);
    expect(toUL(1.1, 'U/L')).toBe(1.1);
  });
});

describe('xUln', () => {
  it('is value / ULN', () => {
    expect(xUln(414, 207)).toBe(2);
    expect(xUln(207, 207)).toBe(1);
  });
  it('is null for a missing or non-positive ULN', () => {
    expect(xUln(100, 0)).toBeNull();
    expect(xUln(100, -5)).toBeNull();
    expect(xUln(100, null)).toBeNull();
    expect(xUln(Number.NaN, 200)).toBeNull();
  });
});

describe('enzymeFlag', () => {
  it('is normal exactly at the limits, high just above the upper limit', () => {
    expect(enzymeFlag(207, 30, 207)).toBe('normal');
    expect(enzymeFlag(207.1, 30, 207)).toBe('high');
    expect(enzymeFlag(30, 30, 207)).toBe('normal');
    expect(enzymeFlag(29.9, 30, 207)).toBe('low');
  });
  it('never flags low without a lower limit', () => {
    expect(enzymeFlag(0, null, 207)).toBe('normal');
  });
});

describe('defaultReferenceLimits', () => {
  it('uses the Tromso CK limits per sex (women 207, men 395)', () => {
    expect(defaultReferenceLimits('ck', 'female')).toEqual({ lowerUL: null, upperUL: 207, source: 'site-default', limitsOf: 'female' });
    expect(defaultReferenceLimits('ck', 'male')).toEqual({ lowerUL: null, upperUL: 395, source: 'site-default', limitsOf: 'male' });
  });
  it('uses the lower limit for other and unknown sex (a fallback never makes a value normal by a guessed sex)', () => {
    expect(defaultReferenceLimits('ck', 'other').upperUL).toBe(207);
    expect(defaultReferenceLimits('ck', 'unknown').upperUL).toBe(207);
    expect(defaultReferenceLimits('ldh', 'unknown').upperUL).toBe(214);
  });
  it('picks the lower limit from site overrides too, whichever sex it belongs to', () => {
    const overrides = {
      ck: { female: { lowerUL: null, upperUL: 500 }, male: { lowerUL: null, upperUL: 400 } },
    };
    const r = defaultReferenceLimits('ck', 'unknown', overrides);
    expect(r.upperUL).toBe(400);
    expect(r.limitsOf).toBe('male');
    expect(defaultReferenceLimits('ck', 'male', overrides).upperUL).toBe(400);
    expect(defaultReferenceLimits('alt', 'male', overrides).upperUL).toBe(41);
  });
  it('has an upper limit for every enzyme and sex', () => {
    for (const a of ENZYME_ANALYTES) {
      for (const sex of ['female', 'male'] as const) {
        expect(validateReferenceLimits(DEFAULT_REFERENCE_LIMITS[a][sex].lowerUL, DEFAULT_REFERENCE_LIMITS[a][sex].upperUL)).toEqual([]);
      }
    }
  });
});

describe('validateEnzymeValue', () => {
  it('accepts plausible values up to the maximum', () => {
    expect(validateEnzymeValue('ck', 0, 'U/L')).toEqual([]);
    expect(validateEnzymeValue('ck', 500_000, 'U/L')).toEqual([]);
  });
  it('rejects values above the maximum, also after ukat conversion', () => {
    expect(validateEnzymeValue('ck', 500_001, 'U/L')).toHaveLength(1);
    expect(validateEnzymeValue('ck', 8333, 'ukat/L')).toEqual([]); // 499 980 U/L
    expect(validateEnzymeValue('ck', 8334, 'ukat/L')).toHaveLength(1); // 500 040 U/L
  });
  it('rejects negative and non-finite values', () => {
    expect(validateEnzymeValue('ck', -1, 'U/L')).toHaveLength(1);
    expect(validateEnzymeValue('ast', Number.NaN, 'U/L')).toHaveLength(1);
    expect(validateEnzymeValue('ast', Number.POSITIVE_INFINITY, 'U/L')).toHaveLength(1);
  });
});

describe('validateReferenceLimits', () => {
  it('needs upper > 0 and lower < upper', () => {
    expect(validateReferenceLimits(null, 207)).toEqual([]);
    expect(validateReferenceLimits(26, 192)).toEqual([]);
    expect(validateReferenceLimits(null, 0)).toHaveLength(1);
    expect(validateReferenceLimits(200, 200)).toHaveLength(1);
    expect(validateReferenceLimits(-1, 200)).toHaveLength(1);
  });
});

describe('properties', () => {
  it('ukat conversion is linear and flag is consistent with xUln', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 1, max: 1000, noNaN: true }), (ukat, uln) => {
        const ul = toUL(ukat, 'ukat/L');
        expect(ul).toBeCloseTo(ukat * 60, 6);
        const x = xUln(ul, uln) as number;
        expect(enzymeFlag(ul, null, uln) === 'high').toBe(ul > uln);
        if (x > 1) expect(enzymeFlag(ul, null, uln)).toBe('high');
        if (x < 1) expect(enzymeFlag(ul, null, uln)).toBe('normal');
      }),
    );
  });
});
