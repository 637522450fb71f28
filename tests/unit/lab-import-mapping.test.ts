import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/lib/domain/csv';
import { findSameResult } from '@/lib/domain/same-result';
import { checkHeader, LAB_COLUMNS, normalizeEnzymeUnit, type ColumnIndex, type RowProblem } from '@/lib/import/lab-columns';
import { assayCatalog, type AssayCatalog, type ImportAssay } from '@/lib/import/lab-assay';
import { duplicateKeys, formatReportText, toDisplayReport, type ImportRowReport, type LabImportReport } from '@/lib/import/lab-report';
import { mapLabRow, type ImportPatient } from '@/lib/import/lab-row';
import { decideNumberFormat } from '@/lib/import/number-format';

/** The starter catalog of drizzle/0002_seed_assay_catalog.sql, plus one deactivated entry. */
const ASSAYS: ImportAssay[] = [
  { id: 1, name: 'Mi-2α line blot', analyte: 'mi2-alpha', lab: 'Reference lab A', unit: 'units', active: true },
  { id: 2, name: 'Mi-2β line blot', analyte: 'mi2-beta', lab: 'Reference lab A', unit: 'units', active: true },
  { id: 3, name: 'Mi-2β immunoblot', analyte: 'mi2-beta', lab: 'Reference lab B', unit: 'SIU', active: true },
  { id: 4, name: 'Mi-2 ELISA', analyte: 'mi2', lab: 'Hospital lab', unit: 'AU/mL', active: true },
  { id: 5, name: 'Mi-2 immunoprecipitation', analyte: 'mi2', lab: 'Research lab', unit: 'n/a', active: true },
  { id: 6, name: 'Old Mi-2α ELISA', analyte: 'mi2-alpha', lab: 'Gone lab', unit: 'AU/mL', active: false },
];
const PATIENTS = new Map<string, ImportPatient>([['MRN-1', { id: 10, mrn: 'MRN-1', birthDate: '1970-01-01', sex: 'female' }]]);
const HEADER = [...LAB_COLUMNS];
/** A comma-separated file whose number format is left to detection, with no value showing it (decimal point assumed). */
const DETECTED = decideNumberFormat(null, ',', [], []);

function index(header: string[] = HEADER): ColumnIndex {
  const h = checkHeader(header, 1);
  if (!h.ok) throw new Error(h.error);
  return h.index;
}

/** Maps one row given as column -> value (the rest empty). */
function map(values: Partial<Record<(typeof LAB_COLUMNS)[number], string>>, header: string[] = HEADER, assays: AssayCatalog<ImportAssay> = assayCatalog(ASSAYS)) {
  const cells = header.map((h) => values[h as keyof typeof values] ?? '');
  return mapLabRow({ line: 2, cells }, { index: index(header), width: header.length, patients: PATIENTS, assays, numbers: DETECTED });
}
const ck = (over: Partial<Record<(typeof LAB_COLUMNS)[number], string>> = {}) => map({ mrn: 'MRN-1', collected_on: '2024-03-01', test: 'ck', value: '350', unit: 'U/L', ...over });
const beta = (over: Partial<Record<(typeof LAB_COLUMNS)[number], string>> = {}) => map({ mrn: 'MRN-1', collected_on: '2024-03-01', test: 'mi2-beta', value: '23', assay: 'Mi-2β line blot', ...over });

function problems(m: ReturnType<typeof map>): RowProblem[] {
  expect(m.ok).toBe(false);
  return m.ok ? [] : m.problems;
}
const columnsOf = (m: ReturnType<typeof map>) => problems(m).map((p) => p.column);

