import { describe, expect, it } from 'vitest';
import { find, has, run, titer } from './signals-fixtures';

const asOf = '2025-01-01';
const series = (...values: number[]) => values.map((v, i) => titer(i + 1, `2024-0${i + 1}-01`, v));

describe('titer-declining', () => {
  it('fires when the last 3 results of one assay each fall, since the third', () => {
    const s = find(run({ antibodyResults: series(40, 20, 12) }, asOf), 'titer-declining', 'mi2-beta');
    expect(s).toMatchObject({ level: 'info', since: '2024-03-01', resultIds: { antibody: [1, 2, 3] } });
    expect(s?.explanation).toBe('Mi-2β fell on each of the last 3 results of the same assay (Line blot A), from 8 x cut-off on 2024-01-01 to 2.4 x cut-off on 2024-03-01.');
  });

  it('needs at least the configured number of results', () => {
    expect(has(run({ antibodyResults: series(40, 20) }, asOf), 'titer-declining')).toBe(false);
    expect(has(run({ antibodyResults: series(40, 20, 12) }, asOf, { decliningMinResults: 4 }), 'titer-declining')).toBe(false);
  });

  it('keeps the start of the falling streak as `since`', () => {
    expect(find(run({ antibodyResults: series(40, 30, 20, 10) }, asOf), 'titer-declining')?.since).toBe('2024-03-01');
  });

  it('slope rule (since the peak): latest exactly 50% below the peak fires, just above does not', () => {
    // Peak 9 x cut-off, then 4, 5, 4.5 x: not strictly falling, negative log slope since the peak.
    const s = find(run({ antibodyResults: series(40, 45, 20, 25, 22.5) }, asOf), 'titer-declining');
    expect(s?.explanation).toMatch(/over 4 results of the same assay \(Line blot A\) since its peak .* 50% below the peak of 9 x cut-off on 2024-02-01/);
    expect(s?.resultIds.antibody).toEqual([2, 3, 4, 5]);
    expect(has(run({ antibodyResults: series(40, 45, 20, 25, 23) }, asOf), 'titer-declining')).toBe(false);
  });

  it('slope rule needs a negative slope and a low latest value, fitted from the peak on', () => {
    expect(has(run({ antibodyResults: series(40, 20, 10, 12, 11) }, asOf), 'titer-declining')).toBe(true);
    expect(has(run({ antibodyResults: series(10, 20, 40) }, asOf), 'titer-declining')).toBe(false);
    // A low start before the peak must not make a rise since the peak look like a fall.
    expect(has(run({ antibodyResults: series(2, 60, 40, 45, 44) }, asOf), 'titer-declining')).toBe(false);
  });

  it('never while the latest result rises above the one before (40, 20, 12, 14), nor once it is negative', () => {
    expect(has(run({ antibodyResults: series(40, 20, 12, 14) }, asOf), 'titer-declining')).toBe(false);
    expect(has(run({ antibodyResults: series(40, 20, 12, 39) }, asOf), 'titer-declining')).toBe(false);
    const censored = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20), titer(3, '2024-03-01', 5, { comparator: '<' })];
    const signals = run({ antibodyResults: censored }, asOf);
    expect(has(signals, 'titer-declining')).toBe(false);
    expect(has(signals, 'titer-normalized')).toBe(true);
  });

  it('equal values do not fall', () => {
    expect(has(run({ antibodyResults: series(20, 20, 20) }, asOf), 'titer-declining')).toBe(false);
  });

  it('a change of assay breaks the run', () => {
    const results = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20), titer(3, '2024-03-01', 12, { assayId: 2 })];
    expect(has(run({ antibodyResults: results }, asOf), 'titer-declining')).toBe(false);
  });

  it('does not mix analytes', () => {
    const results = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 20), titer(3, '2024-03-01', 12, { analyte: 'mi2-alpha' })];
    expect(has(run({ antibodyResults: results }, asOf), 'titer-declining')).toBe(false);
  });
});

