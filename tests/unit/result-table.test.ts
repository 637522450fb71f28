import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandResultTable, tabulateResults as tabulateCreated, type ListedResult } from '@/lib/import/result-table';

const tabulateResults = (entity: string, listed: ListedResult[]) => tabulateCreated(entity, { lines: listed.map((l) => l.line), rows: listed.map((l) => l.row) });

const ck = (id: number, line: number, value: number) => ({
  line, row: { id, patientId: 7, analyte: 'ck', collectedOn: `2026-0${id}-01`, value, unit: 'U/L', accession: '', enteredInError: false, errorReason: null, createdAt: '2026-12-02T10:00:00.000Z' },
});

describe('the table an import audit event lists its rows in (decision 12)', () => {
  it('writes the values every row shares once, and the rest as columns with the file line first', () => {
    const table = tabulateResults('enzyme-result', [ck(1, 2, 350), ck(2, 5, 120)]);
    expect(table).toEqual({
      entity: 'enzyme-result',
      same: { patientId: 7, analyte: 'ck', unit: 'U/L', accession: '', enteredInError: false, errorReason: null, createdAt: '2026-12-02T10:00:00.000Z' },
      columns: ['line', 'id', 'collectedOn', 'value'],
      rows: [[2, 1, '2026-01-01', 350], [5, 2, '2026-02-01', 120]],
    });
    expect(expandResultTable(table)).toEqual([ck(1, 2, 350), ck(2, 5, 120)]);
  });

  it('hoists nothing from a single row: a one-row table still reads as a row', () => {
    const table = tabulateResults('enzyme-result', [ck(1, 2, 350)]);
    expect(table.same).toEqual({});
    expect(table.columns).toEqual(['line', ...Object.keys(ck(1, 2, 350).row)]);
    expect(expandResultTable(table)).toEqual([ck(1, 2, 350)]);
  });

  it('gives back every row exactly, whatever the values (nulls, zeros, repeats), also through JSON', () => {
    const cell = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 6 }));
    const rows = fc.array(fc.record({ line: fc.nat(), a: cell, b: cell, c: cell }), { minLength: 1, maxLength: 8 })
      .map((rs) => rs.map(({ line, a, b, c }) => ({ line, row: { a, b, c } })));
    fc.assert(fc.property(rows, (listed) => {
      const table = JSON.parse(JSON.stringify(tabulateResults('x', listed))) as ReturnType<typeof tabulateResults>;
      expect(expandResultTable(table)).toEqual(JSON.parse(JSON.stringify(listed)));
    }));
  });
});