describe('header', () => {
  it('accepts the columns in any order and any case, optional ones left out', () => {
    const h = checkHeader(['Value', ' TEST ', 'collected_on', 'MRN', ''], 1);
    expect(h.ok && [...h.index.entries()]).toEqual([['value', 0], ['test', 1], ['collected_on', 2], ['mrn', 3]]);
  });
  it('names missing, misspelt and repeated columns, and what is read', () => {
    const h = checkHeader(['mrn', 'colected_on', 'test', 'test'], 1);
    expect(h.ok).toBe(false);
    const error = h.ok ? '' : h.error;
    expect(error).toContain('missing columns collected_on, value');
    expect(error).toContain('column "colected_on" looks like collected_on: name it exactly collected_on, or remove it');
    expect(error).toContain('column "test" appears twice');
    expect(error).toContain('Columns read: mrn, collected_on, test, value, comparator');
    expect(error).toContain('other columns are ignored');
  });
  it('ignores the columns it does not read, and lists them as written', () => {
    const h = checkHeader(['mrn', 'patient_name', 'collected_on', 'test', 'Order No', 'value', '', 'Comment', 'flag', 'sex', 'birth_date', ''], 1);
    expect(h.ok && h.ignored).toEqual(['patient_name', 'Order No', 'column 7 (no name)', 'Comment', 'flag', 'sex', 'birth_date']);
    expect(h.ok && h.index.get('value')).toBe(5);
  });
  it('refuses a column that looks like one it reads, which ignored would drop a limit, unit or comparator', () => {
    const base = ['mrn', 'collected_on', 'test', 'value'];
    const refused = (name: string) => {
      const h = checkHeader([...base, name], 1);
      return h.ok ? null : h.error;
    };
    expect(refused('units')).toContain('column "units" may hold the unit, which is read only from a column named unit: rename it, or remove it');
    expect(refused('ref_range')).toContain('column "ref_range" may hold a reference limit, range or cut-off, which is read only from columns named reference_low and reference_high (one number each)');
    for (const name of ['reference_hihg', 'Reference High', 'upper_limit', 'ULN', 'normal range', 'cut-off', 'lower limit', 'RefLow']) expect(refused(name), name).toMatch(/reference limit/);
    for (const name of ['operator', 'Comparison', 'censoring', 'sign']) expect(refused(name), name).toContain('a comparator (< or >)');
    expect(refused('assay_name')).toContain('may hold the assay');
    expect(refused('qualitative_result')).toContain('may hold the reported category');
    expect(refused('accession_no')).toContain('looks like accession: name it exactly accession');
    expect(refused('colected-on')).toContain('looks like collected_on');
    expect(refused('x'.repeat(5000))).toBeNull();
    expect(refused(`reference_${'x'.repeat(5000)}`)?.length).toBeLessThan(600);
  });
  it('still refuses a file without the required columns, listing them', () => {
    const h = checkHeader(['mrn', 'patient_name', 'result'], 1);
    expect(!h.ok && h.error).toContain('missing columns collected_on, test, value');
    expect(!h.ok && h.error).toContain('(required: mrn, collected_on, test, value)');
  });
  it('recognises a data row where the header should be', () => {
    const h = checkHeader(['MRN-1', '2024-01-01', 'ck', '100'], 1);
    expect(!h.ok && h.error).toContain('Line 1 looks like data, not a header');
  });
});

describe('enzyme units', () => {
  it('normalizes the spellings labs use', () => {
    for (const u of ['U/L', 'u/l', 'IU/L', ' iu / l ']) expect(normalizeEnzymeUnit(u)).toBe('U/L');
    for (const u of ['ukat/L', 'ukat/l', 'µkat/L', 'μkat/L', 'UKAT/L']) expect(normalizeEnzymeUnit(u)).toBe('ukat/L');
    for (const u of ['', 'mg/dL', 'kat/L', 'U']) expect(normalizeEnzymeUnit(u)).toBeNull();
  });
});

describe('enzyme rows', () => {
  it('maps a CK row, with its unit normalized and limits in the reported unit', () => {
    const m = ck({ unit: 'µkat/L', value: '5.5', reference_low: '0', reference_high: '3.45', accession: ' A-1 ' });
    expect(m).toMatchObject({ ok: true, row: { kind: 'enzyme', patient: { id: 10 }, data: { analyte: 'ck', value: 5.5, unit: 'ukat/L', lowerLimit: 0, upperLimit: 3.45, accession: 'A-1' } } });
  });
  it('reports each bad column under its name', () => {
    expect(problems(ck({ unit: 'mg/dL' }))).toEqual([{ column: 'unit', message: 'Unit "mg/dL" is not one Titerline converts: use U/L (also written IU/L) or µkat/L (also written ukat/L; 1 µkat/L = 60 U/L).' }]);
    expect(problems(ck({ unit: '' }))[0]?.message).toContain('Unit is required: U/L (also written IU/L)');
    expect(columnsOf(ck({ value: '' }))).toEqual(['value']);
    expect(columnsOf(ck({ value: 'high' }))).toEqual(['value']);
    expect(columnsOf(ck({ value: '-5' }))).toEqual(['value']);
    expect(columnsOf(ck({ comparator: '<' }))).toEqual(['comparator']);
    expect(columnsOf(ck({ value: '<5' }))).toEqual(['value']);
    expect(columnsOf(ck({ qualitative: 'positive' }))).toEqual(['qualitative']);
    expect(columnsOf(ck({ reference_high: 'abc' }))).toEqual(['reference_high']);
    expect(columnsOf(ck({ reference_low: '300', reference_high: '200' }))).toEqual(['reference_low']);
    expect(columnsOf(ck({ accession: 'x'.repeat(65) }))).toEqual(['accession']);
  });
  it('reports a bad date as written, and every problem of the row at once', () => {
    expect(problems(ck({ collected_on: '01/03/2024' }))).toEqual([{ column: 'collected_on', message: 'Collection date must be a date written year-month-day, e.g. 2026-02-28.' }]);
    expect(columnsOf(ck({ collected_on: '2024-02-30' }))).toEqual(['collected_on']);
    expect(problems(ck({ mrn: 'NOPE', collected_on: '', unit: 'x' }))).toEqual([
      { column: 'mrn', message: 'Unknown MRN "NOPE": no patient has it (register the patient first).' },
      { column: 'collected_on', message: 'Collection date is required.' },
      { column: 'unit', message: 'Unit "x" is not one Titerline converts: use U/L (also written IU/L) or µkat/L (also written ukat/L; 1 µkat/L = 60 U/L).' },
    ]);
  });
  it('ignores assay and lab for enzymes (they have no catalog)', () => {
    expect(ck({ assay: 'anything', lab: 'Lab Z' }).ok).toBe(true);
  });
});

