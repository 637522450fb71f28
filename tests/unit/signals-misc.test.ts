import { describe, expect, it } from 'vitest';
import {
  computeSignals,
  DEFAULT_SIGNAL_SETTINGS,
  describeRules,
  SIGNAL_CODES,
  SIGNAL_SETTING_RANGES,
  sortSignals,
  upgradeStoredSettings,
  validateSignalSettings,
  type Signal,
} from '@/lib/domain/signals';
import { ck, find, has, input, mmtVisit, run, titer } from './signals-fixtures';

describe('assay-change', () => {
  it('reports the latest change of assay between consecutive results of one analyte', () => {
    const results = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20, { assayId: 2, assayLabel: 'ELISA B' }), titer(3, '2024-03-01', 10, { assayId: 2, assayLabel: 'ELISA B' })];
    const s = find(run({ antibodyResults: results }, '2024-06-01'), 'assay-change', 'mi2-beta');
    expect(s).toMatchObject({ level: 'info', since: '2024-02-01', resultIds: { antibody: [1, 2] } });
    expect(s?.explanation).toBe('Mi-2β changed assay from Line blot A (40 units (cut-off 5) on 2024-01-01) to ELISA B (20 units (cut-off 5) on 2024-02-01): levels on either side are not directly comparable.');
  });

  it('does not fire for one assay, nor across analytes', () => {
    expect(has(run({ antibodyResults: [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20)] }, '2024-06-01'), 'assay-change')).toBe(false);
    const mixed = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20, { analyte: 'mi2-alpha', assayId: 2 })];
    expect(has(run({ antibodyResults: mixed }, '2024-06-01'), 'assay-change')).toBe(false);
  });
});

describe('titer-overdue (calendar months, a local default)', () => {
  const history = [titer(1, '2023-01-01', 30), titer(2, '2023-06-01', 4)];
  it('fires the day after 12 calendar months without a titer', () => {
    expect(has(run({ antibodyResults: history }, '2024-06-01'), 'titer-overdue')).toBe(false);
    const s = find(run({ antibodyResults: history }, '2024-06-02'), 'titer-overdue');
    expect(s).toMatchObject({ level: 'info', since: '2024-06-02', resultIds: { antibody: [1, 2] } });
    expect(s?.explanation).toContain('is 367 days old, more than the 12-month interval set by the clinic');
    expect(s?.evidence.citation).toMatch(/^Local default set by the clinic/);
  });

  it('does not fire a day early across a leap day (366 days is exactly 12 months)', () => {
    const leap = [titer(1, '2023-06-01', 30), titer(2, '2024-02-29', 4)];
    expect(has(run({ antibodyResults: leap }, '2025-02-28'), 'titer-overdue')).toBe(false);
    expect(find(run({ antibodyResults: leap }, '2025-03-01'), 'titer-overdue')?.since).toBe('2025-03-01');
    const beforeLeap = [titer(1, '2023-01-01', 30), titer(2, '2023-03-01', 4)];
    // 2023-03-01 to 2024-03-01 is 366 days and exactly 12 months: not yet overdue.
    expect(has(run({ antibodyResults: beforeLeap }, '2024-03-01'), 'titer-overdue')).toBe(false);
    expect(has(run({ antibodyResults: beforeLeap }, '2024-03-02'), 'titer-overdue')).toBe(true);
  });

  it('needs a positive history', () => {
    const neverPositive = [titer(1, '2023-01-01', 8), titer(2, '2023-06-01', 4)];
    expect(has(run({ antibodyResults: neverPositive }, '2025-01-01'), 'titer-overdue')).toBe(false);
    expect(has(run({ antibodyResults: neverPositive, hasPositiveHistory: true }, '2025-01-01'), 'titer-overdue')).toBe(true);
  });

  it('with a positive history and no titer, counts from the start of follow-up (stable `since`)', () => {
    expect(has(run({ hasPositiveHistory: true }, '2025-01-01'), 'titer-overdue')).toBe(false);
    const followed = { hasPositiveHistory: true, visits: [mmtVisit(1, '2024-01-01', 70)], enzymeResults: [ck(1, '2024-03-01', 300)] };
    expect(has(run(followed, '2025-01-01'), 'titer-overdue')).toBe(false); // 12 months exactly
    expect(find(run(followed, '2025-01-02'), 'titer-overdue')?.since).toBe('2025-01-02');
    expect(find(run(followed, '2025-03-01'), 'titer-overdue')?.since).toBe('2025-01-02');
  });

  it('ignores results after the as-of date and results entered in error', () => {
    const later = [...history, titer(3, '2024-07-01', 4)];
    expect(has(run({ antibodyResults: later }, '2024-06-15'), 'titer-overdue')).toBe(true);
    const inError = [...history, titer(3, '2024-05-01', 4, { enteredInError: true })];
    expect(has(run({ antibodyResults: inError }, '2024-06-15'), 'titer-overdue')).toBe(true);
  });
});

