/**
 * Same rules on every path (issue 17): each case is one entry as a form posts it,
 * run through the form's DAL call, the CSV import, the REST route handler and the FHIR
 * import. Every path must store it (the same values), refuse it with the same message
 * (and leave the database as it was), or ask for the same confirmation and store it
 * once confirmed. Where a path cannot even write the input the same way (JSON numbers
 * are not text, a CSV file cannot carry a control character, FHIR has its own date
 * type) the case says what that path answers instead, and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { assays } from '@/db/schema';
import type { Actor } from '@/lib/dal/actor';
import { createApiToken } from '@/lib/dal/api-tokens';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { addDays } from '@/lib/domain/dates';
import { makeActor } from '../setup/actors';
import { daysAgo, newPatient, TODAY } from '../setup/dal-helpers';
import { enter, PATHS, type Fields, type Kind, type Outcome, type Path, type PathContext } from '../setup/entry-paths';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const DAY = daysAgo(10);
const FORMAT = (label: string) => `${label} must be a plain number such as 12.5: digits and a decimal point, no letters, exponents or thousands separators.`;
const JSON_TEXT = (label: string, text: string) => `${label} must be sent as a JSON number (such as 950) or null, not as text (${JSON.stringify(text)}).`;
/** The FHIR path's structure check: a Quantity's value must be a JSON number. */
const NO_NUMBER = 'Observation.valueQuantity.value must be a number, not text.';
const CK_MAX = 'Value must be a number greater than 0 and at most 1000000.';
const CK_SMALL = 'Value is below 0.01, the smallest amount Titerline stores for it: check the value and its unit.';
const ACCESSION = 'Accession must be at most 64 characters on one line, without line breaks, tabs or hidden control characters.';
const UNIT = (u: string) => `Unit "${u}" is not one Titerline converts: use U/L (also written IU/L) or µkat/L (also written ukat/L; 1 µkat/L = 60 U/L).`;
const CENSORED = 'Value: muscle enzymes are stored as exact numbers; a censored result (< or >) cannot be stored. Enter the number the lab reports.';

type Expect =
  | { stored: Record<string, unknown> }
  | { refused: string; field: string; partial?: boolean }
  | { confirm: string; stored: Record<string, unknown> }
  | { skip: string };

interface Case {
  name: string;
  kind: Kind;
  fields: Fields;
  expect: Expect;
  /** What a path answers instead, when it cannot send the input as written (said in `why`). */
  paths?: Partial<Record<Path, Expect & { why?: string }>>;
  /** Results the patient already has (form fields, entered through the DAL first). */
  before?: Fields[];
  /** The patient's sex (site default limits). */
  sex?: 'female' | 'male';
  override?: Partial<Record<'api' | 'fhir', Record<string, unknown>>>;
}

const ck = (over: Fields = {}): Fields => ({ analyte: 'ck', collectedOn: DAY, value: '950', unit: 'U/L', upperLimit: '308', ...over });
const beta = (over: Fields = {}): Fields => ({ assayId: '2', collectedOn: DAY, value: '30', ...over });
/** FHIR's own words for what it cannot read (part of its report line). */
const fhirOwn = (refused: string, why: string, field = 'value') => ({ refused, field, why, partial: true });
const skip = (why: string) => ({ skip: why });

