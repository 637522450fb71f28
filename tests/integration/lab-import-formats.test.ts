/**
 * Separators, number formats and unused columns of an imported file (issue 17 item 1),
 * through the DAL on a real SQLite file: what is stored, what is refused (nothing
 * written), and how the report and the audit trail say the file was read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { CLI_IMPORT_LIMITS, previewLabImport, runLabImport } from '@/lib/dal/lab-import';
import { formatCsv, type Delimiter } from '@/lib/domain/csv';
import type { LabImportReport } from '@/lib/import/lab-report';
import { makeActor } from '../setup/actors';
import { auditRows, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { getDb } from '@/db/client';

let db: ReturnType<typeof useTempDatabase>;
let nurse: Actor;

beforeEach(async () => {
  db = useTempDatabase();
  nurse = await makeActor('nurse');
  newPatient(nurse, { mrn: 'MRN-A', sex: 'female', birthDate: '1970-06-15' });
});
afterEach(() => db.dispose());

/** A file of CK rows (value, reference_high) in U/L for MRN-A, with extra columns a lab export carries. */
function ckFile(values: [value: string, upper: string][], delimiter: Delimiter = ','): string {
  const header = ['mrn', 'patient_name', 'collected_on', 'test', 'value', 'unit', 'reference_high', 'order_no', 'comment'];
  const rows = values.map(([value, upper], i) => ['MRN-A', 'Doe, Ann', daysAgo(10 + i), 'ck', value, 'U/L', upper, `ORD-${i}`, 'haemolysed; repeat']);
  return formatCsv([header, ...rows], delimiter);
}

const storedCk = () => sqlite().prepare('SELECT value, value_ul, upper_limit_ul FROM enzyme_results ORDER BY collected_on DESC').all();

/** Runs the import: refused, nothing written; returns the report. */
function refused(text: string, decimal?: unknown): LabImportReport {
  const before = tableCounts();
  const report = runLabImport(nurse, text, { decimal, limits: CLI_IMPORT_LIMITS });
  expect(report.outcome).toBe('rejected');
  expect(tableCounts()).toEqual(before);
  return report;
}

