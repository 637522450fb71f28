import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { setAssayActive } from '@/lib/dal/assays';
import { CLI_IMPORT_LIMITS, previewLabImport, runLabImport } from '@/lib/dal/lab-import';
import type { LabImportReport } from '@/lib/import/lab-report';
import { makeActor } from '../setup/actors';
import { ASSAY, daysAgo, newPatient, TODAY } from '../setup/dal-helpers';
import { betaRow, ckRow, labCsv, type LabCsvRow } from '../setup/lab-csv';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { addDays } from '@/lib/domain/dates';

let db: ReturnType<typeof useTempDatabase>;
let nurse: Actor, admin: Actor;

beforeEach(async () => {
  db = useTempDatabase();
  [nurse, admin] = await Promise.all([makeActor('nurse'), makeActor('admin')]);
  newPatient(nurse, { mrn: 'MRN-A', sex: 'female', birthDate: '1970-06-15' });
});
afterEach(() => db.dispose());

/** Runs the import of `text`: it must be refused with nothing written; returns the report. */
function refused(text: string, limits = CLI_IMPORT_LIMITS): LabImportReport {
  const before = tableCounts();
  const report = runLabImport(nurse, text, { limits });
  expect(report.outcome).toBe('rejected');
  expect(report.counts.created).toBe(0);
  expect(tableCounts()).toEqual(before);
  return report;
}

/** The problems of a one-row file, as "column: message". */
function rowProblems(row: LabCsvRow): string[] {
  const report = refused(labCsv([ckRow('MRN-A', daysAgo(5), 100), row]));
  expect(report.rows[0]!.status).toBe('ok');
  expect(report.rows[1]!.status).toBe('error');
  return report.rows[1]!.problems.map((p) => `${p.column}: ${p.message}`);
}

describe('row problems, each named by its column (nothing written)', () => {
  it('unknown MRN, bad date, unknown test, unknown unit, comparator without a value', () => {
    expect(rowProblems(ckRow('MRN-ZZZ', daysAgo(5), 100))).toEqual(['mrn: Unknown MRN "MRN-ZZZ": no patient has it (register the patient first).']);
    expect(rowProblems(ckRow('MRN-A', '2024-13-01', 100))).toEqual(['collected_on: Collection date 2024-13-01 is not a date in the calendar: write a real date year-month-day, e.g. 2026-02-28.']);
    expect(rowProblems(ckRow('MRN-A', daysAgo(5), 100, { test: 'troponin' }))[0]).toMatch(/^test: Unknown test "troponin"; use one of mi2-alpha/);
    expect(rowProblems(ckRow('MRN-A', daysAgo(5), 100, { unit: 'mg/dL' }))).toEqual(['unit: Unit "mg/dL" is not one Titerline converts: use U/L (also written IU/L) or µkat/L (also written ukat/L; 1 µkat/L = 60 U/L).']);
    expect(rowProblems(betaRow('MRN-A', daysAgo(5), '', { comparator: '<' }))).toContain('comparator: A comparator (< or >) needs a number.');
  });

  it('dates in the future or before the patient was born (the DAL\'s own checks)', () => {
    const tomorrow = addDays(TODAY, 1);
    expect(rowProblems(ckRow('MRN-A', tomorrow, 100))).toEqual([`collected_on: Collection date cannot be after ${TODAY}.`]);
    expect(rowProblems(betaRow('MRN-A', '1969-12-31', '30'))).toEqual(['collected_on: Collection date cannot be before 1970-06-15.']);
  });

  it('assay rules: category-only assay given a number, deactivated assay, implausible enzyme value', () => {
    expect(rowProblems({ mrn: 'MRN-A', collected_on: daysAgo(5), test: 'mi2', value: '12', assay: 'Mi-2 immunoprecipitation' }))
      .toEqual(['value: This assay reports a category only: leave the value empty and choose a category.']);
    setAssayActive(admin, ASSAY.alphaBlot, false);
    expect(rowProblems({ mrn: 'MRN-A', collected_on: daysAgo(5), test: 'mi2-alpha', value: '12' })[0]).toContain('assay: Assay is required: there are no active Mi-2α assay');
    expect(rowProblems(ckRow('MRN-A', daysAgo(5), 9000, { unit: 'ukat/L' }))[0]).toContain('value: CK 9000 ukat/L is above the plausible maximum');
  });
});

describe('file problems: a precise report, nothing written, no exception', () => {
  const good = () => labCsv([ckRow('MRN-A', daysAgo(5), 100)]);

  it('a byte-order mark is fine, and a quoted newline keeps the line numbers true', () => {
    const text = '\uFEFF' + labCsv([ckRow('MRN-A', daysAgo(5), 100, { lab: 'Central\nlab' }), ckRow('MRN-A', daysAgo(6), 'x')]);
    const report = refused(text);
    expect(report.rows.map((r) => [r.line, r.status])).toEqual([[2, 'ok'], [4, 'error']]);
    expect(runLabImport(nurse, '\uFEFF' + labCsv([ckRow('MRN-A', daysAgo(5), 100, { lab: 'Central\nlab' })])).counts.created).toBe(1);
  });

  it('a missing header or header column, an empty file', () => {
    expect(refused(`MRN-A,${daysAgo(5)},ck,100,U/L\n`).fileProblem).toContain('Line 1 looks like data, not a header');
    expect(refused(`mrn;test;value\nMRN-A;ck;100\n`).fileProblem).toBe('Line 1, header: missing column collected_on. Columns read: mrn, collected_on, test, value, comparator, qualitative, unit, reference_low, reference_high, assay, lab, accession (required: mrn, collected_on, test, value); other columns are ignored. (The file was read as semicolon-separated.)');
    expect(refused(labCsv([ckRow('MRN-A', daysAgo(5), 100)], ['mrn', 'test', 'value', 'unit'])).fileProblem).toContain('missing column collected_on');
    expect(refused('').fileProblem).toContain('The file is empty');
    expect(refused('mrn,collected_on,test,value\r\n').fileProblem).toBe('The file has a header but no rows of results.');
  });

  it('an unterminated quote names its line', () => {
    const text = `${good()}MRN-A,${daysAgo(3)},ck,"100,U/L\nMRN-A,${daysAgo(2)},ck,90,U/L\n`;
    expect(refused(text).fileProblem).toBe('Line 3: a quoted field is never closed (a " without its closing ").');
  });

  it('random bytes and 50 MB of garbage', () => {
    const bytes = new TextDecoder().decode(randomBytes(64 * 1024));
    expect(refused(bytes).fileProblem).toMatch(/^Line \d+ contains (a control character|bytes that are not valid UTF-8)/);
    const huge = 'garbage!'.repeat((50 * 1024 * 1024) / 8);
    expect(refused(huge, { maxBytes: 20 * 1024 * 1024, maxRows: 200_000 }).fileProblem).toBe('The file is 50.0 MB; the limit here is 20.0 MB. Split it, or import it with npm run import on the server.');
    expect(previewLabImport(nurse, huge).fileProblem).toContain('The file is 50.0 MB');
  });

  it('too many rows', () => {
    const rows = Array.from({ length: 11 }, (_, i) => ckRow('MRN-A', daysAgo(i + 1), 100 + i));
    expect(refused(labCsv(rows), { maxBytes: 1e6, maxRows: 10 }).fileProblem).toBe('The file has more than 10 rows; split it into smaller files.');
  });
});
