import { describe, expect, it } from 'vitest';
import { find, has, normalizedHistory, run, titer } from './signals-fixtures';

describe('titer-normalized', () => {
  it('fires when the latest result is negative after a positive one, since the first negative', () => {
    const signals = run({ antibodyResults: [titer(1, '2024-01-10', 30), titer(2, '2024-04-01', 4)] }, '2024-06-01');
    const s = find(signals, 'titer-normalized', 'mi2-beta');
    expect(s).toMatchObject({ level: 'info', since: '2024-04-01', resultIds: { antibody: [1, 2] } });
    expect(s?.explanation).toBe('Mi-2β 4 units (cut-off 5) on 2024-04-01 is negative, after a positive result of 30 units on 2024-01-10.');
    expect(s?.evidence.doi).toBe('10.1212/WNL.0000000000008443');
  });

  it('does not fire without a prior positive result (borderline before does not count)', () => {
    expect(has(run({ antibodyResults: [titer(1, '2024-01-10', 8), titer(2, '2024-04-01', 4)] }, '2024-06-01'), 'titer-normalized')).toBe(false);
    expect(has(run({ antibodyResults: [titer(1, '2024-04-01', 4)] }, '2024-06-01', {}), 'titer-normalized')).toBe(false);
  });

  it('ignores the patient-level positive-history flag (needs a recorded positive of the analyte)', () => {
    const signals = run({ antibodyResults: normalizedHistory(120).slice(1), hasPositiveHistory: true }, '2024-12-01');
    expect(has(signals, 'titer-normalized')).toBe(false);
    expect(has(signals, 'normalization-sustained')).toBe(false);
  });

  it('does not treat borderline as negative', () => {
    // 6 units: above the cut-off of 5, below the positive limit of 11.
    const signals = run({ antibodyResults: [titer(1, '2024-01-10', 30), titer(2, '2024-04-01', 6)] }, '2024-06-01');
    expect(has(signals, 'titer-normalized')).toBe(false);
  });

  it('treats a "<" value at the cut-off and a reported Negative as negative', () => {
    const censored = [titer(1, '2024-01-10', 30), titer(2, '2024-04-01', 5, { comparator: '<' })];
    expect(has(run({ antibodyResults: censored }, '2024-06-01'), 'titer-normalized')).toBe(true);
    const qualitative = [
      titer(1, '2024-01-10', null, { qualitative: 'strong', cutoff: null, positiveFrom: null, strongAbove: null }),
      titer(2, '2024-04-01', null, { qualitative: 'negative', cutoff: null, positiveFrom: null, strongAbove: null }),
    ];
    const s = find(run({ antibodyResults: qualitative }, '2024-06-01'), 'titer-normalized');
    expect(s?.explanation).toContain('Negative on 2024-04-01');
  });

  it('is per analyte: a negative Mi-2alpha does not normalize Mi-2beta', () => {
    const results = [titer(1, '2024-01-10', 30), titer(2, '2024-04-01', 4, { analyte: 'mi2-alpha' })];
    expect(has(run({ antibodyResults: results }, '2024-06-01'), 'titer-normalized')).toBe(false);
  });

  it('ignores results entered in error', () => {
    const results = [titer(1, '2024-01-10', 30), titer(2, '2024-04-01', 4), titer(3, '2024-05-01', 40, { enteredInError: true })];
    expect(has(run({ antibodyResults: results }, '2024-06-01'), 'titer-normalized')).toBe(true);
    const positiveInError = [titer(1, '2024-01-10', 30, { enteredInError: true }), titer(2, '2024-04-01', 4)];
    expect(has(run({ antibodyResults: positiveInError }, '2024-06-01'), 'titer-normalized')).toBe(false);
  });

  it('ignores results after the as-of date', () => {
    const results = [titer(1, '2024-01-10', 30), titer(2, '2024-04-01', 4), titer(3, '2024-06-02', 40)];
    expect(has(run({ antibodyResults: results }, '2024-06-01'), 'titer-normalized')).toBe(true);
    expect(has(run({ antibodyResults: results }, '2024-06-02'), 'titer-normalized')).toBe(false);
    expect(has(run({ antibodyResults: results }, '2024-03-31'), 'titer-normalized')).toBe(false);
  });
});

describe('normalization-sustained', () => {
  it('fires at exactly 90 days between the first and last negative', () => {
    const signals = run({ antibodyResults: normalizedHistory(90) }, '2024-12-01');
    const s = find(signals, 'normalization-sustained', 'mi2-beta');
    expect(s).toMatchObject({ level: 'info', since: '2024-05-01', resultIds: { antibody: [2, 3] } });
    expect(s?.explanation).toBe('Mi-2β 4 units (cut-off 5) on 2024-02-01 and 3 units on 2024-05-01, both from Line blot A: negative twice in a row over 90 days.');
  });

  it('does not fire at 89 days', () => {
    const signals = run({ antibodyResults: normalizedHistory(89) }, '2024-12-01');
    expect(has(signals, 'titer-normalized')).toBe(true);
    expect(has(signals, 'normalization-sustained')).toBe(false);
  });

  it('needs the configured number of negatives', () => {
    expect(has(run({ antibodyResults: normalizedHistory(200) }, '2024-12-01', { normalizationMinNegatives: 3 }), 'normalization-sustained')).toBe(false);
  });

  it('uses the span setting', () => {
    expect(has(run({ antibodyResults: normalizedHistory(100) }, '2024-12-01', { normalizationMinSpanDays: 101 }), 'normalization-sustained')).toBe(false);
    expect(has(run({ antibodyResults: normalizedHistory(100) }, '2024-12-01', { normalizationMinSpanDays: 100 }), 'normalization-sustained')).toBe(true);
  });

  it('is broken by a borderline result inside the run', () => {
    const results = [titer(1, '2023-06-01', 30), titer(2, '2024-01-01', 4), titer(3, '2024-03-01', 7), titer(4, '2024-06-01', 3)];
    const signals = run({ antibodyResults: results }, '2024-12-01');
    expect(has(signals, 'normalization-sustained')).toBe(false);
    expect(find(signals, 'titer-normalized')?.since).toBe('2024-06-01');
  });

  it('needs its negatives from one assay: negatives of two assays do not add up', () => {
    const b = { assayId: 2, assayLabel: 'ELISA B', cutoff: 1, positiveFrom: 1.5, strongAbove: null };
    const mixed = [titer(1, '2023-06-01', 30), titer(2, '2024-01-01', 4), titer(3, '2024-06-01', 0.5, b)];
    const signals = run({ antibodyResults: mixed }, '2024-12-01');
    expect(has(signals, 'titer-normalized')).toBe(true);
    expect(has(signals, 'normalization-sustained')).toBe(false);
    const twoInB = [...mixed, titer(4, '2024-09-01', 0.4, b)];
    const s = find(run({ antibodyResults: twoInB }, '2024-12-01'), 'normalization-sustained');
    expect(s?.resultIds.antibody).toEqual([3, 4]);
    expect(s?.explanation).toContain('0.5 units (cut-off 1) on 2024-06-01 and 0.4 units on 2024-09-01, both from ELISA B');
  });

  it('dates `since` at the result where both conditions first held', () => {
    const results = [titer(1, '2023-06-01', 30), titer(2, '2024-01-01', 4), titer(3, '2024-02-01', 4), titer(4, '2024-04-01', 3), titer(5, '2024-09-01', 2)];
    expect(find(run({ antibodyResults: results }, '2024-12-01'), 'normalization-sustained')?.since).toBe('2024-04-01');
  });
});