const CASES: Case[] = [
  // Enzymes: units, numbers, limits, accession, dates.
  { name: 'CK 950 U/L', kind: 'enzyme', fields: ck(), expect: { stored: { value: 950, unit: 'U/L', valueUL: 950, upperLimitUL: 308, rangeSource: 'lab' } } },
  { name: 'IU/L is U/L everywhere', kind: 'enzyme', fields: ck({ unit: 'IU/L' }), expect: { stored: { unit: 'U/L', valueUL: 950 } } },
  { name: 'µkat/L is ukat/L (x60)', kind: 'enzyme', fields: ck({ value: '6.2', unit: 'µkat/L', upperLimit: '5.1' }), expect: { stored: { unit: 'ukat/L', valueUL: 372, upperLimitUL: 306 } } },
  { name: 'an unknown unit', kind: 'enzyme', fields: ck({ unit: 'mg/dL' }), expect: { refused: UNIT('mg/dL'), field: 'unit' } },
  { name: 'a CK of 0', kind: 'enzyme', fields: ck({ value: '0' }), expect: { refused: CK_MAX, field: 'value' } },
  { name: 'a negative CK', kind: 'enzyme', fields: ck({ value: '-5' }), expect: { refused: CK_MAX, field: 'value' } },
  { name: 'a CK above the hard maximum', kind: 'enzyme', fields: ck({ value: '2000000' }), expect: { refused: CK_MAX, field: 'value' } },
  { name: 'a CK below the smallest amount (0.001)', kind: 'enzyme', fields: ck({ value: '0.001' }), expect: { refused: CK_SMALL, field: 'value' } },
  {
    name: '1e-320 (stored as a CK, then an x cut-off of Infinity)', kind: 'enzyme', fields: ck({ value: '1e-320' }), expect: { refused: FORMAT('Value'), field: 'value' },
    paths: { api: { refused: CK_SMALL, field: 'value', why: 'JSON writes 1e-320 as a number' }, fhir: { refused: CK_SMALL, field: 'value', why: 'a JSON number too' } },
  },
  {
    name: 'hex "0x10" (was stored as 16)', kind: 'enzyme', fields: ck({ value: '0x10' }), expect: { refused: FORMAT('Value'), field: 'value' },
    paths: { api: { refused: JSON_TEXT('Value', '0x10'), field: 'value', why: 'not a JSON number' }, fhir: fhirOwn(NO_NUMBER, 'a Quantity needs a JSON number') },
  },
  {
    name: '"Infinity"', kind: 'enzyme', fields: ck({ value: 'Infinity' }), expect: { refused: FORMAT('Value'), field: 'value' },
    paths: { api: { refused: JSON_TEXT('Value', 'Infinity'), field: 'value', why: 'not a JSON number' }, fhir: fhirOwn(NO_NUMBER, 'a Quantity needs a JSON number') },
  },
  {
    name: 'a number sent as text in JSON ("950")', kind: 'enzyme', fields: ck(), expect: { stored: { valueUL: 950 } },
    paths: { api: { refused: JSON_TEXT('Value', '950'), field: 'value', why: 'the API takes JSON numbers' } }, override: { api: { value: '950' } },
  },
  {
    name: 'a censored CK "<5"', kind: 'enzyme', fields: ck({ value: '<5' }), expect: { refused: CENSORED, field: 'value' },
    paths: { api: { refused: JSON_TEXT('Value', '<5'), field: 'value', why: 'not a JSON number' } },
  },
  { name: 'an upper limit of 0', kind: 'enzyme', fields: ck({ upperLimit: '0' }), expect: { refused: 'Upper reference limit must be a number greater than 0 and at most 100000.', field: 'upperLimit' } },
  { name: 'a lower limit above the upper', kind: 'enzyme', fields: ck({ lowerLimit: '400' }), expect: { refused: 'The lower limit must be below the upper limit.', field: 'lowerLimit' } },
  { name: 'an accession with a line break inside', kind: 'enzyme', fields: ck({ accession: 'A-1\r\nB-2' }), expect: { refused: ACCESSION, field: 'accession' } },
  { name: 'an accession with U+202E', kind: 'enzyme', fields: ck({ accession: 'A-\u202e1' }), expect: { refused: ACCESSION, field: 'accession' } },
  { name: 'an accession of 65 characters', kind: 'enzyme', fields: ck({ accession: 'x'.repeat(65) }), expect: { refused: ACCESSION, field: 'accession' } },
  {
    name: 'an accession with a control character (BEL)', kind: 'enzyme', fields: ck({ accession: 'A-1\u0007' }), expect: { refused: ACCESSION, field: 'accession' },
    paths: { csv: { refused: 'a control character (U+0007)', field: 'accession', why: 'the CSV reader refuses the file before any row', partial: true } },
  },
  {
    name: 'a date not in the calendar', kind: 'enzyme', fields: ck({ collectedOn: '2026-02-30' }),
    expect: { refused: 'Collection date 2026-02-30 is not a date in the calendar: write a real date year-month-day, e.g. 2026-02-28.', field: 'collectedOn' },
    paths: { fhir: fhirOwn('is not a full date (YYYY-MM-DD or a FHIR dateTime)', 'FHIR has its own date type', 'collectedOn') },
  },
  {
    name: 'a date typed in a browser locale', kind: 'enzyme', fields: ck({ collectedOn: '02/30/2026' }),
    expect: { refused: 'Collection date must be a date written year-month-day, e.g. 2026-02-28.', field: 'collectedOn' },
    paths: { fhir: fhirOwn('is not a full date (YYYY-MM-DD or a FHIR dateTime)', 'FHIR has its own date type', 'collectedOn') },
  },
  {
    name: 'no date', kind: 'enzyme', fields: ck({ collectedOn: '' }), expect: { refused: 'Collection date is required.', field: 'collectedOn' },
    paths: { fhir: fhirOwn('effectiveDateTime (the collection or visit date) is missing.', 'FHIR names its element', 'collectedOn') },
  },
  { name: 'a future date', kind: 'enzyme', fields: ck({ collectedOn: addDays(TODAY, 2) }), expect: { refused: `Collection date cannot be after ${TODAY}.`, field: 'collectedOn' } },
  // Item 4: an empty range takes this patient's latest lab range, else the site default; the row says which.
  {
    name: 'an empty range takes this patient\'s latest lab range', kind: 'enzyme', fields: ck({ value: '372', upperLimit: '' }),
    before: [ck({ collectedOn: daysAgo(200), value: '150', lowerLimit: '30', upperLimit: '200' }), ck({ collectedOn: daysAgo(100), value: '120', lowerLimit: '39', upperLimit: '308' })],
    expect: { stored: { upperLimitUL: 308, lowerLimitUL: 39, rangeSource: 'patient' } },
  },
  { name: 'an empty range without history takes the site default (women 207)', kind: 'enzyme', fields: ck({ value: '372', upperLimit: '' }), sex: 'female', expect: { stored: { upperLimitUL: 207, lowerLimitUL: null, rangeSource: 'site-default' } } },
  // Item 6: confirm, then stored as entered.
  {
    name: '410 µkat/L looks like U/L with the wrong unit', kind: 'enzyme', fields: ck({ value: '410', unit: 'ukat/L', upperLimit: '' }),
    expect: { confirm: 'CK 410 µkat/L is 24,600 U/L: if the report says 410 U/L, choose U/L as the unit.', stored: { valueUL: 24_600 } },
  },
  { name: 'a CK above its "confirm above" limit', kind: 'enzyme', fields: ck({ value: '60000' }), expect: { confirm: 'CK 60,000 U/L is above 50,000 U/L, which is rarely seen: check the value and its unit.', stored: { valueUL: 60_000 } } },
  {
    name: 'another CK value the same day', kind: 'enzyme', fields: ck({ value: '410' }), before: [ck({ value: '350' })],
    expect: { confirm: `Another CK on ${DAY} reads 350 U/L; this one reads 410 U/L. Both will be kept.`, stored: { valueUL: 410 } },
  },
  // Anti-Mi2: censored values, cut-offs, categories.
  { name: 'Mi-2β 30 units', kind: 'antibody', fields: beta(), expect: { stored: { value: 30, comparator: null, cutoff: 5, unit: 'units' } } },
  { name: '"<5" sets the comparator', kind: 'antibody', fields: beta({ value: '<5' }), expect: { stored: { value: 5, comparator: '<' } } },
  { name: '">150" sets the comparator', kind: 'antibody', fields: beta({ value: '>150' }), expect: { stored: { value: 150, comparator: '>' } } },
  {
    name: '"<5" with the comparator field saying ">"', kind: 'antibody', fields: beta({ value: '<5', comparator: '>' }),
    expect: { refused: 'The value says < but the comparator says >: keep one of them.', field: 'comparator' },
    paths: { api: { refused: 'Value "<5" is text: send the number as "value": 5 and the sign as "comparator": "<".', field: 'value', why: 'the API sends the sign in its own field' }, fhir: skip('a Quantity has one comparator') },
    override: { api: { value: '<5', comparator: '>' } },
  },
  { name: 'a cut-off of 0', kind: 'antibody', fields: beta({ cutoff: '0' }), expect: { refused: 'Cut-off must be a number greater than 0 and at most 1000000.', field: 'cutoff' } },
  { name: 'a cut-off below the smallest amount', kind: 'antibody', fields: beta({ cutoff: '0.0001' }), expect: { refused: 'Cut-off is below 0.001, the smallest amount Titerline stores for it: check the value and its unit.', field: 'cutoff' } },
  {
    name: '"12,500": a thousands separator or a decimal comma?', kind: 'antibody', fields: beta({ value: '12,500' }),
    expect: { refused: 'Value "12,500" could mean 12.5 or 12500: write it without a thousands separator, with a decimal point (12.5 or 12500).', field: 'value' },
    paths: {
      api: { refused: JSON_TEXT('Value', '12,500'), field: 'value', why: 'not a JSON number' }, fhir: skip('a JSON number has no separator'),
      csv: { refused: "12,500 could be twelve thousand five hundred or twelve point five: declare the file's number format.", field: 'value', why: 'a file declares its number format once, on the page or with --decimal' },
    },
  },
  // A point before exactly three digits is as ambiguous as a comma; JSON numbers have one reading.
  {
    name: '"12.500": a thousands point or a decimal point?', kind: 'enzyme', fields: ck({ value: '12.500' }),
    expect: { refused: 'Value "12.500" could mean 12.5 or 12500: write it without a thousands separator, with a decimal point (12.5 or 12500).', field: 'value' },
    paths: {
      api: { stored: { value: 12.5 }, why: 'the JSON number 12.500 is 12.5' }, fhir: { stored: { value: 12.5 }, why: 'the JSON number 12.500 is 12.5' },
      csv: { refused: "12.500 could be twelve point five or twelve thousand five hundred: declare the file's number format.", field: 'value', why: 'a file declares its number format once' },
    },
  },
  {
    name: 'anti-Mi2 "1.500"', kind: 'antibody', fields: beta({ value: '1.500' }),
    expect: { refused: 'Value "1.500" could mean 1.5 or 1500: write it without a thousands separator, with a decimal point (1.5 or 1500).', field: 'value' },
    paths: {
      api: { stored: { value: 1.5 }, why: 'the JSON number 1.500 is 1.5' }, fhir: { stored: { value: 1.5 }, why: 'the JSON number 1.500 is 1.5' },
      csv: { refused: "1.500 could be one point five or one thousand five hundred: declare the file's number format.", field: 'value', why: 'a file declares its number format once' },
    },
  },
  { name: '"1.2340": four decimals have one reading', kind: 'antibody', fields: beta({ value: '1.2340' }), expect: { stored: { value: 1.234 } } },
  { name: '"0.125": a thousands group never starts with 0', kind: 'antibody', fields: beta({ value: '0.125' }), expect: { stored: { value: 0.125 } } },
  {
    name: '"0,125": a decimal comma with one reading', kind: 'antibody', fields: beta({ value: '0,125' }), expect: { stored: { value: 0.125 } },
    paths: { api: { refused: JSON_TEXT('Value', '0,125'), field: 'value', why: 'not a JSON number' }, fhir: skip('a JSON number has no comma') },
  },
  {
    name: 'a decimal comma that cannot be a separator ("1,5")', kind: 'antibody', fields: beta({ value: '1,5' }), expect: { stored: { value: 1.5 } },
    paths: { api: { refused: JSON_TEXT('Value', '1,5'), field: 'value', why: 'not a JSON number' }, fhir: skip('a JSON number has no comma') },
  },
  { name: 'a category alone', kind: 'antibody', fields: beta({ value: '', qualitative: 'positive' }), expect: { stored: { value: null, qualitative: 'positive' } } },
  {
    name: 'neither a number nor a category', kind: 'antibody', fields: beta({ value: '' }), expect: { refused: 'Enter a number or choose a category.', field: 'value' },
    paths: { fhir: fhirOwn('Anti-Mi2 result without a value', 'FHIR names its elements') },
  },
  {
    name: 'value 12 reported "negative" (item 5)', kind: 'antibody', fields: beta({ value: '12', qualitative: 'negative' }),
    expect: { confirm: "The lab's category (Negative) differs from what the cut-off says: 12 units with cut-off 5 reads Positive. Both are kept; the number decides the class.", stored: { value: 12, qualitative: 'negative' } },
  },
  { name: '1500 units, 300 times the cut-off (item 6)', kind: 'antibody', fields: beta({ value: '1500' }), expect: { confirm: '1500 units is 300 times the cut-off (5): check the value.', stored: { value: 1500 } } },
  {
    name: 'another value of the same assay that day', kind: 'antibody', fields: beta({ value: '45' }), before: [beta({ value: '30' })],
    expect: { confirm: `Another result of this assay on ${DAY} reads 30 units; this one reads 45 units. Both will be kept.`, stored: { value: 45 } },
  },
];