describe('thousands separators (the "12,500" CK stored as 12.5 U/L)', () => {
  const file = () => ckFile([['12,500', '170'], ['1,250', '170'], ['350', '170']]);

  it('undeclared, each value with two readings is refused with both in words, and nothing is written', () => {
    const report = refused(file());
    expect(report.rows.map((r) => r.status)).toEqual(['error', 'error', 'ok']);
    expect(report.rows[0]!.problems).toEqual([{ column: 'value', message: "12,500 could be twelve thousand five hundred or twelve point five: declare the file's number format." }]);
    expect(report.rows[1]!.problems[0]!.message).toBe("1,250 could be one thousand two hundred fifty or one point two five: declare the file's number format.");
    expect(report.rows[0]!.result).toBe('12,500 U/L'); // the row as written in the file
    expect(report.reading).toMatchObject({ delimiter: ',', decimal: 'point', declared: false, ignoredColumns: ['patient_name', 'order_no', 'comment'] });
  });

  it('declared, the values are read in the declared convention and no other', () => {
    expect(runLabImport(nurse, file(), { decimal: 'point' }).outcome).toBe('imported');
    expect(storedCk()).toEqual([
      { value: 12500, value_ul: 12500, upper_limit_ul: 170 },
      { value: 1250, value_ul: 1250, upper_limit_ul: 170 },
      { value: 350, value_ul: 350, upper_limit_ul: 170 },
    ]);
    const event = JSON.parse(auditRows('lab-import')[0]!.after_json!);
    expect(event).toMatchObject({ delimiter: ',', decimal: 'point', decimalDeclared: true, ignoredColumns: ['patient_name', 'order_no', 'comment'] });
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('declared as a decimal comma, the same file means 12.5 and 1.25: the user said so, and the preview shows it', () => {
    const report = previewLabImport(nurse, file(), CLI_IMPORT_LIMITS, 'comma');
    expect(report.reading?.numberFormatText).toBe('decimal comma (1.250,5), as declared');
    expect(report.counts).toMatchObject({ ok: 3, error: 0 });
  });

  it('a point before three digits: refused undeclared; declared, stored as declared (the form refuses "12.500" typed)', () => {
    const text = ckFile([['12.500', '170'], ['1.234', '170']]);
    expect(refused(text).rows[0]!.problems[0]!.message).toBe("12.500 could be twelve point five or twelve thousand five hundred: declare the file's number format.");
    expect(runLabImport(nurse, text, { decimal: 'point' }).outcome).toBe('imported');
    expect(storedCk()).toEqual([{ value: 12.5, value_ul: 12.5, upper_limit_ul: 170 }, { value: 1.234, value_ul: 1.234, upper_limit_ul: 170 }]);
  });

  it('declared, a grouping mark outside groups of three and a decimal mark of the other convention are refused', () => {
    const report = refused(ckFile([['12,50', '170'], ['1.250,5', '170'], ['1 250', '170']]), 'point');
    expect(report.rows[0]!.problems[0]!.message).toBe('12,50 is not a number with a decimal point, the format chosen for this file; with a decimal comma it would be twelve point five: check the number format.');
    expect(report.rows[1]!.problems[0]!.message).toContain('with a decimal comma it would be one thousand two hundred fifty point five');
    expect(report.rows[2]!.problems).toEqual([{ column: 'value', message: 'Value must be a plain number such as 12.5: digits and a decimal point, no letters, exponents or thousands separators.' }]);
  });

  it('limits are read in the file format too, each problem once under its column', () => {
    const report = refused(ckFile([['350', '1,700']]));
    expect(report.rows[0]!.problems).toEqual([{ column: 'reference_high', message: "1,700 could be one thousand seven hundred or one point seven: declare the file's number format." }]);
  });
});

describe('European lab exports and tab-separated files', () => {
  it('a semicolon file with decimal commas and extra columns imports undeclared, read as the preview says', () => {
    const text = ckFile([['3,1', '3,45'], ['250', '170,5']], ';').replace('U/L', 'ukat/L');
    const report = previewLabImport(nurse, text);
    expect(report.counts).toMatchObject({ ok: 2, error: 0 });
    expect(report.reading).toMatchObject({
      delimiter: ';', decimal: 'comma', declared: false, ignoredColumns: ['patient_name', 'order_no', 'comment'],
      delimiterText: 'semicolon (;), detected from the header line',
    });
    expect(report.reading?.numberFormatText).toMatch(/^decimal comma \(1\.250,5\), implied by the semicolon separator; numbers such as 1,250/);
    runLabImport(nurse, text);
    expect(storedCk()).toEqual([{ value: 3.1, value_ul: 186, upper_limit_ul: 207 }, { value: 250, value_ul: 250, upper_limit_ul: 170.5 }]);
  });

  it('in a semicolon file, an ambiguous value is refused until declared, then read in the declared convention', () => {
    const text = ckFile([['1.250', '170'], ['3,5', '170']], ';');
    expect(refused(text).rows[0]!.problems[0]!.message).toBe("1.250 could be one point two five or one thousand two hundred fifty: declare the file's number format.");
    expect(runLabImport(nurse, text, { decimal: 'comma' }).outcome).toBe('imported');
    expect(storedCk()).toEqual([{ value: 1250, value_ul: 1250, upper_limit_ul: 170 }, { value: 3.5, value_ul: 3.5, upper_limit_ul: 170 }]);
  });

  it('a semicolon file with decimal points imports when declared so', () => {
    const text = ckFile([['12.5', '170']], ';');
    expect(refused(text).rows[0]!.problems[0]!.message).toContain('12.5 is not a number with a decimal comma (implied by the semicolon separator)');
    expect(runLabImport(nurse, text, { decimal: 'point' }).counts.created).toBe(1);
  });

  it('a tab-separated file imports, its format detected from a value', () => {
    const report = runLabImport(nurse, ckFile([['350', '170'], ['412.5', '170']], '\t'));
    expect(report).toMatchObject({ outcome: 'imported', counts: { created: 2 } });
    expect(report.reading).toMatchObject({ delimiter: '\t', decimal: 'point', delimiterText: 'tab, detected from the header line' });
    expect(report.reading?.numberFormatText).toContain('detected from 412.5 on line 3');
  });

  it('a file that writes decimals both ways is refused row by row until declared', () => {
    const report = refused(ckFile([['12.5', '170'], ['300', '170'], ['3,1', '170']]));
    expect(report.rows.map((r) => r.status)).toEqual(['error', 'ok', 'error']);
    expect(report.rows[0]!.problems[0]!.message).toBe('12.5 cannot be read until the number format is declared: the file writes decimals both as 12.5 (line 2) and as 3,1 (line 4).');
  });
});

describe('the documented European example (docs/examples/labs-import-example-eu.csv)', () => {
  it('is refused on its CK of 1.250 until declared, then imports all five rows', () => {
    newPatient(nurse, { mrn: 'MRN-100001', birthDate: '1971-03-14', sex: 'female' });
    newPatient(nurse, { mrn: 'MRN-100002', birthDate: '1958-09-02', sex: 'male' });
    newPatient(nurse, { mrn: 'MRN-100003', birthDate: '1985-06-21', sex: 'female' });
    const text = fs.readFileSync(path.resolve(__dirname, '../../docs/examples/labs-import-example-eu.csv'), 'utf8');
    const report = refused(text);
    expect(report.rows.filter((r) => r.status === 'error').map((r) => [r.line, r.problems.map((p) => p.message)])).toEqual([
      [3, ["1.250 could be one point two five or one thousand two hundred fifty: declare the file's number format."]],
    ]);
    expect(runLabImport(nurse, text, { decimal: 'comma' }).counts).toMatchObject({ created: 5, error: 0 });
  });
});

describe('columns', () => {
  it('a column that looks like a limit is refused, so no result silently takes the site default', () => {
    const text = ckFile([['350', '170']]).replace('reference_high', 'ref_range');
    expect(refused(text).fileProblem).toContain('column "ref_range" may hold a reference limit, range or cut-off');
  });
  it('missing required columns are refused with what is required', () => {
    expect(refused('mrn,patient_name,value\r\nMRN-A,Doe,350\r\n').fileProblem).toContain('missing columns collected_on, test. Columns read: mrn, collected_on');
  });
});

describe('hostile input (nothing written)', () => {
  it('an unknown number format is refused with what is allowed', async () => {
    for (const bad of ['semicolon', 'Comma', 42, {}, ['point'], 'x'.repeat(100_000)]) {
      const err = await expectRefused(() => runLabImport(nurse, ckFile([['350', '170']]), { decimal: bad }), 'invalid', 'decimal');
      expect(err.message).toBe('Number format must be detect, decimal point (1,250.5) or decimal comma (1.250,5).');
      await expectRefused(() => previewLabImport(nurse, ckFile([['350', '170']]), CLI_IMPORT_LIMITS, bad), 'invalid', 'decimal');
    }
  });
  it('huge, odd and malicious number cells are refused with a short message', () => {
    const odd = [`${'5'.repeat(200_000)},5`, `${'5'.repeat(200_000)}.5`, '1.5e3', '0x1.8', '١٢,٥', '12.500.000,5', '-1,250', '1,2,3'];
    for (const decimal of [undefined, 'point', 'comma']) {
      const report = refused(ckFile(odd.map((v) => [v, '170'])), decimal);
      expect(report.rows.every((r) => r.status === 'error'), String(decimal)).toBe(true);
      expect(report.rows.every((r) => r.problems.every((p) => p.message.length < 300)), String(decimal)).toBe(true);
    }
    // Read as 12500000.5 in the declared format, then refused by the entry rules' range: never misread.
    expect(refused(ckFile([['12.500.000,5', '170']]), 'comma').rows[0]!.problems).toEqual([{ column: 'value', message: 'Value must be a number greater than 0 and at most 1000000.' }]);
  });
  it('a file whose only separators are in quotes, or with thousands of columns, is judged without a throw', () => {
    expect(refused('"mrn;collected_on;test;value"\r\nA\r\n').fileProblem).toContain('missing columns');
    const wide = ['mrn', 'collected_on', 'test', 'value', 'unit', ...Array.from({ length: 995 }, (_, i) => `extra_${i}`)];
    const report = refused(formatCsv([wide, ['MRN-A', daysAgo(3), 'ck', '12,500', 'U/L', ...wide.slice(5).map(() => '')]]));
    expect(report.rows[0]!.problems[0]!.message).toContain('could be twelve thousand five hundred');
    expect(report.reading?.ignoredColumns).toHaveLength(21);
    expect(report.reading?.ignoredColumns.at(-1)).toBe('and 975 more');
    const tooWide = [...wide, ...Array.from({ length: 2 }, (_, i) => `more_${i}`)];
    expect(refused(formatCsv([tooWide, tooWide.map(() => 'x')])).fileProblem).toBe('Line 1: the header has 1002 columns; a lab-result file has at most 1000.');
  });
});
