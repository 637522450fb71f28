/**
 * Number formats of an imported file (lib/import/number-format.ts): "12,500" is never
 * read as 12.5 when the writer meant twelve thousand five hundred, nor the other way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delimiter } from '@/lib/domain/csv';
import type { RowProblem } from '@/lib/import/lab-columns';
import { decideNumberFormat, describeNumberFormat, parseDecimalChoice, readNumberCell, writeNumber, type DecimalMark, type NumberFormat } from '@/lib/import/number-format';
import { NUMBER_RULES, readNumber } from '@/lib/validation/field-rules';

const declared = (d: DecimalMark): NumberFormat => ({ declared: true, decimal: d, basis: 'declared' });
/** A file's format detected from these value cells (one row each), with this separator. */
const detected = (values: string[], delimiter: Delimiter = ',') =>
  decideNumberFormat(null, delimiter, values.map((v, i) => ({ line: i + 2, cells: [v] })), [0]);

/** The cell read in format `f`: the number, or the refusal message. */
function read(raw: string, f: NumberFormat): number | string {
  const problems: RowProblem[] = [];
  const out = readNumberCell(raw, 'value', f, problems);
  if (problems.length) {
    expect(problems).toHaveLength(1);
    expect(problems[0]!.column).toBe('value');
    expect(out).toBe(raw);
    return problems[0]!.message;
  }
  return Number(out);
}

describe('reading numbers in a declared format', () => {
  it('accepts thousands marks only in groups of three, and one decimal mark', () => {
    const point = declared('point');
    expect(read('12,500', point)).toBe(12500);
    expect(read('1,250', point)).toBe(1250);
    expect(read('1,250.5', point)).toBe(1250.5);
    expect(read('1,250,000', point)).toBe(1250000);
    expect(read('12.5', point)).toBe(12.5);
    expect(read('1.250', point)).toBe(1.25);
    expect(read('0.125', point)).toBe(0.125);
    const comma = declared('comma');
    expect(read('12,500', comma)).toBe(12.5);
    expect(read('1.250', comma)).toBe(1250);
    expect(read('1.250,5', comma)).toBe(1250.5);
    expect(read('3,1', comma)).toBe(3.1);
    expect(read('0,125', comma)).toBe(0.125);
  });
  it('refuses anything else, saying what the number would be in the other format', () => {
    expect(read('12,5', declared('point'))).toBe('12,5 is not a number with a decimal point, the format chosen for this file; with a decimal comma it would be twelve point five: check the number format.');
    expect(read('1.250,5', declared('point'))).toContain('with a decimal comma it would be one thousand two hundred fifty point five');
    expect(read('1,250.5', declared('comma'))).toContain('is not a number with a decimal comma');
    for (const bad of ['12,50', '1,2,3', '0,125', '12,500,5', '1,250,00', ',250', '1.2.3,4']) expect(read(bad, declared('point'))).toEqual(expect.any(String));
    for (const bad of ['12.50.0', '1.25', '0.125', '1.250.5', '12 500,5', '1,5e3', 'n.a.', '12.', '5,']) expect(read(bad, declared('comma'))).toEqual(expect.any(String));
    expect(read('12 500,5', declared('comma'))).toBe('12 500,5 is not a number: write digits with one decimal mark and no spaces, thousands (if marked) in groups of three, e.g. 1250,5 or 1.250,5.');
  });
  it('hands the entry rules a declared "12.500" as text with that one reading (the form refuses "12.500" typed)', () => {
    const problems: RowProblem[] = [];
    const cases: [string, DecimalMark, string, number][] = [['12.500', 'point', '12.5', 12.5], ['1.234', 'point', '1.2340', 1.234], ['12,500', 'comma', '12.5', 12.5], ['1,234', 'comma', '1.2340', 1.234], ['1.234', 'comma', '1234', 1234]];
    for (const [raw, d, text, n] of cases) {
      expect(readNumberCell(raw, 'value', declared(d), problems)).toBe(text);
      expect(readNumber(text, NUMBER_RULES.enzymeValue)).toEqual({ ok: true, value: n });
    }
    expect(problems).toEqual([]);
  });
  it('leaves a cell without marks to the entry rules, and keeps a plain decimal as written', () => {
    const problems: RowProblem[] = [];
    for (const raw of ['', '350', 'high', '-5', '1e3']) expect(readNumberCell(raw, 'value', declared('comma'), problems)).toBe(raw);
    const plain = '123.4';
    expect(readNumberCell(plain, 'value', declared('point'), problems)).toBe(plain);
    expect(readNumberCell(plain, 'value', detected(['5.5']), problems)).toBe(plain);
    expect(problems).toEqual([]);
  });
});