describe('rows of any test', () => {
  it('refuses an unknown or missing MRN and test, listing the tests', () => {
    expect(problems(ck({ mrn: 'MRN-404' }))).toEqual([{ column: 'mrn', message: 'Unknown MRN "MRN-404": no patient has it (register the patient first).' }]);
    expect(columnsOf(ck({ mrn: '' }))).toEqual(['mrn']);
    expect(problems(ck({ test: 'crp' }))).toEqual([{ column: 'test', message: 'Unknown test "crp"; use one of mi2-alpha, mi2-beta, mi2, ck, aldolase, ldh, alt, ast.' }]);
    expect(ck({ test: 'CK' }).ok).toBe(true);
  });
  it('refuses a row shifted by an unquoted comma or a missing field', () => {
    const header = ['mrn', 'collected_on', 'test', 'value', 'unit'];
    const ctx = { index: index(header), width: 5, patients: PATIENTS, assays: assayCatalog(ASSAYS), numbers: DETECTED };
    const extra = mapLabRow({ line: 7, cells: ['MRN-1', '2024-03-01', 'ck', '1', '200', 'U/L'] }, ctx);
    expect(!extra.ok && extra.problems[0]).toEqual({ column: '', message: 'This row has 6 fields but the header has 5; look for an unquoted comma or a missing field.' });
    expect(mapLabRow({ line: 7, cells: ['MRN-1', '2024-03-01', 'ck', '200'] }, ctx).ok).toBe(false);
    expect(mapLabRow({ line: 7, cells: ['MRN-1', '2024-03-01', 'ck', '200', 'U/L', ''] }, ctx).ok).toBe(true);
  });
});

