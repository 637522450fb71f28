import { describe, expect, it } from 'vitest';
import {
  computeSignals,
  DEFAULT_SIGNAL_SETTINGS,
  describeRules,
  SIGNAL_CODES,
  sortSignals,
  validateSignalSettings,
  type Signal,
} from '@/lib/domain/signals';
import { ck, find, has, input, mmtVisit, run, titer } from './signals-fixtures';

describe('assay-change', () => {
  it('reports the latest change of assay between consecutive results of one analyte', () => {
    const results = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20, { assayId: 2, assayLabel: 'ELISA B' }), titer(3, '2024-03-01', 10, { assayId: 2, assayLabel: 'ELISA B' })];
    const s = find(run({ antibodyResults: results }, '2024-06-01'), 'assay-change', 'mi2-beta');
    expect(s).toMatchObject({ level: 'info', since: '2024-02-01', resultIds: { antibody: [1, 2] } });
    expect(s?.explanation).toBe('Mi-2beta changed assay from Line blot A (40 units (cut-off 5) on 2024-01-01) to ELISA B (20 units (cut-off 5) on 2024-02-01): levels on either side are not directly comparable.');
  });

  it('does not fire for one assay, nor across analytes', () => {
    expect(has(run({ antibodyResults: [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20)] }, '2024-06-01'), 'assay-change')).toBe(false);
    const mixed = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20, { analyte: 'mi2-alpha', assayId: 2 })];
    expect(has(run({ antibodyResults: mixed }, '2024-06-01'), 'assay-change')).toBe(false);
  });
});

describe('titer-overdue', () => {
  const history = [titer(1, '2023-01-01', 30), titer(2, '2023-06-01', 4)];
  it('fires after more than 365 days without a titer: 365 no, 366 yes', () => {
    expect(has(run({ antibodyResults: history }, '2024-05-31'), 'titer-overdue')).toBe(false); // 365 days (leap year)
    const s = find(run({ antibodyResults: history }, '2024-06-01'), 'titer-overdue');
    expect(s).toMatchObject({ level: 'info', since: '2024-06-01', resultIds: { antibody: [1, 2] } });
    expect(s?.explanation).toContain('is 366 days old, more than the 365-day interval');
  });

  it('needs a positive history', () => {
    const neverPositive = [titer(1, '2023-01-01', 8), titer(2, '2023-06-01', 4)];
    expect(has(run({ antibodyResults: neverPositive }, '2025-01-01'), 'titer-overdue')).toBe(false);
    expect(has(run({ antibodyResults: neverPositive, hasPositiveHistory: true }, '2025-01-01'), 'titer-overdue')).toBe(true);
  });

  it('with a positive history and no titer, counts from the start of follow-up (stable `since`)', () => {
    expect(has(run({ hasPositiveHistory: true }, '2025-01-01'), 'titer-overdue')).toBe(false);
    const followed = { hasPositiveHistory: true, visits: [mmtVisit(1, '2024-01-01', 70)], enzymeResults: [ck(1, '2024-03-01', 300)] };
    expect(has(run(followed, '2024-12-31'), 'titer-overdue')).toBe(false); // 365 days
    expect(find(run(followed, '2025-01-01'), 'titer-overdue')?.since).toBe('2025-01-01');
    expect(find(run(followed, '2025-03-01'), 'titer-overdue')?.since).toBe('2025-01-01');
  });

  it('ignores results after the as-of date and results entered in error', () => {
    const later = [...history, titer(3, '2024-07-01', 4)];
    expect(has(run({ antibodyResults: later }, '2024-06-15'), 'titer-overdue')).toBe(true);
    const inError = [...history, titer(3, '2024-05-01', 4, { enteredInError: true })];
    expect(has(run({ antibodyResults: inError }, '2024-06-15'), 'titer-overdue')).toBe(true);
  });
});

describe('settings', () => {
  it('defaults follow docs/domain.md section 7 and validate', () => {
    expect(DEFAULT_SIGNAL_SETTINGS).toEqual({
      decliningMinResults: 3, declineFromPeakFraction: 0.5, normalizationMinNegatives: 2, normalizationMinSpanDays: 90,
      ckWindowDays: 90, mmtWindowDays: 180, mmtFraction: 0.95, reriseFactor: 2, overdueIntervalDays: 365,
    });
    expect(validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS })).toEqual({ ok: true, settings: DEFAULT_SIGNAL_SETTINGS });
  });

  it('rejects out-of-range, fractional and missing values with messages saying what is allowed', () => {
    const result = validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS, ckWindowDays: 0, decliningMinResults: 2.5, mmtFraction: 1.2, reriseFactor: undefined });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field).sort()).toEqual(['ckWindowDays', 'decliningMinResults', 'mmtFraction', 'reriseFactor']);
    expect(result.issues.find((i) => i.field === 'ckWindowDays')?.message).toBe('CK window around the latest titer must be a whole number from 1 to 365 days.');
    expect(validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS, ckWindowDays: 365 }).ok).toBe(true);
    expect(validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS, ckWindowDays: 366 }).ok).toBe(false);
  });
});

describe('describeRules', () => {
  it('describes all nine signals with the engine levels', () => {
    const rules = describeRules(DEFAULT_SIGNAL_SETTINGS);
    expect(rules.map((r) => r.code)).toEqual([...SIGNAL_CODES]);
    expect(rules.find((r) => r.code === 'taper-discussion')?.level).toBe('action');
    expect(rules.find((r) => r.code === 'titer-rerise')?.level).toBe('warning');
    expect(rules.find((r) => r.code === 'clinical-quiescence')?.description).toContain('at least 95% of its maximum (76/80 or 143/150)');
  });

  it('follows the settings', () => {
    const rules = describeRules({ ...DEFAULT_SIGNAL_SETTINGS, normalizationMinSpanDays: 120, overdueIntervalDays: 180, reriseFactor: 3 });
    expect(rules.find((r) => r.code === 'normalization-sustained')?.description).toContain('at least 120 days');
    expect(rules.find((r) => r.code === 'titer-overdue')?.description).toContain('more than 180 days');
    expect(rules.find((r) => r.code === 'titer-rerise')?.description).toContain('at least 3 times');
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
