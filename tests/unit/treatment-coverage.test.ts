import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coverageDaysOf, coveredUntil, currentDrugsOn, frequencyIntervalDays, immunosuppressionSpans, spanOn } from '@/lib/domain/treatment-coverage';
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

  it('months are calendar months from the dose; a shorter month ends on its last day', () => {
    expect(frequencyIntervalDays('every 6 months', '2024-01-15')).toBe(182);
    expect(frequencyIntervalDays('monthly', '2024-02-01')).toBe(29);
    expect(frequencyIntervalDays('monthly', '2024-07-31')).toBe(31);
    expect(frequencyIntervalDays('monthly', '2024-01-31')).toBe(29);
    expect(frequencyIntervalDays('once a month', '2023-01-31')).toBe(28);
  });

  it('a monthly dose covers one calendar month from the LAST dose, not from the start of the epoch', () => {
    const monthly = (start: string, end: string | null, frequency = 'monthly') =>
      med(1, start, end, { drug: 'cyclophosphamide', drugClass: 'alkylating-agent', route: 'iv', frequency, dose: 750 });
    // Started on the 31st: next due 2024-08-31, so covered through the 30th (the epoch's start month has no bearing).
    expect(coveredUntil(monthly('2024-01-31', '2024-07-31'), coverage)).toBe('2024-08-30');
    expect(coveredUntil(monthly('2024-02-29', '2024-07-31'), coverage)).toBe('2024-08-30');
    // Last given 2024-01-31: next due 2024-02-29 (a leap year's last day), covered through the 28th.
    expect(coveredUntil(monthly('2023-10-31', '2024-01-31'), coverage)).toBe('2024-02-28');
    // Mid-month doses are unchanged: 2024-06-15 -> due 2024-07-15.
    expect(coveredUntil(monthly('2024-02-15', '2024-06-15'), coverage)).toBe('2024-07-14');
    expect(coveredUntil(monthly('2023-08-31', '2024-02-29', 'every 6 months'), coverage)).toBe('2024-08-28');
    expect(coverageDaysOf({ drug: 'cyclophosphamide', route: 'iv', frequency: 'monthly', startOn: '2024-01-31', endOn: '2024-07-31' }, coverage)).toBe(31);
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

describe('what the patient is on today, one entry per drug (treatment.md section 5)', () => {
  const rtx = (id: number, on: string) => med(id, on, on, { drug: 'Rituximab', route: 'iv', frequency: 'per course', dose: 1000 });
  const mtx = (id: number, start: string, end: string | null, dose: number) => med(id, start, end, { drug: 'methotrexate', frequency: 'weekly', dose });

  it('two rituximab infusions both covering today are one drug: the latest infusion, covering to its own end', () => {
    const [drug, ...rest] = currentDrugsOn([rtx(2, '2024-05-10'), rtx(1, '2024-01-10')], '2024-06-01', coverage);
    expect(rest).toEqual([]);
    expect(drug?.latest.id).toBe(2);
    expect(drug?.covering.map((e) => e.id)).toEqual([1, 2]);
    expect(drug?.coveredUntil).toBe('2024-11-08');
  });

  it('a dose change is one drug at its new dose; different drugs stay apart, in the order they started', () => {
    const drugs = currentDrugsOn([mtx(2, '2024-05-28', null, 20), mtx(1, '2023-06-01', '2024-05-27', 15), med(3, '2024-01-01', null)], '2024-06-01', coverage);
    expect(drugs.map((d) => [d.latest.drug, d.latest.dose, d.coveredUntil, d.covering.map((e) => e.id)])).toEqual([
      ['methotrexate', 20, null, [1, 2]],
      ['prednisone', 5, null, [3]],
    ]);
  });

  it('the latest dose is named even when only an earlier one still covers; nothing covering, no drug', () => {
    const pulse = med(1, '2024-05-20', '2024-05-22', { drug: 'methylprednisolone', route: 'iv', dose: 1000 });
    const oral = med(2, '2024-05-23', '2024-05-27', { drug: 'Methylprednisolone', dose: 16 });
    const [drug] = currentDrugsOn([pulse, oral], '2024-06-01', coverage);
    expect([drug?.latest.id, drug?.coveredUntil, drug?.covering.map((e) => e.id)]).toEqual([2, '2024-06-18', [1]]);
    expect(currentDrugsOn([pulse, oral], '2024-06-19', coverage)).toEqual([]);
    expect(currentDrugsOn([{ ...rtx(1, '2024-05-10'), enteredInError: true }], '2024-06-01', coverage)).toEqual([]);
  });
});