describe('anti-Mi2 rows', () => {
  it('maps a numeric result; reference_high is the cut-off in force', () => {
    expect(beta({ reference_high: '6', unit: 'UNITS' })).toMatchObject({ ok: true, row: { kind: 'antibody', assay: { id: 2 }, data: { assayId: 2, value: 23, cutoff: 6, comparator: null } } });
  });
  it('splits a censored value written as "<5", and reads qualitative categories', () => {
    expect(beta({ value: '< 5' })).toMatchObject({ ok: true, row: { data: { value: 5, comparator: '<' } } });
    expect(beta({ value: '5', comparator: '>' })).toMatchObject({ ok: true, row: { data: { value: 5, comparator: '>' } } });
    expect(columnsOf(beta({ value: '<5', comparator: '>' }))).toEqual(['comparator']);
    expect(columnsOf(beta({ value: '', comparator: '<' }))).toEqual(['comparator', 'value']);
    expect(beta({ value: '', qualitative: 'Strong positive' })).toMatchObject({ ok: true, row: { data: { value: null, qualitative: 'strong' } } });
    expect(beta({ value: '', qualitative: 'NEGATIVE' })).toMatchObject({ ok: true, row: { data: { qualitative: 'negative' } } });
    expect(columnsOf(beta({ value: '', qualitative: 'weak' }))).toEqual(['qualitative']);
    expect(columnsOf(beta({ value: '' }))).toEqual(['value']);
  });
  it('finds the assay by name (any case), or the single active one of the analyte when empty', () => {
    expect(beta({ assay: 'mi-2β LINE BLOT' })).toMatchObject({ ok: true, row: { assay: { id: 2 } } });
    expect(map({ mrn: 'MRN-1', collected_on: '2024-03-01', test: 'mi2-alpha', value: '3' })).toMatchObject({ ok: true, row: { assay: { id: 1 } } });
    expect(beta({ assay: '', lab: 'reference lab b' })).toMatchObject({ ok: true, row: { assay: { id: 3 } } });
  });
  it('says which assays exist when the assay is missing, unknown, of another analyte, deactivated or at another lab', () => {
    const none = problems(beta({ assay: '' }))[0]!;
    expect(none.column).toBe('assay');
    expect(none.message).toContain('several active Mi-2β assays');
    expect(none.message).toContain('"Mi-2β line blot" (Reference lab A), "Mi-2β immunoblot" (Reference lab B)');
    expect(problems(beta({ assay: 'Mystery blot' }))[0]?.message).toMatch(/^Unknown assay "Mystery blot"\. Active Mi-2β assays:/);
    expect(problems(beta({ assay: 'Mi-2α line blot' }))[0]?.message).toMatch(/^Assay "Mi-2α line blot" measures Mi-2α, not Mi-2β\./);
    expect(problems(map({ mrn: 'MRN-1', collected_on: '2024-03-01', test: 'mi2-alpha', value: '3', assay: 'Old Mi-2α ELISA' }))[0]?.message).toContain('is deactivated');
    expect(problems(beta({ lab: 'Lab Z' }))).toEqual([{ column: 'lab', message: 'Assay "Mi-2β line blot" is run by "Reference lab A", not "Lab Z".' }]);
  });
  it('answers the same assay question the same way on every row, from the catalog it is given', () => {
    const catalog = assayCatalog(ASSAYS);
    const row = { mrn: 'MRN-1', collected_on: '2024-03-01', test: 'mi2-beta', value: '23', assay: 'Mystery blot' };
    const first = problems(map(row, HEADER, catalog))[0]!;
    const second = problems(map(row, HEADER, catalog))[0]!;
    expect(second).toEqual(first);
    expect(second).not.toBe(first); // each row owns its problems
    const known = { ...row, assay: 'Mi-2β line blot' };
    expect(map(known, HEADER, catalog).ok).toBe(true);
    // Another import's catalog, where the assay has since been deactivated, answers for itself.
    const deactivated = assayCatalog(ASSAYS.map((a) => (a.id === 2 ? { ...a, active: false } : a)));
    expect(problems(map(known, HEADER, deactivated))[0]?.message).toContain('is deactivated');
    expect(map(known, HEADER, catalog).ok).toBe(true);
  });
  it('refuses a unit that is not the assay\'s', () => {
    expect(problems(beta({ unit: 'AU/mL' }))).toEqual([{ column: 'unit', message: 'Unit "AU/mL" does not match the unit of assay "Mi-2β line blot" (units).' }]);
  });
  it('refuses a cut-off that is not a positive number', () => {
    expect(columnsOf(beta({ reference_high: '0' }))).toEqual(['reference_high']);
    expect(columnsOf(beta({ reference_high: 'x' }))).toEqual(['reference_high']);
  });
});

