/**
 * The pure entry rules every path shares (lib/validation/field-rules.ts, text-rules.ts):
 * what a typed or sent number, date, unit, accession and name means, with hostile input
 * and fast-check properties (issue 17, "Same rules on every path").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formNumber, NUMBER_RULES, numberAllowed, plainDecimal, readNumber, type NumberRule } from '@/lib/validation/field-rules';
import { accessionAllowed, nameProblem, readEnzymeUnit, readIsoDate, textProblem } from '@/lib/validation/text-rules';
import { idSchema } from '@/lib/validation/common';

const ck = NUMBER_RULES.enzymeValue;
const titer = NUMBER_RULES.antibodyValue;
const value = (raw: unknown, rule: NumberRule = ck) => {
  const r = readNumber(raw, rule);
  return r.ok ? r.value : r.message;
};

describe('numbers', () => {
  it.each([
    ['950', 950], [' 950 ', 950], ['12.5', 12.5], ['.5', 0.5], ['5.', 5], ['1,5', 1.5], ['0,25', 0.25], ['12.5000', 12.5],
    // One reading only: a thousands group never starts with 0 nor has four digits.
    ['0,125', 0.125], ['0.125', 0.125], ['1234.567', 1234.567], ['1234,567', 1234.567], ['1.2340', 1.234],
    ['', null], ['   ', null], [null, null], [undefined, null], [950, 950], [0.01, 0.01],
  ])('reads %j as %j', (raw, want) => expect(value(raw)).toBe(want));

  it.each(['0x10', '1e-320', '1e3', 'Infinity', '-Infinity', 'NaN', '1 000', '12 500', '½', '٣', '１２', '12..5', '--5', '+5', '5%', 'abc', '1,250,000', true, {}, [], () => 1])(
    'refuses %j as not a plain decimal, saying what is allowed', (raw) => {
      expect(value(raw)).toBe('Value must be a plain number such as 12.5: digits and a decimal point, no letters, exponents or thousands separators.');
    },
  );

  it('refuses a separator that could mean two numbers, naming both', () => {
    expect(value('12,500')).toBe('Value "12,500" could mean 12.5 or 12500: write it without a thousands separator, with a decimal point (12.5 or 12500).');
    // A point before exactly three digits is as ambiguous as a comma (CK "12.500" was stored as 12.5 U/L).
    expect(value('12.500')).toBe('Value "12.500" could mean 12.5 or 12500: write it without a thousands separator, with a decimal point (12.5 or 12500).');
    expect(value(' -1.500 ', titer)).toBe('Value must be a number from 0 to 1000000.');
    expect(value('1.500', titer)).toContain('could mean 1.5 or 1500');
    // The decimal reading is offered as text that reads back as itself.
    expect(value('1.234')).toBe('Value "1.234" could mean 1.234 or 1234: write it without a thousands separator, with a decimal point (1.2340 or 1234: a fourth decimal place marks the point as a decimal point).');
    expect(value('1,234')).toContain('(1.2340 or 1234: a fourth decimal place');
    expect(value('1.2340')).toBe(1.234);
    expect(value('1,250.5')).toContain('could mean 1250.5 or 1.2505');
    expect(value('1.250,5')).toContain('could mean 1250.5 or 1.2505');
  });

  it('reads the one reading a field allows when the other is outside its range (HAQ-DI steps of 0.125)', () => {
    const haq = NUMBER_RULES.haq;
    for (const t of ['1.125', '1,125', '2.875', '2,875']) expect(value(t, haq)).toBe(Number(t.replace(',', '.')));
    expect(value('7.500', NUMBER_RULES.physicianGlobal)).toBe(7.5);
    expect(value('100.500', NUMBER_RULES.enzymeUpperLimit)).toBe(100.5); // 100,500 is above the largest upper limit
    expect(value('12.500', NUMBER_RULES.physicianGlobal)).toBe('Physician global activity must be a number from 0 to 10 cm (VAS).');
    expect(value('12.500', NUMBER_RULES.dose)).toContain('could mean 12.5 or 12500');
  });

  it('refuses zero where zero is not a measurement, negatives, too large, and non-finite JSON numbers', () => {
    expect(value('0')).toBe('Value must be a number greater than 0 and at most 1000000.');
    expect(value('0', titer)).toBe(0);
    expect(value('-5')).toBe('Value must be a number greater than 0 and at most 1000000.');
    expect(value(1_000_001)).toBe('Value must be a number greater than 0 and at most 1000000.');
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(value(n)).toContain('plain number');
    expect(value('11', NUMBER_RULES.physicianGlobal)).toBe('Physician global activity must be a number from 0 to 10 cm (VAS).');
  });

  it('refuses an amount below the smallest meaningful one, as text or as a JSON number (1e-320 made x cut-off Infinity)', () => {
    const small = 'Value is below 0.01, the smallest amount Titerline stores for it: check the value and its unit.';
    for (const raw of [1e-320, 5e-324, 0.001, '0.001', '0.0000000001']) expect(value(raw)).toBe(small);
    expect(value('0.0001', NUMBER_RULES.antibodyCutoff)).toBe('Cut-off is below 0.001, the smallest amount Titerline stores for it: check the value and its unit.');
    expect(value(0.001, NUMBER_RULES.dose)).toBe(0.001);
    expect(value(1e-4, NUMBER_RULES.dose)).toContain('smallest amount');
  });

  it('property: whatever it accepts is finite, within the rule, and either 0 (where allowed) or at least the smallest amount', () => {
    const rules = Object.values(NUMBER_RULES) as NumberRule[];
    fc.assert(fc.property(fc.constantFrom(...rules), fc.oneof(fc.string(), fc.double(), fc.integer().map(String), fc.double().map(String)), (rule, raw) => {
      const r = readNumber(raw, rule);
      if (!r.ok || r.value === null) return;
      expect(Number.isFinite(r.value)).toBe(true);
      expect(numberAllowed(r.value, rule)).toBe(true);
      expect(r.value === 0 ? !rule.aboveZero : r.value >= rule.smallest).toBe(true);
    }), { numRuns: 3000 });
  });

  it('property: a number written plainly reads back as itself; the allocation-free reader agrees with the full one', () => {
    fc.assert(fc.property(fc.constantFrom(...(Object.values(NUMBER_RULES) as NumberRule[])), fc.double({ min: 0, max: 2_000_000, noNaN: true }), fc.integer({ min: 2, max: 4 }), (rule, n, digits) => {
      const text = n.toFixed(digits);
      const full = readNumber(text, rule);
      const fast = plainDecimal(text, rule);
      if (fast !== undefined) expect(full).toEqual({ ok: true, value: fast });
      // The fast reader steps aside for "12.500" (two readings), which the full one weighs against the range.
      else if (!/^[1-9]\d{0,2}\.\d{3}$/.test(text)) expect(full.ok && full.value !== null).toBe(false);
    }), { numRuns: 2000 });
  });

  it('property: a stored number prefilled in a form (formNumber) reads back as itself', () => {
    fc.assert(fc.property(fc.constantFrom(...(Object.values(NUMBER_RULES) as NumberRule[])), fc.double({ min: 0, max: 1_000_000, noNaN: true }), fc.integer({ min: 0, max: 4 }), (rule, x, digits) => {
      const n = Number(x.toFixed(digits));
      if (!numberAllowed(n, rule)) return;
      expect(readNumber(formNumber(n), rule)).toEqual({ ok: true, value: n });
    }), { numRuns: 3000 });
    expect([formNumber(1.234), formNumber(12.5), formNumber(0.125), formNumber(null)]).toEqual(['1.2340', '12.5', '0.125', '']);
  });

  it('property: a thousands separator is never read as a decimal mark (any 1-3 digits not starting with 0, comma or point, 3 digits)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom(',', '.'), (a, b, mark) => {
      const text = `${a}${mark}${String(b).padStart(3, '0')}`;
      // Fields up to 1,000,000 (titers, enzymes, cut-offs) allow both readings.
      for (const rule of [titer, ck, NUMBER_RULES.antibodyCutoff, NUMBER_RULES.assayMeasuringMax]) expect(readNumber(text, rule).ok).toBe(false);
    }));
  });
});

describe('dates', () => {
  it('gives one message per problem, naming the field and the form expected', () => {
    expect(readIsoDate('2026-02-28', 'Collection date')).toEqual({ ok: true, value: '2026-02-28' });
    expect(readIsoDate(' 2026-02-28 ', 'Collection date')).toEqual({ ok: true, value: '2026-02-28' });
    expect(readIsoDate('', 'Collection date')).toEqual({ ok: false, message: 'Collection date is required.' });
    expect(readIsoDate('', 'End date', true)).toEqual({ ok: true, value: null });
    for (const typed of ['02/30/2026', '30.02.2026', '28/02/2026', '2026-2-28', '2026/02/28', '20260228', 'tomorrow', 20260228, {}]) {
      expect(readIsoDate(typed, 'Collection date')).toEqual({ ok: false, message: 'Collection date must be a date written year-month-day, e.g. 2026-02-28.' });
    }
    expect(readIsoDate('2026-02-30', 'Visit date')).toEqual({ ok: false, message: 'Visit date 2026-02-30 is not a date in the calendar: write a real date year-month-day, e.g. 2026-02-28.' });
  });
});

describe('units, accessions, names, text', () => {
  it('reads enzyme units as labs write them, one message otherwise', () => {
    for (const u of ['U/L', 'IU/L', 'iu/l', ' U / L ', '[IU]/L']) expect(readEnzymeUnit(u)).toEqual({ ok: true, value: 'U/L' });
    for (const u of ['ukat/L', 'µkat/L', 'μkat/L', 'UKAT/L']) expect(readEnzymeUnit(u)).toEqual({ ok: true, value: 'ukat/L' });
    expect(readEnzymeUnit('')).toEqual({ ok: false, message: 'Unit is required: U/L (also written IU/L) or µkat/L (also written ukat/L; 1 µkat/L = 60 U/L).' });
    expect(readEnzymeUnit(42)).toMatchObject({ ok: false });
    expect(readEnzymeUnit('mmol/L')).toEqual({ ok: false, message: 'Unit "mmol/L" is not one Titerline converts: use U/L (also written IU/L) or µkat/L (also written ukat/L; 1 µkat/L = 60 U/L).' });
  });

  it('takes an accession on one line without control or direction characters', () => {
    for (const ok of ['', 'L-1', 'ACC 2024/001', 'x'.repeat(64), 'Lab#12;DROP']) expect(accessionAllowed(ok)).toBe(true);
    for (const bad of ['A\r\nB', 'A\nB', 'A\tB', 'A\u0000', 'A\u0007', 'A\u007f', 'A\u0085', 'A\u202eB', 'A\u2066B', 'x'.repeat(65)]) expect(accessionAllowed(bad)).toBe(false);
  });

  it('takes names with a letter, refusing control and direction characters anywhere', () => {
    for (const ok of ['Doe', "O'Brien", 'Núñez-García', '山田', 'فاطمه\u200cزهرا', 'Ng']) expect(nameProblem(ok, 'Family name')).toBeNull();
    expect(nameProblem('\u200b\u200b', 'Family name')).toBe('Family name must contain at least one letter.');
    expect(nameProblem('---', 'Given name')).toBe('Given name must contain at least one letter.');
    for (const bad of ['\u202e', 'Anna\u202eenoD', 'A\u2067B', 'Ann\nDoe', 'Ann\u0000']) expect(nameProblem(bad, 'Family name')).toBe('Family name contains a hidden control or text-direction character; type it again.');
  });

  it('keeps line breaks in notes, not in one-line text', () => {
    expect(textProblem('line 1\nline 2\ttab', 'Notes', true)).toBeNull();
    expect(textProblem('line 1\nline 2', 'Lab')).toBe('Lab must be one line, without tabs or hidden control characters.');
    expect(textProblem('A\u202eB', 'Notes', true)).toContain('text-direction');
  });

  it('reads record ids as digits only: "0x10" and "1e1" are not ids', () => {
    expect(idSchema('assay').safeParse('12').data).toBe(12);
    expect(idSchema('assay').safeParse(12).data).toBe(12);
    for (const bad of ['0x10', '1e1', '1.5', '-1', '0', '', null, undefined, true, '9'.repeat(20)]) expect(idSchema('assay').safeParse(bad).success).toBe(false);
  });

  it('builds each kind of id schema once, each naming its own kind of record', () => {
    expect(idSchema('assay')).toBe(idSchema('assay'));
    expect(idSchema('signal')).not.toBe(idSchema('assay'));
    expect(idSchema('signal').safeParse('x').error?.issues[0]?.message).toBe('Unknown signal.');
    expect(idSchema('assay').safeParse('x').error?.issues[0]?.message).toBe('Unknown assay.');
  });
});