describe('titer-rerise', () => {
  it('fires at exactly factor x the nadir (in x cut-off) above the cut-off, same assay', () => {
    const s = find(run({ antibodyResults: series(40, 6, 12) }, asOf), 'titer-rerise', 'mi2-beta');
    expect(s).toMatchObject({ level: 'warning', since: '2024-03-01', resultIds: { antibody: [2, 3] } });
    expect(s?.explanation).toBe('Mi-2β rose from 1.2 x cut-off (6 units on 2024-02-01) to 2.4 x cut-off (12 units on 2024-03-01) in the same assay (Line blot A), 2 times the nadir.');
    expect(s?.evidence.citation).toContain('Br J Dermatol 2017');
    expect(has(run({ antibodyResults: series(40, 6, 11.9) }, asOf), 'titer-rerise')).toBe(false);
  });

  it('needs the rise to be above the cut-off', () => {
    expect(has(run({ antibodyResults: series(40, 1, 4) }, asOf), 'titer-rerise')).toBe(false);
    // 2 -> 7 units: borderline, above the cut-off, 3.5 x the nadir.
    expect(has(run({ antibodyResults: series(40, 2, 7) }, asOf), 'titer-rerise')).toBe(true);
  });

  it('does not compare across a change of assay between nadir and rise', () => {
    const base = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 2)];
    const borderlineInB = titer(3, '2024-03-01', 1.2, { assayId: 2, cutoff: 1, positiveFrom: 1.5, strongAbove: null });
    expect(has(run({ antibodyResults: [...base, borderlineInB] }, asOf), 'titer-rerise')).toBe(false);
    const positiveInB = titer(3, '2024-03-01', 3, { assayId: 2, cutoff: 1, positiveFrom: 1.5, strongAbove: null });
    const s = find(run({ antibodyResults: [...base, positiveInB] }, asOf), 'titer-rerise');
    expect(s?.explanation).toBe('Mi-2β was negative (2 units (cut-off 5) on 2024-02-01) and then positive (3 units (cut-off 1) on 2024-03-01).');
  });

  it('seroreversion: positive after negative fires, and stays until a negative returns', () => {
    expect(find(run({ antibodyResults: series(4, 20) }, asOf), 'titer-rerise')?.since).toBe('2024-02-01');
    expect(find(run({ antibodyResults: series(30, 4, 20, 8) }, asOf), 'titer-rerise')?.since).toBe('2024-03-01');
    expect(has(run({ antibodyResults: series(30, 4, 20, 3) }, asOf), 'titer-rerise')).toBe(false);
  });

  it('borderline after negative is not seroreversion', () => {
    expect(has(run({ antibodyResults: series(30, 4, 5.5) }, asOf, { reriseFactor: 10 }), 'titer-rerise')).toBe(false);
  });

  it('works on qualitative-only results', () => {
    const q = (id: number, date: string, qualitative: 'negative' | 'positive') =>
      titer(id, date, null, { qualitative, cutoff: null, positiveFrom: null, strongAbove: null });
    expect(has(run({ antibodyResults: [q(1, '2024-01-01', 'negative'), q(2, '2024-02-01', 'positive')] }, asOf), 'titer-rerise')).toBe(true);
  });
});

describe('a censored bound in the signal texts', () => {
  it('keeps its comparator: a re-rise from "<8 units" (cut-off 5) reads "<1.6 x cut-off", never an exact level', () => {
    const rows = [titer(1, '2023-06-01', 40), titer(2, '2024-01-10', 8, { comparator: '<' }), titer(3, '2024-05-01', 40)];
    const s = find(run({ antibodyResults: rows }, '2024-06-01'), 'titer-rerise', 'mi2-beta');
    expect(s?.explanation).toContain('rose from <1.6 x cut-off (<8 units on 2024-01-10) to 8 x cut-off');
  });
});
