import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectDelimiter, formatCsv, formatCsvField, parseCsv, parseCsvRecords, type Delimiter } from '@/lib/domain/csv';

const cells = (text: string) => {
  const r = parseCsvRecords(text);
  if (!r.ok) throw new Error(r.error);
  return r.records.map((x) => x.cells);
};

describe('parseCsvRecords (RFC 4180)', () => {
  it('splits records on LF, CRLF and lone CR, and skips blank lines', () => {
    expect(cells('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(cells('a,b\r\nc,d\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(cells('a,b\rc,d\r')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(cells('a\n\n\r\nb\n')).toEqual([['a'], ['b']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(cells('a,,c\n,,\nx,')).toEqual([['a', '', 'c'], ['', '', ''], ['x', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and newlines, and counts lines across them', () => {
    const r = parseCsvRecords('h1,h2\n"a,b","say ""hi"""\n"line one\nline two",x\nlast,row\n');
    expect(r).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['h1', 'h2'] },
        { line: 2, cells: ['a,b', 'say "hi"'] },
        { line: 3, cells: ['line one\nline two', 'x'] },
        { line: 5, cells: ['last', 'row'] },
      ],
    });
  });

  it('drops a UTF-8 byte-order mark', () => {
    expect(cells('\uFEFFmrn,test\nA,ck')).toEqual([['mrn', 'test'], ['A', 'ck']]);
  });

  it('names the line where an unterminated quote opened', () => {
    expect(parseCsvRecords('a,b\nc,d\n"open,\nmore\nlines')).toEqual({ ok: false, line: 3, error: expect.stringContaining('Line 3: a quoted field is never closed') });
  });

  it('refuses text after a closing quote and a quote inside an unquoted field, with the line', () => {
    const after = parseCsvRecords('a\n"x"y,z');
    expect(after).toMatchObject({ ok: false, line: 2 });
    expect(!after.ok && after.error).toContain('after a closing quote');
    const inside = parseCsvRecords('a\nb\n5" tall,z');
    expect(inside).toMatchObject({ ok: false, line: 3 });
    expect(!inside.ok && inside.error).toContain('inside an unquoted field');
  });

  it('refuses binary, UTF-16 and mis-decoded content with the line of the first bad character', () => {
    const nul = parseCsvRecords('mrn,test\nA,ck\nB\u0000,ck');
    expect(nul).toMatchObject({ ok: false, line: 3 });
    expect(!nul.ok && nul.error).toContain('control character (U+0000)');
    const latin1 = parseCsvRecords('mrn,unit\nA,\uFFFDkat/L');
    expect(latin1).toMatchObject({ ok: false, line: 2 });
    expect(!latin1.ok && latin1.error).toContain('not valid UTF-8');
  });

  it('accepts tab, CR and LF and refuses every other control character, DEL and U+FFFD, wherever they sit', () => {
    const refused = (c: number) => (c < 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) || c === 0x7f || c === 0xfffd;
    const special = [...Array.from({ length: 0x20 }, (_, c) => c), 0x7f, 0xfffd].map((c) => String.fromCharCode(c));
    const char = fc.oneof(fc.constantFrom(...special), fc.constantFrom('a', '1', ',', ' ', 'é', 'µ', '.'));
    fc.assert(fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
      const text = `a,b\n${chars.join('')}`;
      const bad = chars.findIndex((c) => refused(c.charCodeAt(0)));
      const parsed = parseCsvRecords(text);
      if (bad < 0) expect(parsed.ok || !/control character|not valid UTF-8/.test(parsed.error)).toBe(true);
      else expect(!parsed.ok && /control character|not valid UTF-8/.test(parsed.error)).toBe(true);
    }), { numRuns: 500 });
  });

  it('stops at the record limit instead of reading a huge file to the end', () => {
    const r = parseCsvRecords('a\nb\nc\nd\n', 2);
    expect(r).toMatchObject({ ok: false, line: 3 });
    expect(!r.ok && r.error).toContain('more than 2 rows');
  });

  it('copes with random garbage: always a result or a located error, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => {
        const r = parseCsvRecords(s);
        if (!r.ok) expect(r.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatCsv and parseCsvRecords round-trip', () => {
  const char = fc.constantFrom('a', 'Z', '7', ' ', ',', '"', '\n', '\r', ';', '\t', 'é', 'µ', '<', '.', '-');
  const cell = fc.string({ unit: char, maxLength: 12 });
  const row = fc.array(cell, { minLength: 1, maxLength: 6 }).filter((r) => !(r.length === 1 && r[0] === ''));
  it('parses back exactly what it wrote', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        expect(cells(formatCsv(rows))).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });
  it('parses back exactly what it wrote with semicolons or tabs between fields', () => {
    fc.assert(
      fc.property(fc.constantFrom<Delimiter>(',', ';', '\t'), fc.array(row, { minLength: 1, maxLength: 8 }), (delimiter, rows) => {
        const parsed = parseCsvRecords(formatCsv(rows, delimiter), Number.POSITIVE_INFINITY, delimiter);
        expect(parsed.ok && parsed.records.map((r) => r.cells)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
  it('quotes only fields that need it', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('a,b', ';')).toBe('a,b');
    expect(formatCsvField('a;b', ';')).toBe('"a;b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsv([['a', 'b'], ['1', '']])).toBe('a,b\r\n1,\r\n');
    expect(formatCsv([['a', 'b'], ['1,5', '']], ';')).toBe('a;b\r\n1,5;\r\n');
  });
});

describe('detectDelimiter (from the header line)', () => {
  it('finds the separator of a header of column names, whatever the rows hold', () => {
    const name = fc.stringMatching(/^[a-z][a-z_ ]{0,11}$/);
    fc.assert(fc.property(fc.constantFrom<Delimiter>(',', ';', '\t'), fc.array(name, { minLength: 2, maxLength: 14 }), fc.string({ maxLength: 60 }), (d, names, rows) => {
      expect(detectDelimiter(`\uFEFF${names.join(d)}\r\n${rows}`)).toBe(d);
    }), { numRuns: 300 });
  });
  it('skips blank lines and separators inside quotes; a one-column header reads as comma', () => {
    expect(detectDelimiter('\n\r\nmrn;test;value\n1,2,3,4,5')).toBe(';');
    expect(detectDelimiter('"a,b,c";d;e\nx')).toBe(';');
    expect(detectDelimiter('mrn\tcollected_on\ttest, note\n')).toBe('\t');
    expect(detectDelimiter('mrn\nA')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });
});

describe('parseCsv (header + rows)', () => {
  it('splits the header from the rows and drops all-empty rows', () => {
    expect(parseCsv('mrn,test\nA,ck\n,\n ,  \nB,ldh\n')).toEqual({
      ok: true, header: ['mrn', 'test'], headerLine: 1, delimiter: ',',
      rows: [{ line: 2, cells: ['A', 'ck'] }, { line: 5, cells: ['B', 'ldh'] }],
    });
  });

  it('reads semicolon- and tab-separated files, the separator found in the header line', () => {
    expect(parseCsv('mrn;collected_on;test;value\nA;2024-01-01;ck;"1,5"\nB;2024-01-02;ldh;3,25')).toEqual({
      ok: true, header: ['mrn', 'collected_on', 'test', 'value'], headerLine: 1, delimiter: ';',
      rows: [{ line: 2, cells: ['A', '2024-01-01', 'ck', '1,5'] }, { line: 3, cells: ['B', '2024-01-02', 'ldh', '3,25'] }],
    });
    expect(parseCsv('mrn\tcollected_on\ttest\r\nA\t2024-01-01\tck, comment')).toMatchObject({ ok: true, delimiter: '\t', rows: [{ cells: ['A', '2024-01-01', 'ck, comment'] }] });
    // A separator given overrides detection.
    expect(parseCsv('a;b\n1;2', Number.POSITIVE_INFINITY, ',')).toMatchObject({ ok: true, header: ['a;b'], delimiter: ',' });
  });

  it('refuses an empty file and a file with more rows than allowed', () => {
    expect(parseCsv('')).toMatchObject({ ok: false, error: expect.stringContaining('empty') });
    expect(parseCsv('\uFEFF\r\n\r\n')).toMatchObject({ ok: false, error: expect.stringContaining('empty') });
    expect(parseCsv('h\n1\n2\n3\n', 2)).toMatchObject({ ok: false, error: expect.stringContaining('more than 2 rows') });
    expect(parseCsv('h\n1\n2\n', 2)).toMatchObject({ ok: true });
  });
});