describe('duplicate keys', () => {
  it('match by value (enzymes in U/L) and by accession for the same patient and test', () => {
    const [byValue, byAcc] = duplicateKeys(1, { analyte: 'ck', collectedOn: '2024-01-01', value: 2, valueUL: 120, accession: 'A1' });
    expect(duplicateKeys(1, { analyte: 'ck', collectedOn: '2024-01-01', value: 120, valueUL: 120, accession: '' })).toEqual([byValue]);
    expect(duplicateKeys(1, { analyte: 'ck', collectedOn: '2024-02-01', value: 9, valueUL: 9, accession: 'A1' })).toContain(byAcc);
    expect(duplicateKeys(2, { analyte: 'ck', collectedOn: '2024-01-01', value: 2, valueUL: 120, accession: 'A1' })).not.toContain(byValue);
  });
  it('anti-Mi2: the same result is the same assay, comparator, value, category and unit (results of two assays are never merged)', () => {
    const blot = { analyte: 'mi2-beta', collectedOn: '2024-01-01', assayId: 2, value: 50, comparator: null, qualitative: null, unit: 'units', accession: '' };
    const [key] = duplicateKeys(1, blot);
    expect(duplicateKeys(1, { ...blot, comparator: '' })).toEqual([key]);
    for (const other of [{ assayId: 3 }, { comparator: '>' }, { value: 51 }, { qualitative: 'strong' }, { unit: 'SIU' }, { collectedOn: '2024-01-02' }, { analyte: 'mi2-alpha' }]) {
      expect(duplicateKeys(1, { ...blot, ...other })[0], JSON.stringify(other)).not.toBe(key);
    }
    const negative = { ...blot, value: null, qualitative: 'negative' };
    expect(duplicateKeys(1, negative)[0]).not.toBe(duplicateKeys(1, { ...negative, assayId: 3, unit: 'SIU' })[0]);
    expect(duplicateKeys(1, negative)[0]).not.toBe(duplicateKeys(1, { ...negative, qualitative: 'positive' })[0]);
  });
  it('the form\'s "Save anyway" question finds the same result by the same key', () => {
    const stored = [{ analyte: 'mi2-beta', collectedOn: '2024-01-01', assayId: 2, value: 50, comparator: null, qualitative: null, unit: 'units' }];
    expect(findSameResult(1, { ...stored[0]!, comparator: '>' }, stored)).toBeUndefined();
    expect(findSameResult(1, { ...stored[0]!, assayId: 3 }, stored)).toBeUndefined();
    expect(findSameResult(1, { ...stored[0]! }, stored)).toBe(stored[0]);
    expect(findSameResult(1, { analyte: 'ck', collectedOn: '2024-01-01', valueUL: 120 }, [{ analyte: 'ck', collectedOn: '2024-01-01', valueUL: 120, value: 2, unit: 'ukat/L' }])).toBeDefined();
  });
});

describe('report renderings', () => {
  const row = (line: number, status: ImportRowReport['status']): ImportRowReport => ({
    line, mrn: 'MRN-1', test: 'ck', collectedOn: '2024-01-01', result: '100 U/L', status, problems: status === 'ok' ? [] : [{ column: 'unit', message: 'Bad unit.' }], warnings: [],
  });
  const report: LabImportReport = {
    outcome: 'rejected', fileProblem: null, sha256: 'ab'.repeat(32), reading: null,
    counts: { rows: 1200, ok: 600, duplicate: 0, error: 600, warned: 0, created: 0, patients: 1 },
    rows: Array.from({ length: 1200 }, (_, i) => row(i + 2, i % 2 ? 'error' : 'ok')),
  };
  it('caps what a page receives, keeping the problem rows findable', () => {
    const d = toDisplayReport(report, 500);
    expect(d.firstRows).toHaveLength(500);
    expect(d.problemRows).toHaveLength(500);
    expect(d.problemRows.every((r) => r.status === 'error')).toBe(true);
    expect(d.counts.error).toBe(600);
  });
  it('prints counts and problem rows for the command line', () => {
    const text = formatReportText(report, 3);
    expect(text).toContain('1200 rows: 600 new, 0 duplicates (skipped), 600 with errors.');
    expect(text).toContain('line 3 [ERROR] MRN-1 2024-01-01 ck 100 U/L - unit: Bad unit.');
    expect(text).toContain('... and 597 more rows with problems.');
    expect(text).toContain('Nothing was imported');
    expect(text).not.toContain('--decimal');
    const ambiguous = { ...report, rows: [{ ...row(2, 'error'), problems: [{ column: 'value' as const, message: "12,500 could be twelve thousand five hundred or twelve point five: declare the file's number format." }] }] };
    expect(formatReportText(ambiguous)).toContain('Some numbers read differently with a decimal point and a decimal comma: give --decimal point or --decimal comma.');
  });
  it('reads a CSV end to end into mapped rows', () => {
    const t = parseCsv('\uFEFFmrn,collected_on,test,value,unit\r\nMRN-1,2024-03-01,ck,"1,5",ukat/l\r\n');
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const h = checkHeader(t.header, t.headerLine);
    if (!h.ok) throw new Error(h.error);
    const numbers = decideNumberFormat(null, t.delimiter, t.rows, [h.index.get('value')!]);
    expect(numbers).toMatchObject({ decimal: 'comma', basis: 'detected from 1,5 on line 2' });
    expect(mapLabRow(t.rows[0]!, { ...h, patients: PATIENTS, assays: assayCatalog(ASSAYS), numbers })).toMatchObject({ ok: true, row: { data: { value: 1.5, unit: 'ukat/L' } } });
  });
});
