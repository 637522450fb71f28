import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mmtTotal } from '@/lib/domain/mmt';
import { doseChangeSchema, drugIdentity, epochFormValues, epochSchema, routeLabel, stopSchema } from '@/lib/validation/medications';
import { gradeField, mmtSummary, parseGrade, visitSchema } from '@/lib/validation/visits';

describe('parseGrade (Kendall 0-10, docs/clinical/strength.md)', () => {
  it('reads empty as not tested and accepts whole numbers 0-10 only', () => {
    expect(['', '  ', null, undefined].map(parseGrade)).toEqual([null, null, null, null]);
    expect(['0', '10', ' 7 ', 5].map(parseGrade)).toEqual([0, 10, 7, 5]);
    expect(['11', '-1', '7.5', 'ten', '1e1x', Number.NaN, {}].map(parseGrade)).toEqual(Array(7).fill(undefined));
  });

  it('never accepts a value outside 0-10 (property)', () => {
    fc.assert(fc.property(fc.oneof(fc.double(), fc.string()), (raw) => {
      const g = parseGrade(raw);
      return g === null || g === undefined || (Number.isInteger(g) && g >= 0 && g <= 10);
    }));
  });
});

describe('visitSchema', () => {
  it('keeps only the chosen version\'s grades and reads ticked findings', () => {
    const out = visitSchema.parse({ visitOn: '2024-01-01', mmtVersion: 'unilateral', [gradeField('deltoid')]: '8', [gradeField('deltoid_right')]: '9', finding_rash: 'on', finding_ild: 'off' });
    expect(out.grades).toEqual({ deltoid: 8 });
    expect(out.findings).toEqual(['rash']);
    expect(out).toMatchObject({ physicianGlobal: null, haq: null, notes: '', clinicianName: '' });
  });

  it('gives every bad field its own message', () => {
    const r = visitSchema.safeParse({ visitOn: 'yesterday', haq: '3.5', [gradeField('biceps')]: '12' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['haq', 'mmt_biceps', 'visitOn']);
  });
});

describe('mmtSummary', () => {
  it('shows a total only for a complete exam and a partial one as partial', () => {
    expect(mmtSummary(mmtTotal('unilateral', { neck_flexors: 10, deltoid: 9 }))).toBe('partial: 2 of 8 groups, sum 19');
    expect(mmtSummary(mmtTotal('bilateral', { neck_flexors: 10 }))).toBe('partial: 1 of 15 tests, sum 10');
    expect(mmtSummary(null)).toBe('not tested');
  });
});

describe('medication schemas', () => {
  const base = { drug: 'methotrexate', dose: '15', doseUnit: 'mg', route: 'oral', frequency: 'weekly', startOn: '2024-01-01', startReason: 'started' };

  it('needs an end reason with an end date and the reverse, and an end on or after the start', () => {
    const issues = (input: object) => epochSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(issues({ ...base, endOn: '2024-02-01' })).toEqual(['endReason']);
    expect(issues({ ...base, endReason: 'stopped' })).toEqual(['endOn']);
    expect(issues({ ...base, endOn: '2023-12-31', endReason: 'stopped' })).toEqual(['endOn']);
    expect(issues({ ...base, endOn: '2024-01-01', endReason: 'stopped' })).toEqual([]);
  });

  it('round-trips a stored epoch through the correction form values', () => {
    for (const stored of [
      { drug: 'Methotrexate', immunosuppressant: true, dose: 15, doseUnit: 'mg', route: 'oral', frequency: 'weekly', startOn: '2024-01-01', endOn: null, reason: 'started', endReason: null },
      { drug: 'Anakinra', immunosuppressant: false, dose: 100, doseUnit: 'mg', route: 'sc', frequency: 'daily', startOn: '2024-01-01', endOn: '2024-02-01', reason: 'started', endReason: 'side-effect' },
    ]) {
      const parsed = epochSchema.parse(epochFormValues(stored));
      expect(drugIdentity(parsed)).toMatchObject({ drug: stored.drug, immunosuppressant: stored.immunosuppressant });
      expect(parsed).toMatchObject({ dose: stored.dose, endOn: stored.endOn, startReason: stored.reason, endReason: stored.endReason });
    }
  });

  it('dose change and stop say what is allowed', () => {
    expect(doseChangeSchema.safeParse({ startOn: '2024-01-01', dose: '0', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: 'tapered' }).error?.issues[0]?.message).toMatch(/greater than 0/);
    expect(stopSchema.safeParse({ endOn: '2024-01-01', endReason: 'bored' }).error?.issues[0]?.message).toBe('Reason for stopping must be one of: stopped, course completed, side effect, ineffective, remission, other.');
    expect(routeLabel('iv')).toBe('Intravenous (IV)');
    expect(routeLabel('constructor')).toBe('constructor');
  });
});
