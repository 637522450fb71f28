/**
 * Enzyme numbers are written as stored, so rounding never puts a value on or across the
 * limit it is read against: aldolase 7.64 U/L with an upper limit of 7.6 was shown
 * "7.6 U/L H" beside "≤ 7.6 U/L". Review r4, R4-4.
 */
import { describe, expect, it } from 'vitest';
import { multipleText, storedDecimals, storedText } from '@/lib/domain/numbers';
import { toUL } from '@/lib/domain/enzymes';
import { buildEnzymePanel, enzymeReference, enzymeReported } from '@/lib/domain/timeline/enzyme-series';
import { buildFlowsheet } from '@/lib/domain/timeline/flowsheet';
import type { EnzymeResult } from '@/lib/domain/types';
import { ck } from './signals-fixtures';

const aldolase = (value: number, upper: number, extra: Partial<EnzymeResult> = {}): EnzymeResult =>
  ({ id: 1, analyte: 'aldolase', collectedOn: '2024-01-01', value, unit: 'U/L', valueUL: value, lowerLimitUL: null, upperLimitUL: upper, enteredInError: false, ...extra });
const cells = (r: EnzymeResult) => {
  const sheet = buildFlowsheet([], [r], [], []);
  const text = (key: string) => sheet.rows.find((row) => row.key === key)?.cells[r.collectedOn]?.text;
  return [text(`enzyme:${r.analyte}`), text(`reference:${r.analyte}`)];
};

describe('enzyme values and limits in the flowsheet and the chart', () => {
  it('7.64 U/L against an upper limit of 7.6 is "7.64 U/L H", not "7.6 U/L H"', () => {
    expect(cells(aldolase(7.64, 7.6))).toEqual(['7.64 U/L H', '≤ 7.6 U/L']);
  });

  it('a limit with decimals is not rounded either (7.66 against 7.65, 7.6 against 7.65)', () => {
    expect(cells(aldolase(7.66, 7.65))).toEqual(['7.66 U/L H', '≤ 7.65 U/L']);
    expect(cells(aldolase(7.6, 7.65))).toEqual(['7.6 U/L', '≤ 7.65 U/L']);
    expect(cells({ ...aldolase(2.95, 7.65), lowerLimitUL: 2.96 })).toEqual(['2.95 U/L L', '2.96–7.65 U/L']);
  });

  it('whole numbers read as before', () => {
    expect(cells(ck(1, '2024-01-01', 850, 207))).toEqual(['850 U/L H', '≤ 207 U/L']);
  });

  it('a µkat/L result keeps its own digits and a U/L equivalent that reads on the right side of the limit', () => {
    // 0.126 µkat/L is 7.56 U/L: under 7.6, where "(8 U/L)" read above it.
    const r = aldolase(0.126, 7.6, { unit: 'ukat/L', valueUL: toUL(0.126, 'ukat/L') });
    expect(enzymeReported(r)).toBe('0.126 µkat/L (7.56 U/L)');
    expect(cells(r)[0]).toBe('0.126 µkat/L (7.56 U/L)');
    expect(enzymeReported({ value: 1.2, unit: 'ukat/L', valueUL: toUL(1.2, 'ukat/L') })).toBe('1.2 µkat/L (72 U/L)');
    expect(enzymeReported({ value: 0.1234, unit: 'ukat/L', valueUL: toUL(0.1234, 'ukat/L') })).toBe('0.1234 µkat/L (7.404 U/L)');
  });

  it('the chart points carry the same texts (their tooltip)', () => {
    const p = buildEnzymePanel([aldolase(7.64, 7.6)], new Set());
    expect(p.others[0]?.points[0]).toMatchObject({ reported: '7.64 U/L', reference: '≤ 7.6 U/L', flag: 'high' });
    expect(enzymeReference({ lowerLimitUL: 39.5, upperLimitUL: 308 })).toBe('39.5–308 U/L');
  });
});

describe('number texts', () => {
  it('storedText writes a number exactly as stored, without grouping', () => {
    expect(storedText(7.64)).toBe('7.64');
    expect(storedText(12345.678)).toBe('12345.678');
    expect(storedText(207)).toBe('207');
    expect([7.64, 207, 0.1234, 1.5e-7, 1e21].map(storedDecimals)).toEqual([2, 0, 4, 8, 0]);
  });

  it('multipleText (x ULN, x cut-off) never rounds onto 1 from either side', () => {
    expect(multipleText(7.601 / 7.6)).toBe('1.0001');
    expect(multipleText(7.599 / 7.6)).toBe('0.9999');
    expect(multipleText(1)).toBe('1');
    expect(multipleText(3.14159)).toBe('3.14');
  });
});