describe('settings', () => {
  it('defaults follow the clinical reference and validate', () => {
    const { drugCoverageDays, ...numeric } = DEFAULT_SIGNAL_SETTINGS;
    expect(numeric).toEqual({
      decliningMinResults: 3, declineFromPeakFraction: 0.5, normalizationMinNegatives: 2, normalizationMinSpanDays: 90,
      taperTiterMaxAgeMonths: 12, enzymeWindowMonths: 6, mmtWindowMonths: 6, mmtFraction: 0.95, discordanceWindowDays: 90,
      reriseFactor: 2, reriseDilutionSteps: 2, overdueIntervalMonths: 12, treatmentGapDays: 30,
    });
    expect(drugCoverageDays).toEqual({ methylprednisolone: 28, ivig: 28, rituximab: 183, cyclophosphamide: 28 });
    expect(validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS })).toEqual({ ok: true, settings: DEFAULT_SIGNAL_SETTINGS });
  });

  it('every default says where it comes from: none is the study\'s', () => {
    for (const r of Object.values(SIGNAL_SETTING_RANGES)) expect(r.basis).toMatch(/^Local default/);
  });

  it('rejects out-of-range, fractional and missing values with messages saying what is allowed', () => {
    const result = validateSignalSettings({
      ...DEFAULT_SIGNAL_SETTINGS, enzymeWindowMonths: 0, decliningMinResults: 2.5, mmtFraction: 1.2, reriseFactor: undefined,
      drugCoverageDays: { ...DEFAULT_SIGNAL_SETTINGS.drugCoverageDays, rituximab: 0.5 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field).sort()).toEqual(['coverage.rituximab', 'decliningMinResults', 'enzymeWindowMonths', 'mmtFraction', 'reriseFactor']);
    expect(result.issues.find((i) => i.field === 'enzymeWindowMonths')?.message).toBe('Quiescence: muscle enzymes measured within must be a whole number from 1 to 24 months.');
    expect(result.issues.find((i) => i.field === 'coverage.rituximab')?.message).toBe('Rituximab: days one dose covers must be a whole number from 1 to 400.');
    expect(validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS, enzymeWindowMonths: 24 }).ok).toBe(true);
    expect(validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS, enzymeWindowMonths: 25 }).ok).toBe(false);
  });

  it('settings stored in days before are upgraded to months, not lost', () => {
    expect(upgradeStoredSettings({ overdueIntervalDays: 365, mmtWindowDays: 180, ckWindowDays: 60, reriseFactor: 3 })).toEqual({
      overdueIntervalMonths: 12, mmtWindowMonths: 6, discordanceWindowDays: 60, reriseFactor: 3,
    });
    expect(upgradeStoredSettings({ overdueIntervalDays: 10 })).toEqual({ overdueIntervalMonths: 1 });
  });
});

describe('describeRules', () => {
  it('describes every signal with the engine levels', () => {
    const rules = describeRules(DEFAULT_SIGNAL_SETTINGS);
    expect(rules.map((r) => r.code)).toEqual([...SIGNAL_CODES]);
    expect(rules.find((r) => r.code === 'taper-discussion')?.level).toBe('action');
    expect(rules.find((r) => r.code === 'titer-rerise')?.level).toBe('warning');
    expect(rules.find((r) => r.code === 'clinical-quiescence')?.description).toContain('at least 95% of its maximum (76/80 or 143/150)');
  });

  it('states every condition of the tapering signal', () => {
    const taper = describeRules(DEFAULT_SIGNAL_SETTINGS).find((r) => r.code === 'taper-discussion')?.description ?? '';
    for (const part of ['EVERY anti-Mi2 analyte', 'no active re-rise', 'conflicting same-day results', 'at most 12 months old', 'CK in the last 6 months',
      'every muscle enzyme', 'partial ones included', 'covering today', 'pulse therapies cover their dosing interval', 'shorter than 30 days', 'assay changed', 'not a recommendation']) {
      expect(taper).toContain(part);
    }
  });

  it('follows the settings', () => {
    const rules = describeRules({ ...DEFAULT_SIGNAL_SETTINGS, normalizationMinSpanDays: 120, overdueIntervalMonths: 18, reriseFactor: 3, reriseDilutionSteps: 3 });
    expect(rules.find((r) => r.code === 'normalization-sustained')?.description).toContain('at least 120 days');
    expect(rules.find((r) => r.code === 'titer-overdue')?.description).toContain('more than 18 months');
    expect(rules.find((r) => r.code === 'titer-rerise')?.description).toContain('at least 3 times');
    expect(rules.find((r) => r.code === 'titer-rerise')?.description).toContain('3 doubling dilutions, 8 times');
  });
});

describe('sortSignals and engine guards', () => {
  const sig = (code: Signal['code'], level: Signal['level'], since: string): Signal => ({
    code, level, since, explanation: '', evidence: { citation: '' }, resultIds: { antibody: [], enzyme: [], visit: [], medication: [] },
  });

  it('orders by level (action, warning, info), then newest first', () => {
    const sorted = sortSignals([sig('titer-overdue', 'info', '2024-01-01'), sig('assay-change', 'info', '2024-05-01'), sig('titer-rerise', 'warning', '2023-01-01'), sig('taper-discussion', 'action', '2022-01-01')]);
    expect(sorted.map((s) => s.code)).toEqual(['taper-discussion', 'titer-rerise', 'assay-change', 'titer-overdue']);
  });

  it('rejects a malformed as-of date', () => {
    expect(() => computeSignals(input({}), '2024-02-30', DEFAULT_SIGNAL_SETTINGS)).toThrow(RangeError);
  });

  it('returns no signals for an empty chart', () => {
    expect(run({}, '2024-01-01')).toEqual([]);
  });
});
