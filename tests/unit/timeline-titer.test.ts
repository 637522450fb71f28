import { describe, expect, it } from 'vitest';
import { buildTiterPanel, QUALITATIVE_LEVEL, titerCeiling, titerFloor } from '@/lib/domain/timeline/titer-series';
import { dayMs } from '@/lib/domain/timeline/time';
import { titer } from './signals-fixtures';

const none = new Set<number>();

describe('titer series (docs/clinical/assays.md)', () => {
  it('plots value / cut-off, one series per analyte, with value as reported and the limits of each result', () => {
    const p = buildTiterPanel([
      titer(1, '2024-01-01', 25),
      titer(2, '2024-02-01', 10, { analyte: 'mi2-alpha' }),
    ], none);
    expect(p.series.map((s) => s.analyte)).toEqual(['mi2-alpha', 'mi2-beta']);
    const beta = p.series[1]?.segments[0]?.points[0];
    expect(beta).toMatchObject({ y: 5, xCutoff: 5, marker: 'value', cls: 'positive', reported: '25 units', assay: 'Line blot A' });
    expect(beta?.reference).toBe('cut-off 5 units, positive ≥ 11 units, strong > 50 units');
    expect(p.count).toBe(2);
  });

  it('breaks the line where the assay changes and records the change', () => {
    const p = buildTiterPanel([
      titer(1, '2020-01-01', 30),
      titer(2, '2021-01-01', 20),
      titer(3, '2022-01-01', 40, { assayId: 2, assayLabel: 'ELISA B', cutoff: 20, positiveFrom: null, strongAbove: null }),
      titer(4, '2023-01-01', 30, { assayId: 2, assayLabel: 'ELISA B', cutoff: 20, positiveFrom: null, strongAbove: null }),
    ], none);
    const s = p.series[0];
    expect(s?.segments.map((g) => g.points.map((pt) => pt.id))).toEqual([[1, 2], [3, 4]]);
    expect(p.changes).toEqual([{ analyte: 'mi2-beta', date: '2022-01-01', x: dayMs('2022-01-01'), from: 'Line blot A', to: 'ELISA B' }]);
    expect(s?.segments[1]?.points[0]?.y).toBe(2);
  });

  it('draws censored values at their bound with a direction marker', () => {
    const p = buildTiterPanel([titer(1, '2024-01-01', 5, { comparator: '<' }), titer(2, '2024-02-01', 150, { comparator: '>' })], none);
    const pts = p.series[0]?.segments[0]?.points ?? [];
    expect(pts.map((x) => [x.marker, x.y, x.reported, x.cls])).toEqual([['below', 1, '<5 units', 'negative'], ['above', 30, '>150 units', 'strong']]);
  });

  it('draws qualitative results at a conventional level, never joined', () => {
    const p = buildTiterPanel([
      titer(1, '2024-01-01', null, { qualitative: 'positive', cutoff: null, positiveFrom: null, strongAbove: null }),
      titer(2, '2024-02-01', null, { qualitative: 'negative', cutoff: null, positiveFrom: null, strongAbove: null }),
    ], none);
    const s = p.series[0];
    expect(s?.segments).toEqual([]);
    expect(s?.qualitative.map((q) => [q.marker, q.y, q.reported])).toEqual([['qualitative', QUALITATIVE_LEVEL.positive, 'Positive'], ['qualitative', 0.5, 'Negative']]);
    expect(p.bands).toEqual([{ cls: 'negative', fromX: null, toX: null, yMin: 0.1, yMax: 1 }]);
  });

  it('never divides by zero: a cut-off of 0 or missing falls back to the category, else is counted unplotted', () => {
    const p = buildTiterPanel([
      titer(1, '2024-01-01', 12, { cutoff: 0, qualitative: 'positive' }),
      titer(2, '2024-02-01', 12, { cutoff: null }),
    ], none);
    expect(p.series[0]?.qualitative.map((q) => q.id)).toEqual([1]);
    expect(p.series[0]?.qualitative[0]?.xCutoff).toBeNull();
    expect(p.unplotted).toBe(1);
    expect(p.count).toBe(1);
    for (const b of p.bands) expect(Number.isFinite(b.yMin) && Number.isFinite(b.yMax)).toBe(true);
  });

  it('draws a value of 0 (below any log axis) at the floor with its own marker', () => {
    const p = buildTiterPanel([titer(1, '2024-01-01', 0), titer(2, '2024-02-01', 2)], none);
    const pts = p.series[0]?.segments[0]?.points ?? [];
    expect(p.yMin).toBe(0.1);
    expect(pts[0]).toMatchObject({ marker: 'floor', y: 0.1, xCutoff: 0 });
    expect(pts[1]).toMatchObject({ marker: 'value', y: 0.4 });
  });

  it('keeps same-day results of one assay in one run, in entry order', () => {
    const p = buildTiterPanel([titer(2, '2024-01-01', 20), titer(1, '2024-01-01', 25)], none);
    expect(p.series[0]?.segments[0]?.points.map((x) => x.id)).toEqual([1, 2]);
  });

  it('leaves entered-in-error rows out and rings results named by signals', () => {
    const p = buildTiterPanel([titer(1, '2024-01-01', 20, { enteredInError: true }), titer(2, '2024-02-01', 30)], new Set([2]));
    expect(p.count).toBe(1);
    expect(p.series[0]?.segments[0]?.points[0]?.signal).toBe(true);
  });

  it('shades classes from each assay\'s own limits, merged across one assay run', () => {
    const p = buildTiterPanel([titer(1, '2024-01-01', 20), titer(2, '2025-01-01', 30)], none);
    expect(p.bands).toEqual([
      { cls: 'negative', fromX: null, toX: null, yMin: 0.1, yMax: 1 },
      { cls: 'borderline', fromX: dayMs('2024-01-01'), toX: null, yMin: 1, yMax: 2.2 },
      { cls: 'positive', fromX: dayMs('2024-01-01'), toX: null, yMin: 2.2, yMax: 10 },
    ]);
    // A strong result lifts the axis to 100: the strong band (> 50/5 = 10x) appears.
    const strong = buildTiterPanel([titer(1, '2024-01-01', 60)], none);
    expect(strong.bands.find((b) => b.cls === 'strong')).toEqual({ cls: 'strong', fromX: dayMs('2024-01-01'), toX: null, yMin: 10, yMax: 100 });
  });

  it('shades a new assay\'s limits from its first result on, the old one until then', () => {
    const elisa = { assayId: 2, assayLabel: 'ELISA B', cutoff: 20, positiveFrom: 40, strongAbove: null };
    const p = buildTiterPanel([titer(1, '2020-01-01', 30), titer(2, '2022-01-01', 50, elisa)], none);
    const borderline = p.bands.filter((b) => b.cls === 'borderline');
    expect(borderline).toEqual([
      { cls: 'borderline', fromX: dayMs('2020-01-01'), toX: dayMs('2022-01-01'), yMin: 1, yMax: 2.2 },
      { cls: 'borderline', fromX: dayMs('2022-01-01'), toX: null, yMin: 1, yMax: 2 },
    ]);
  });

  it('handles no data and a single point', () => {
    expect(buildTiterPanel([], none)).toMatchObject({ series: [], count: 0, yMin: 0.1, yMax: 10 });
    const one = buildTiterPanel([titer(1, '2024-01-01', 600)], none);
    expect(one.count).toBe(1);
    expect(one.yMax).toBe(1000);
  });

  it('axis floor and ceiling are decades within bounds', () => {
    expect(titerFloor([0.03, 5])).toBe(0.01);
    expect(titerFloor([1e-9])).toBe(0.001);
    expect(titerFloor([])).toBe(0.1);
    expect(titerCeiling([3])).toBe(10);
    expect(titerCeiling([42])).toBe(100);
  });
});