describe('reading numbers in a detected format', () => {
  it('refuses a number with two readings, naming both in words (the CK of issue 17)', () => {
    const f = detected(['12,500', '350']);
    expect(read('12,500', f)).toBe("12,500 could be twelve thousand five hundred or twelve point five: declare the file's number format.");
    expect(read('1,250', f)).toBe("1,250 could be one thousand two hundred fifty or one point two five: declare the file's number format.");
    expect(read('1.250', f)).toBe("1.250 could be one point two five or one thousand two hundred fifty: declare the file's number format.");
  });
  it('refuses both marks together, or several of one, until the format is declared', () => {
    expect(read('1,250.5', detected(['1,250.5']))).toBe("1,250.5 is one thousand two hundred fifty point five with a decimal point, and not a number with a decimal comma: declare the file's number format.");
    expect(read('1.250,5', detected(['1.250,5']))).toContain('is not a number with a decimal point (assumed: no value in the file shows its decimal mark); with a decimal comma it is one thousand two hundred fifty point five');
    expect(read('1.250.000', detected(['3,1', '1.250.000']))).toContain("1.250.000 is one million two hundred fifty thousand with a decimal comma, and not a number with a decimal point: declare the file's number format.");
  });
  it('reads the numbers with one reading, and says from which value the format was detected', () => {
    const point = detected(['350', '<12.5', '0.125']);
    expect(point).toEqual({ declared: false, decimal: 'point', basis: 'detected from 12.5 on line 3' });
    expect(read('12.5', point)).toBe(12.5);
    expect(read('1234.567', point)).toBe(1234.567);
    const comma = detected(['3,1', '0,125']);
    expect(comma.basis).toBe('detected from 3,1 on line 2');
    expect(read('0,125', comma)).toBe(0.125);
    expect(describeNumberFormat(comma)).toBe('decimal comma (1.250,5), detected from 3,1 on line 2; numbers such as 1,250 or 1.250, which read differently in the two formats, are refused until the format is declared');
  });
  it('takes a decimal comma for a semicolon-separated file, and refuses a decimal point there until declared', () => {
    const f = detected(['12.5'], ';');
    expect(f).toEqual({ declared: false, decimal: 'comma', basis: 'implied by the semicolon separator' });
    expect(read('3,1', f)).toBe(3.1);
    expect(read('12.5', f)).toBe("12.5 is not a number with a decimal comma (implied by the semicolon separator); with a decimal point it is twelve point five: declare the file's number format.");
    expect(read('1.250', f)).toContain('could be');
  });
  it('refuses every number with a mark when the file writes decimals both ways', () => {
    const f = detected(['12.5', '7', '3,1']);
    expect(f).toMatchObject({ decimal: null, basis: 'the file writes decimals both as 12.5 (line 2) and as 3,1 (line 4)' });
    expect(read('12.5', f)).toBe('12.5 cannot be read until the number format is declared: the file writes decimals both as 12.5 (line 2) and as 3,1 (line 4).');
    expect(read('7', f)).toBe(7);
  });
  it('a declaration wins over detection', () => {
    expect(decideNumberFormat('point', ';', [], [])).toEqual(declared('point'));
  });
});

describe('the choice of format', () => {
  it('takes detect, point or comma and refuses anything else with what is allowed', () => {
    expect(parseDecimalChoice(undefined)).toEqual({ ok: true, decimal: null });
    expect(parseDecimalChoice('detect')).toEqual({ ok: true, decimal: null });
    expect(parseDecimalChoice('comma')).toEqual({ ok: true, decimal: 'comma' });
    for (const bad of ['Comma', ';', 42, {}, 'x'.repeat(10_000)]) expect(parseDecimalChoice(bad)).toMatchObject({ ok: false, message: expect.stringContaining('decimal comma (1.250,5)') });
  });
});

// Numbers as labs report them: up to 7 digits before the mark, up to 4 after.
const plainNumber = fc.tuple(fc.bigInt({ min: 0n, max: 9_999_999n }), fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? String(whole) : `${whole}.${fraction}`));
const mark = fc.constantFrom<DecimalMark>('point', 'comma');

describe('properties', () => {
  it('a number written with thousands separators is read as declared, never in the other convention', () => {
    fc.assert(fc.property(plainNumber, mark, mark, fc.boolean(), (n, writer, reader, grouping) => {
      const text = writeNumber(n, writer, grouping);
      const got = read(text, declared(reader));
      if (reader === writer) expect(got).toBe(Number(n));
      else if (typeof got === 'number' && /[.,]/.test(text)) {
        // Read in the declared convention: the writer's grouping mark is the reader's decimal mark.
        expect(got).not.toBe(Number(n));
        expect(got).toBe(Number(text.replaceAll(writer === 'point' ? '.' : ',', '').replace(writer === 'point' ? ',' : '.', '.')));
      }
    }), { numRuns: 2000 });
  });
  it('undeclared, a number is either refused or read as its writer meant it, whatever the separator of the file', () => {
    fc.assert(fc.property(fc.array(plainNumber, { minLength: 1, maxLength: 6 }), mark, fc.boolean(), fc.constantFrom<Delimiter>(',', ';', '\t'), (ns, writer, grouping, delimiter) => {
      const texts = ns.map((n) => writeNumber(n, writer, grouping));
      const f = detected(texts, delimiter);
      texts.forEach((text, i) => {
        const got = read(text, f);
        if (typeof got === 'number') expect(got).toBe(Number(ns[i]));
      });
    }), { numRuns: 2000 });
  });
  it('a value that depends on the convention is refused undeclared, with both readings', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 999 }), fc.stringMatching(/^\d{3}$/), fc.constantFrom('.', ','), (lead, three, m) => {
      const message = read(`${lead}${m}${three}`, detected([]));
      expect(message).toEqual(expect.stringContaining(' could be '));
    }), { numRuns: 300 });
  });
});
