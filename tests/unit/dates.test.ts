import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  ageOn,
  compare,
  daysBetween,
  daysInMonth,
  formatIsoDate,
  isIsoDate,
  isLeapYear,
  parseIsoDate,
  todayIso,
} from '@/lib/domain/dates';

describe('isIsoDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01', '9999-12-31', '2024-04-30'])(
    'accepts %s',
    (d) => expect(isIsoDate(d)).toBe(true),
  );
  it.each([
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '0000-01-01',
    '2024-1-05',
    '24-01-05',
    '2024-01-05T00:00:00Z',
    ' 2024-01-05',
    '2024/01/05',
    '',
    '20240105',
  ])('rejects %j', (d) => expect(isIsoDate(d)).toBe(false));
  it('rejects non-strings', () => {
    expect(isIsoDate(20240105)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
    expect(isIsoDate(new Date('2024-01-05'))).toBe(false);
  });
});

describe('parseIsoDate read by character code', () => {
  // The pattern it replaced (lib/domain/dates.ts), kept here as the oracle.
  const byPattern = (value: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return null;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ok = year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
    return ok ? { year, month, day } : null;
  };
  it.each(['2024-01-05\n', '\uff12\uff10\uff12\uff14-01-05', '2024-0a-05', '+024-01-05', '2024-01-5 ', '2024\u201301-05', '\u0662\u0660\u0662\u0664-01-05'])(
    'refuses %j, like the pattern', (d) => expect(parseIsoDate(d)).toBeNull(),
  );
  it('agrees with the pattern on generated strings', () => {
    const chars = fc.constantFrom('0', '1', '2', '3', '9', '-', ' ', '/', '+', 'a', '\u0663', '\uff11', '\n');
    const nearDates = fc.tuple(isoDateArb, fc.nat({ max: 9 }), chars).map(([d, i, c]) => d.slice(0, i) + c + d.slice(i + 1));
    const anyText = fc.array(chars, { minLength: 8, maxLength: 12 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.oneof(isoDateArb, nearDates, anyText), (s) => {
      expect(parseIsoDate(s)).toEqual(byPattern(s));
    }), { numRuns: 5000 });
  });
});

describe('calendar helpers', () => {
  it('applies the Gregorian leap-year rule', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });
  it('knows month lengths', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
  });
  it('parses into parts and formats back with padding', () => {
    expect(parseIsoDate('0987-03-04')).toEqual({ year: 987, month: 3, day: 4 });
    expect(formatIsoDate({ year: 987, month: 3, day: 4 })).toBe('0987-03-04');
    expect(() => formatIsoDate({ year: 10000, month: 1, day: 1 })).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it('is b - a in calendar days', () => {
    expect(daysBetween('2024-01-01', '2024-01-01')).toBe(0);
    expect(daysBetween('2024-01-01', '2024-01-02')).toBe(1);
    expect(daysBetween('2024-01-02', '2024-01-01')).toBe(-1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('1970-01-01', '2000-01-01')).toBe(10957);
  });
  it('is not disturbed by daylight-saving changes (pure calendar arithmetic)', () => {
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysBetween('2024-10-26', '2024-10-28')).toBe(2);
  });
  it('throws on an invalid date', () => {
    expect(() => daysBetween('2024-02-30', '2024-03-01')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-01-15', 0)).toBe('2024-01-15');
    expect(addDays('2024-01-01', 90)).toBe('2024-03-31');
  });
  it('rejects fractional days and results outside 0001-9999', () => {
    expect(() => addDays('2024-01-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
  });
});

describe('compare', () => {
  it('orders dates', () => {
    expect(compare('2024-01-01', '2024-01-02')).toBe(-1);
    expect(compare('2024-01-02', '2024-01-01')).toBe(1);
    expect(compare('2024-01-02', '2024-01-02')).toBe(0);
    expect(['2024-03-01', '2023-12-31', '2024-02-29'].sort(compare)).toEqual([
      '2023-12-31',
      '2024-02-29',
      '2024-03-01',
    ]);
  });
});

describe('todayIso', () => {
  it('uses the UTC calendar day', () => {
    expect(todayIso(new Date('2024-03-10T23:59:59Z'))).toBe('2024-03-10');
    expect(todayIso(new Date('2024-03-10T23:30:00-05:00'))).toBe('2024-03-11');
    expect(todayIso(new Date('2024-03-11T00:30:00+02:00'))).toBe('2024-03-10');
  });
  it('throws on an invalid Date', () => {
    expect(() => todayIso(new Date('nope'))).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts whole completed years', () => {
    expect(ageOn('1980-06-15', '2024-06-14')).toBe(43);
    expect(ageOn('1980-06-15', '2024-06-15')).toBe(44);
    expect(ageOn('1980-06-15', '2024-12-31')).toBe(44);
    expect(ageOn('1980-06-15', '1980-06-15')).toBe(0);
  });
  it('reaches a 29 February birthday on 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });
  it('returns null before birth', () => {
    expect(ageOn('2000-01-02', '2000-01-01')).toBeNull();
  });
});

const isoDateArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('properties', () => {
  it('daysBetween agrees with Date.UTC arithmetic', () => {
    fc.assert(
      fc.property(isoDateArb, isoDateArb, (a, b) => {
        const ms = Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`);
        expect(daysBetween(a, b)).toBe(ms / 86_400_000);
      }),
    );
  });
  it('addDays inverts daysBetween', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -50_000, max: 50_000 }), (a, n) => {
        const b = addDays(a, n);
        expect(isIsoDate(b)).toBe(true);
        expect(daysBetween(a, b)).toBe(n);
      }),
    );
  });
});
