import { describe, expect, it } from 'vitest';
import { buildFlowsheet } from '@/lib/domain/timeline/flowsheet';
import { exportCell as csvCell } from '@/lib/domain/csv-export';
import { flowsheetCsv, sliceFlowsheet } from '@/lib/domain/timeline/flowsheet-view';
import { ck, med, mmtVisit, partialMmtVisit, titer } from './signals-fixtures';

describe('flowsheet (one column per date, one row per measure)', () => {
  const sheet = buildFlowsheet(
    [
      titer(1, '2024-01-01', 25),
      titer(2, '2024-01-01', 4),
      titer(3, '2024-06-01', 3, { assayId: 2, assayLabel: 'ELISA B' }),
      titer(4, '2024-07-01', 99, { enteredInError: true }),
    ],
    [ck(1, '2024-01-01', 850, 207), ck(2, '2024-06-01', 150, 207)],
    [mmtVisit(1, '2024-01-01', 70), partialMmtVisit(2, '2024-06-01')],
    [med(1, '2023-12-01', '2024-03-31', { dose: 40 }), med(2, '2024-04-01', null, { dose: 10, reason: 'tapered' })],
  );

  it('has the dates of live results only, and rows for each measure', () => {
    expect(sheet.dates).toEqual(['2024-01-01', '2024-06-01']);
    expect(sheet.rows.map((r) => r.key)).toEqual(['titer:mi2-beta', 'assay:mi2-beta', 'enzyme:ck', 'reference:ck', 'mmt', 'tis', 'medication:Prednisone']);
  });

  it('marks abnormal values with words, not only colour; joins same-day results', () => {
    const t = sheet.rows[0]?.cells;
    expect(t?.['2024-01-01']).toMatchObject({ text: '25 units · 5× · Positive / 4 units · 0.8× · Negative', abnormal: true });
    expect(t?.['2024-06-01']).toMatchObject({ text: '3 units · 0.6× · Negative', abnormal: false });
    expect(sheet.rows[1]?.cells['2024-06-01']?.text).toBe('changed: ELISA B');
    expect(sheet.rows[2]?.cells['2024-01-01']).toMatchObject({ text: '850 U/L H', abnormal: true });
    expect(sheet.rows[3]?.cells['2024-01-01']?.text).toBe('≤ 207 U/L');
    expect(sheet.rows[4]?.cells['2024-01-01']).toMatchObject({ text: '70/80 L', abnormal: true });
    expect(sheet.rows[4]?.cells['2024-06-01']).toMatchObject({ text: 'partial: 7 of 8 tested', abnormal: false });
    // TIS against the first visit: the partial exam of 2024-06-01 makes it incomplete, never a low score.
    expect(sheet.rows[5]?.cells).toMatchObject({ '2024-01-01': { text: 'baseline' }, '2024-06-01': { text: 'incomplete' } });
    expect(sheet.rows[6]?.cells).toMatchObject({ '2024-01-01': { text: '40 mg' }, '2024-06-01': { text: '10 mg' } });
  });

  it('qualitative-only results read as their category', () => {
    const q = buildFlowsheet([titer(1, '2024-01-01', null, { qualitative: 'borderline', cutoff: null })], [], [], []);
    expect(q.rows[0]?.cells['2024-01-01']).toMatchObject({ text: 'Borderline', abnormal: true });
  });

  it('slices to a window and writes exactly the shown cells as CSV', () => {
    const view = sliceFlowsheet(sheet, '2024-02-01', '2024-12-31');
    expect(view.dates).toEqual(['2024-06-01']);
    expect(view.rows.map((r) => r.key)).toEqual(['titer:mi2-beta', 'assay:mi2-beta', 'enzyme:ck', 'reference:ck', 'mmt', 'tis', 'medication:Prednisone']);
    expect(flowsheetCsv(view)).toBe([
      'Measure,2024-06-01',
      'Anti-Mi-2β,3 units · 0.6× · Negative',
      'Anti-Mi-2β assay,changed: ELISA B',
      'CK,150 U/L',
      'CK reference,≤ 207 U/L',
      'MMT-8 total,partial: 7 of 8 tested',
      'TIS vs first visit (provisional),incomplete',
      'Prednisone,10 mg',
      '',
    ].join('\r\n'));
    expect(sliceFlowsheet(sheet, '2030-01-01', '2030-12-31')).toEqual({ dates: [], rows: [] });
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('<5 units')).toBe('<5 units');
  });
});