let ctx: PathContext;
let physician: Actor;
let db: ReturnType<typeof useTempDatabase>;
beforeAll(async () => {
  db = useTempDatabase();
  const [nurse, admin] = await Promise.all([makeActor('nurse'), makeActor('admin')]);
  physician = await makeActor('physician');
  const assayNames = Object.fromEntries(getDb().select().from(assays).all().map((a) => [String(a.id), a.name]));
  ctx = { nurse, nurseToken: createApiToken(admin, { name: 'Lab interface', role: 'nurse' }).token, assayNames };
}, 30_000);
afterAll(() => db.dispose());

/** The field's message as it is; a FHIR line may join several, and a path's own words are matched in part. */
const messagesMatch = (path: Path, got: string[], want: string, partial = false) =>
  path === 'fhir' || partial ? got.some((m) => m.includes(want)) : got.includes(want);

describe.each(CASES)('$name', (c) => {
  const want = (path: Path) => c.paths?.[path] ?? c.expect;
  // A path that cannot write the case at all (its `why` says so) has no test here.
  it.each(PATHS.filter((p) => !('skip' in want(p))))('through the %s path', async (path) => {
    const w = want(path);
    if ('skip' in w) return;
    const patientId = newPatient(physician, { sex: c.sex ?? 'female' });
    for (const b of c.before ?? []) {
      if (c.kind === 'enzyme') recordEnzymeResult(ctx.nurse, patientId, { ...b, allowImplausible: 'on' });
      else await enter('form', ctx, c.kind, patientId, b, 'value', true);
    }
    const override = path === 'api' || path === 'fhir' ? c.override?.[path] : undefined;
    const before = tableCounts();
    const first: Outcome = await enter(path, ctx, c.kind, patientId, c.fields, 'refused' in w ? w.field : 'value', false, override);
    if ('refused' in w) {
      expect(first.status, JSON.stringify(first)).toBe('refused');
      if (first.status === 'refused') expect(messagesMatch(path, first.messages, w.refused, w.partial), `${JSON.stringify(first.messages)}\nwanted: ${w.refused}`).toBe(true);
      expect(tableCounts()).toEqual(before);
      return;
    }
    let outcome = first;
    if ('confirm' in w) {
      const warning = String(w.confirm);
      expect(first.status, JSON.stringify(first)).toBe('confirm');
      // The form, the CSV preview and the API give the warning as it is; the FHIR line begins "Check:" and says how to confirm.
      if (first.status === 'confirm') expect(path === 'fhir' ? first.warnings.some((x) => x.includes(warning)) : first.warnings.includes(warning), `${JSON.stringify(first.warnings)}\nwanted: ${warning}`).toBe(true);
      expect(tableCounts()).toEqual(before);
      outcome = await enter(path, ctx, c.kind, patientId, c.fields, 'value', true, override);
    }
    expect(outcome.status, JSON.stringify(outcome)).toBe('stored');
    if (outcome.status === 'stored') expect(outcome.row).toMatchObject(w.stored);
  });
});
