import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CHANGE_REASONS,
  DRUG_CATALOG,
  activeEpochsOn,
  activeOnDay,
  epochsOverlap,
  findDrug,
  isActiveOn,
  isChangeReason,
  onImmunosuppressantOn,
  sameDrug,
  validateEpoch,
  type ExistingEpoch,
} from '@/lib/domain/medications';
import { addDays, dayNumberOf } from '@/lib/domain/dates';
import type { MedicationEpoch } from '@/lib/domain/types';

let nextId = 1;
function epoch(p: Partial<MedicationEpoch> & Pick<MedicationEpoch, 'drug' | 'startOn' | 'endOn'>): MedicationEpoch {
  const info = findDrug(p.drug);
  return {
    id: nextId++,
    drugClass: info?.drugClass ?? 'other',
    immunosuppressant: info?.immunosuppressant ?? false,
    dose: 10,
    doseUnit: 'mg',
    route: 'oral',
    frequency: 'daily',
    reason: 'started',
    enteredInError: false,
    ...p,
  };
}

describe('DRUG_CATALOG', () => {
  it('contains the DM drugs of docs/clinical/treatment.md with unique keys', () => {
    expect(DRUG_CATALOG.map((d) => d.key)).toEqual([
      'prednisone',
      'methylprednisolone',
      'methotrexate',
      'azathioprine',
      'mycophenolate-mofetil',
      'tacrolimus',
      'cyclosporine',
      'ivig',
      'rituximab',
      'cyclophosphamide',
      'hydroxychloroquine',
      'other',
    ]);
  });
  it('hydroxychloroquine is not an immunosuppressant; the others are', () => {
    expect(findDrug('hydroxychloroquine')).toMatchObject({ immunosuppressant: false, drugClass: 'antimalarial' });
    for (const d of DRUG_CATALOG) {
      if (d.key === 'hydroxychloroquine' || d.key === 'other') continue;
      expect(d.immunosuppressant).toBe(true);
    }
    expect(findDrug('other')?.immunosuppressant).toBeNull();
  });
  it('has the right classes and defaults', () => {
    expect(findDrug('prednisone')).toMatchObject({ drugClass: 'glucocorticoid', defaultUnit: 'mg', defaultRoute: 'oral' });
    expect(findDrug('methotrexate')).toMatchObject({ drugClass: 'antimetabolite', defaultFrequency: 'weekly' });
    expect(findDrug('tacrolimus')?.drugClass).toBe('calcineurin-inhibitor');
    expect(findDrug('ivig')).toMatchObject({ drugClass: 'immunoglobulin', defaultUnit: 'g/kg', defaultRoute: 'iv' });
    expect(findDrug('rituximab')?.drugClass).toBe('anti-cd20');
  });
  it('finds by key or label, ignoring case and spacing', () => {
    expect(findDrug('  Mycophenolate   MOFETIL ')?.key).toBe('mycophenolate-mofetil');
    expect(findDrug('IVIG (intravenous immunoglobulin)')?.key).toBe('ivig');
    expect(findDrug('abatacept')).toBeUndefined();
  });
});

describe('CHANGE_REASONS', () => {
  it('lists the reasons of docs/clinical/treatment.md section 3', () => {
    expect(CHANGE_REASONS.map((r) => r.key)).toEqual([
      'started', 'increased', 'tapered', 'stopped', 'side-effect', 'ineffective', 'remission', 'course-completed', 'other',
    ]);
    expect(isChangeReason('tapered')).toBe(true);
    expect(isChangeReason('side effect')).toBe(false);
  });
});

describe('sameDrug / epochsOverlap (end date inclusive)', () => {
  it('matches catalog keys with labels, free text by normalised name', () => {
    expect(sameDrug('mycophenolate-mofetil', 'Mycophenolate mofetil')).toBe(true);
    expect(sameDrug('Abatacept', ' abatacept')).toBe(true);
    expect(sameDrug('prednisone', 'methylprednisolone')).toBe(false);
  });
  it('overlaps when the next epoch starts on the previous end day', () => {
    const a = { drug: 'prednisone', startOn: '2024-01-01', endOn: '2024-03-10' };
    expect(epochsOverlap(a, { drug: 'prednisone', startOn: '2024-03-10', endOn: null })).toBe(true);
    expect(epochsOverlap(a, { drug: 'prednisone', startOn: '2024-03-11', endOn: null })).toBe(false);
  });
  it('handles ongoing epochs and containment, symmetrically', () => {
    const ongoing = { drug: 'prednisone', startOn: '2024-01-01', endOn: null };
    const later = { drug: 'prednisone', startOn: '2030-01-01', endOn: '2030-01-01' };
    const before = { drug: 'prednisone', startOn: '2023-01-01', endOn: '2023-12-31' };
    expect(epochsOverlap(ongoing, later)).toBe(true);
    expect(epochsOverlap(later, ongoing)).toBe(true);
    expect(epochsOverlap(ongoing, before)).toBe(false);
    expect(epochsOverlap(before, ongoing)).toBe(false);
    expect(epochsOverlap(ongoing, { ...ongoing, startOn: '2020-01-01' })).toBe(true);
  });
  it('never overlaps across drugs', () => {
    const a = { drug: 'prednisone', startOn: '2024-01-01', endOn: null };
    expect(epochsOverlap(a, { drug: 'methotrexate', startOn: '2024-01-01', endOn: null })).toBe(false);
  });
});

