/**
 * A censored titer ("<5 units", ">200 units") is a bound, not a measurement: its level in
 * x cut-off keeps the comparator wherever it is written (flowsheet, and so its CSV, the
 * latest values and print; the chart's tooltip; the results table). Review r4, R4-1.
 */
import { describe, expect, it } from 'vitest';
import { levelText } from '@/lib/domain/antibody';
import { buildTimeline } from '@/lib/domain/timeline/build';
import { buildFlowsheet } from '@/lib/domain/timeline/flowsheet';
import { flowsheetCsv, sliceFlowsheet } from '@/lib/domain/timeline/flowsheet-view';
import { buildTiterPanel } from '@/lib/domain/timeline/titer-series';
import { titer } from './signals-fixtures';

const cellOf = (sheet: ReturnType<typeof buildFlowsheet>, date: string) => sheet.rows.find((r) => r.key === 'titer:mi2-beta')?.cells[date]?.text;

describe('the x cut-off level of a censored titer keeps its comparator', () => {
  it('"<5 units" with cut-off 5 reads "<1×", never the exact "1×" of a result at the cut-off', () => {
    const sheet = buildFlowsheet([titer(1, '2024-01-01', 5, { comparator: '<' })], [], [], []);
    expect(cellOf(sheet, '2024-01-01')).toBe('<5 units · <1× · Negative');
  });

  it('">200 units" with cut-off 10 reads ">20×"', () => {
    const sheet = buildFlowsheet([titer(1, '2024-01-01', 200, { comparator: '>', cutoff: 10 })], [], [], []);
    expect(cellOf(sheet, '2024-01-01')).toBe('>200 units · >20× · Strong positive');
  });

  it('a censored dilution titer too (">1:1280" with cut-off 80 is ">16×")', () => {
    const sheet = buildFlowsheet([titer(1, '2024-01-01', 1280, { comparator: '>', unit: '{titer}', cutoff: 80, positiveFrom: null, strongAbove: null })], [], [], []);
    expect(cellOf(sheet, '2024-01-01')).toContain('>1:1280 · >16×');
  });

  it('exact values keep their plain level', () => {
    const sheet = buildFlowsheet([titer(1, '2024-01-01', 25), titer(2, '2024-02-01', 5)], [], [], []);
    expect(cellOf(sheet, '2024-01-01')).toBe('25 units · 5× · Positive');
    expect(cellOf(sheet, '2024-02-01')).toBe('5 units · 1× · Negative');
  });

  it('the CSV and the latest values carry the same text as the screen', () => {
    const results = [titer(1, '2024-01-01', 40), titer(2, '2024-05-01', 5, { comparator: '<' })];
    const csv = flowsheetCsv(sliceFlowsheet(buildFlowsheet(results, [], [], []), '2024-01-01', '2024-12-31'));
    expect(csv).toContain('<5 units · <1× · Negative');
    const t = buildTimeline({ antibodyResults: results, enzymeResults: [], visits: [], medications: [], signals: [], today: '2024-06-01' });
    expect(t.latest.find((v) => v.key === 'titer:mi2-beta')?.text).toBe('<5 units · <1× · Negative');
  });

  it('the chart point carries the level as written, for its tooltip', () => {
    const p = buildTiterPanel([titer(1, '2024-01-01', 5, { comparator: '<' }), titer(2, '2024-02-01', 200, { comparator: '>', cutoff: 10 }), titer(3, '2024-03-01', 12)], new Set());
    const points = p.series[0]!.segments.flatMap((g) => g.points);
    expect(points.map((x) => [x.xCutoff, x.levelText])).toEqual([[1, '<1'], [20, '>20'], [2.4, '2.4']]);
    const q = buildTiterPanel([titer(1, '2024-01-01', null, { qualitative: 'positive' })], new Set());
    expect(q.series[0]!.qualitative[0]!.levelText).toBeNull();
  });
});

describe('levelText', () => {
  it('writes at most 2 decimals, with the comparator of a censored value', () => {
    expect(levelText(2.4, null)).toBe('2.4');
    expect(levelText(0.123456, null)).toBe('0.12');
    expect(levelText(1, '<')).toBe('<1');
    expect(levelText(20, '>')).toBe('>20');
  });

  it('never rounds a level onto the cut-off from either side', () => {
    expect(levelText(5.01 / 5, null)).toBe('1.002');
    expect(levelText(4.99 / 5, null)).toBe('0.998');
    expect(levelText(1.00001, null)).toBe('1.00001');
    expect(levelText(1, null)).toBe('1');
    expect(levelText(1.004, null)).toBe('1.004');
    expect(levelText(1.006, null)).toBe('1.01');
  });
});
