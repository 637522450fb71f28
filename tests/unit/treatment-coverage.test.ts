import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coverageDaysOf, coveredUntil, frequencyIntervalDays, immunosuppressionSpans, spanOn } from '@/lib/domain/treatment-coverage';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import { addDays } from '@/lib/domain/dates';
import { med } from './signals-fixtures';

const coverage = DEFAULT_SIGNAL_SETTINGS.drugCoverageDays;

describe('how long a dose covers (docs/clinical/treatment.md section 4)', () => {
  it.each([
    ['daily', 1], ['twice daily', 1], ['every other day', 2], ['weekly', 7], ['every 2 weeks', 14], ['every 4 weeks', 28],
    ['q4 weeks', 28], ['every 10 days', 10], ['Every  6 weeks', 42], ['per course', null], ['as needed', null], ['every 0 weeks', null],
  ])('frequency "%s" -> %s days', (frequency, days) => {
    expect(frequencyIntervalDays(frequency, '2024-01-15')).toBe(days);
  });

  it('months are calendar months from the start', () => {
    expect(frequencyIntervalDays('every 6 months', '2024-01-15')).toBe(182);
    expect(frequencyIntervalDays('monthly', '2024-02-01')).toBe(29);
  });

  it('an IV pulse therapy covers at least its coverage setting; the same drug by mouth covers its frequency', () => {
    const mp = (route: string) => ({ drug: 'methylprednisolone', route, frequency: 'daily', startOn: '2024-01-01' });
    expect(coverageDaysOf(mp('iv'), coverage)).toBe(28);
    expect(coverageDaysOf(mp('oral'), coverage)).toBe(1);
    expect(coverageDaysOf({ drug: 'rituximab', route: 'iv', frequency: 'per course', startOn: '2024-01-01' }, coverage)).toBe(183);
    expect(coverageDaysOf({ drug: 'Rituximab', route: 'iv', frequency: 'per course', startOn: '2024-01-01' }, { ...coverage, rituximab: 240 })).toBe(240);
    expect(coverageDaysOf({ drug: 'ivig', route: 'iv', frequency: 'every 6 weeks', startOn: '2024-01-01' }, coverage)).toBe(42);
    expect(coverageDaysOf({ drug: 'prednisone', route: 'oral', frequency: 'per course', startOn: '2024-01-01' }, coverage)).toBe(1);
  });

  it('an ongoing epoch covers without end; hydroxychloroquine and epochs entered in error never count', () => {
    expect(coveredUntil(med(1, '2024-01-01', null), coverage)).toBeNull();
    const spans = immunosuppressionSpans([
      med(1, '2024-01-01', '2024-01-31', { drug: 'hydroxychloroquine', immunosuppressant: false }),
      med(2, '2024-03-01', '2024-03-31', { enteredInError: true }),
    ], coverage, 30);
    expect(spans).toEqual([]);
  });

  it('spans join back-to-back epochs and gaps shorter than the tolerance, never longer ones (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 60 }), (gap, tolerance) => {
      const first = med(1, '2024-01-01', '2024-01-31');
      const second = med(2, addDays('2024-01-31', gap + 1), null);
      const spans = immunosuppressionSpans([second, first], coverage, tolerance);
      expect(spans).toHaveLength(gap === 0 || gap < tolerance ? 1 : 2);
      expect(spans[0]?.start).toBe('2024-01-01');
      expect(spanOn(spans, '2024-01-15')?.start).toBe('2024-01-01');
    }));
  });
});