describe('activeEpochsOn / onImmunosuppressantOn', () => {
  const pred = epoch({ drug: 'prednisone', startOn: '2024-01-01', endOn: '2024-03-10' });
  const mtx = epoch({ drug: 'methotrexate', startOn: '2024-02-01', endOn: null });
  const hcq = epoch({ drug: 'hydroxychloroquine', startOn: '2023-01-01', endOn: null });
  const wrong = epoch({ drug: 'azathioprine', startOn: '2020-01-01', endOn: null, enteredInError: true });
  const all = [pred, mtx, hcq, wrong];

  it('includes start and end days, excludes the day after the end', () => {
    expect(activeEpochsOn(all, '2024-01-01')).toEqual([pred, hcq]);
    expect(activeEpochsOn(all, '2024-03-10')).toEqual([pred, mtx, hcq]);
    expect(activeEpochsOn(all, '2024-03-11')).toEqual([mtx, hcq]);
    expect(activeEpochsOn(all, '2023-12-31')).toEqual([hcq]);
  });
  it('ignores epochs entered in error', () => {
    expect(activeEpochsOn(all, '2021-01-01')).toEqual([]);
    expect(onImmunosuppressantOn(all, '2021-01-01')).toBe(false);
  });
  it('hydroxychloroquine alone is not immunosuppression', () => {
    expect(onImmunosuppressantOn(all, '2023-06-01')).toBe(false);
    expect(onImmunosuppressantOn(all, '2024-01-01')).toBe(true);
    expect(onImmunosuppressantOn([pred, hcq], '2024-03-11')).toBe(false);
  });
});

describe('validateEpoch', () => {
  const existing: ExistingEpoch[] = [
    { id: 1, drug: 'prednisone', startOn: '2024-01-01', endOn: '2024-02-29', enteredInError: false },
    { id: 2, drug: 'prednisone', startOn: '2024-03-01', endOn: null, enteredInError: false },
    { id: 3, drug: 'methotrexate', startOn: '2022-01-01', endOn: null, enteredInError: true },
  ];
  it('accepts a valid taper step and a one-day epoch', () => {
    expect(validateEpoch({ drug: 'methotrexate', dose: 15, startOn: '2022-06-01', endOn: null }, existing)).toEqual([]);
    expect(validateEpoch({ drug: 'prednisone', dose: 5, startOn: '2023-12-31', endOn: '2023-12-31' }, existing)).toEqual([]);
  });
  it('reports end before start', () => {
    expect(validateEpoch({ drug: 'azathioprine', dose: 50, startOn: '2024-03-02', endOn: '2024-03-01' }, [])).toEqual([
      'End date is before the start date.',
    ]);
  });
  it('reports each overlapping epoch of the same drug', () => {
    const m = validateEpoch({ drug: 'Prednisone', dose: 20, startOn: '2024-02-29', endOn: null }, existing);
    expect(m).toHaveLength(2);
    expect(m[0]).toMatch(/2024-01-01 to 2024-02-29/);
    expect(m[1]).toMatch(/2024-03-01 to ongoing/);
  });
  it('ignores the epoch being edited (same id)', () => {
    expect(validateEpoch({ id: 2, drug: 'prednisone', dose: 7.5, startOn: '2024-03-01', endOn: '2024-06-30' }, existing)).toEqual([]);
  });
  it('rejects bad dates, dose and drug', () => {
    expect(validateEpoch({ drug: 'prednisone', dose: 5, startOn: '2024-02-30', endOn: null }, existing)).toHaveLength(1);
    expect(validateEpoch({ drug: 'prednisone', dose: 5, startOn: '2020-01-01', endOn: '2020-13-01' }, existing)).toHaveLength(1);
    expect(validateEpoch({ drug: ' ', dose: 0, startOn: '2020-01-01', endOn: null }, [])).toHaveLength(2);
    expect(validateEpoch({ drug: 'prednisone', dose: Number.NaN, startOn: '2020-01-01', endOn: null }, [])).toHaveLength(1);
  });
});

describe('properties', () => {
  const dayArb = fc.integer({ min: 0, max: 2000 }).map((n) => addDays('2020-01-01', n));
  const spanArb = fc.tuple(dayArb, fc.option(fc.integer({ min: 0, max: 400 }), { nil: null })).map(([startOn, len]) => ({
    drug: 'prednisone',
    startOn,
    endOn: len === null ? null : addDays(startOn, len),
  }));

  it('overlap is symmetric and equals "some day is active in both"', () => {
    fc.assert(
      fc.property(spanArb, spanArb, (a, b) => {
        expect(epochsOverlap(a, b)).toBe(epochsOverlap(b, a));
        const ea = { ...a, enteredInError: false };
        const eb = { ...b, enteredInError: false };
        const laterStart = a.startOn > b.startOn ? a.startOn : b.startOn;
        const bothActive = activeEpochsOn([ea], laterStart).length === 1 && activeEpochsOn([eb], laterStart).length === 1;
        expect(epochsOverlap(a, b)).toBe(bothActive);
      }),
    );
  });
});

describe('activeOnDay (isActiveOn for many dates, on day numbers)', () => {
  it('agrees with isActiveOn on every date, ends inclusive, ongoing without end', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2015-01-01', n));
    fc.assert(fc.property(day, day, fc.option(day, { nil: null }), (start, date, end) => {
      const epoch = { startOn: start, endOn: end !== null && end < start ? start : end };
      expect(activeOnDay(epoch)(dayNumberOf(date))).toBe(isActiveOn(epoch, date));
    }));
    expect(activeOnDay({ startOn: '2024-01-01', endOn: '2024-01-31' })(dayNumberOf('2024-01-31'))).toBe(true);
    expect(activeOnDay({ startOn: '2024-01-01', endOn: '2024-01-31' })(dayNumberOf('2024-02-01'))).toBe(false);
    expect(activeOnDay({ startOn: '2024-01-01', endOn: null })(dayNumberOf('2099-12-31'))).toBe(true);
  });
});

