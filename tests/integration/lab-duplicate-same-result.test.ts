/**
 * What "the same result" is (lib/domain/same-result.ts), on every entry path: a
 * duplicate is the same patient, day, analyte, assay, comparator, value, category and
 * unit (enzymes: the same value in U/L), or the same lab accession. Results of
 * different assays are never merged (decision 27): a Mi-2β immunoblot "Negative" from
 * another lab beside a line blot "Negative" that day is stored by the FHIR import, the
 * HL7 feed and the CSV import, as is ">50" beside 50 on one assay; the same result is
 * still "already present" / skipped; and the form's "Save anyway" question asks exactly
 * when the CSV import would skip the row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { createCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { hl7FeedActor, receiveHl7Message } from '@/lib/dal/hl7-feed';
import { previewLabImport, runLabImport } from '@/lib/dal/lab-import';
import { isAppError } from '@/lib/errors';
import { makeActor } from '../setup/actors';
import { abForm, ASSAY, ckForm, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { hl7Day } from '../setup/hl7-messages';
import { betaRow, ckRow, labCsv, type LabCsvRow } from '../setup/lab-csv';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor;
let nurse: Actor;
const DAY = daysAgo(10);
let mrns = 0;
beforeAll(async () => {
  db = useTempDatabase();
  physician = await makeActor('physician');
  nurse = await makeActor('nurse');
  const admin = await makeActor('admin');
  createCodeMapping(admin, { domain: 'lab', application: 'LABB', facility: 'Reference lab B', system: '99LB', code: 'MI2BIB', target: `assay:${ASSAY.betaImmunoblotB}`, display: 'Mi-2 beta immunoblot' });
});
afterAll(() => db.dispose());

const rows = (patientId: number) => sqlite().prepare('SELECT assay_id, value, comparator, qualitative FROM antibody_results WHERE patient_id = ? ORDER BY id').all(patientId);

/** A new patient with one result of DAY entered by hand (default: the Mi-2β line blot, Reference lab A). */
function patientWith(form: Record<string, unknown>) {
  const mrn = `SAME-${++mrns}`;
  const p = newPatient(physician, { mrn, familyName: 'Berg', givenName: 'Ana', birthDate: '1970-01-01', sex: 'female' });
  recordAntibodyResult(nurse, p, { assayId: String(ASSAY.betaBlot), collectedOn: DAY, allowImplausible: 'on', ...form });
  return { p, mrn };
}

/** An Observation of DAY named as Titerline's own export names its assay (default: the Mi-2β immunoblot of Reference lab B). */
const observation = (mrn: string, value: Record<string, unknown>, assay = 'Mi-2β immunoblot') => ({
  fullUrl: 'urn:uuid:1',
  resource: {
    resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '88733-1' }] },
    subject: { identifier: { system: 'urn:titerline:mrn', value: mrn } }, effectiveDateTime: DAY, method: { text: assay }, ...value,
  },
});
const fhir = (...entry: ReturnType<typeof observation>[]) => importFhirBundle(nurse, { resourceType: 'Bundle', type: 'collection', entry }, { allowImplausible: true });

/** Lab B's immunoblot NEG of DAY over the HL7 feed. */
const hl7 = (mrn: string, controlId: string) => receiveHl7Message(hl7FeedActor(), [
  `MSH|^~\\&|LABB|Reference lab B|TITERLINE|CLINIC|${hl7Day(DAY)}1200||ORU^R01|${controlId}|P|2.5.1`,
  `PID|1||${mrn}^^^^MR||Berg^Ana||19700101|F`,
  `OBR|1||${controlId}-77|MYO^Myositis^L|||${hl7Day(DAY)}0800`,
  `OBX|1|CE|MI2BIB^Mi-2 beta immunoblot^99LB||NEG^Negative^L||||||F|||${hl7Day(DAY)}0800`,
].join('\r'), { allowedSenders: [{ application: 'LABB', facility: '*' }] });

const negative = { value: '', qualitative: 'negative' };
const immunoblotCsv = (mrn: string): LabCsvRow => ({ mrn, collected_on: DAY, test: 'mi2-beta', assay: 'Mi-2β immunoblot', qualitative: 'Negative' });

describe('another assay of the analyte that day, with the same reading, is another result', () => {
  it('FHIR: a Negative immunoblot is stored beside a Negative line blot, and 12 SIU beside 12 units', () => {
    const neg = patientWith(negative);
    expect(fhir(observation(neg.mrn, { valueCodeableConcept: { text: 'Negative' } })).counts.antibodyResults).toBe(1);
    expect(rows(neg.p)).toEqual([
      { assay_id: ASSAY.betaBlot, value: null, comparator: null, qualitative: 'negative' },
      { assay_id: ASSAY.betaImmunoblotB, value: null, comparator: null, qualitative: 'negative' },
    ]);
    const twelve = patientWith({ value: '12' });
    expect(fhir(observation(twelve.mrn, { valueQuantity: { value: 12, unit: 'SIU' } })).counts.antibodyResults).toBe(1);
    expect(rows(twelve.p).map((r) => (r as { assay_id: number }).assay_id)).toEqual([ASSAY.betaBlot, ASSAY.betaImmunoblotB]);
  });

  it('HL7 feed: lab B\'s NEG immunoblot is filed beside the NEG line blot (ACK AA)', () => {
    const { p, mrn } = patientWith(negative);
    expect(hl7(mrn, 'B-1')).toMatchObject({ ack: 'AA' });
    expect(rows(p)).toHaveLength(2);
  });

  it('CSV: the immunoblot row is new, not a duplicate, and is imported', () => {
    const { p, mrn } = patientWith(negative);
    const report = runLabImport(nurse, labCsv([immunoblotCsv(mrn)]));
    expect(report.rows.map((r) => r.status)).toEqual(['ok']);
    expect(rows(p)).toHaveLength(2);
  });
});

describe('on one assay, the comparator is part of the result', () => {
  it('FHIR: ">50" beside an earlier 50 that day is stored (another value that day, a warning), not "already present"', () => {
    const { p, mrn } = patientWith({ value: '50' });
    const report = fhir(observation(mrn, { valueQuantity: { value: 50, comparator: '>', unit: 'units' } }, 'Mi-2β line blot'));
    expect(report.lines.map((l) => l.outcome)).not.toContain('present');
    expect(rows(p)).toEqual([
      { assay_id: ASSAY.betaBlot, value: 50, comparator: null, qualitative: null },
      { assay_id: ASSAY.betaBlot, value: 50, comparator: '>', qualitative: null },
    ]);
  });

  it('CSV: ">50" beside a stored 50 is a new row to check, not a duplicate', () => {
    const { mrn } = patientWith({ value: '50' });
    const [row] = previewLabImport(nurse, labCsv([betaRow(mrn, DAY, '>50')])).rows;
    expect(row).toMatchObject({ status: 'ok', warnings: [expect.stringMatching(/Another result of this assay .* reads 50 units; this one reads >50 units/)] });
  });
});

describe('the same result is still a duplicate on every path', () => {
  it('FHIR "already present", HL7 "already present", CSV skipped: nothing stored twice', () => {
    const { p, mrn } = patientWith({ assayId: String(ASSAY.betaImmunoblotB), ...negative });
    expect(fhir(observation(mrn, { valueCodeableConcept: { text: 'Negative' } })).lines.map((l) => l.outcome)).toEqual(['present']);
    expect(hl7(mrn, 'B-2')).toMatchObject({ ack: 'AA', text: 'Filed: 1 already present.' });
    const csv = runLabImport(nurse, labCsv([immunoblotCsv(mrn)]));
    expect(csv.rows.map((r) => [r.status, r.problems[0]?.message])).toEqual([['duplicate', expect.stringContaining('Already recorded: the same value')]]);
    expect(rows(p)).toHaveLength(1);
  });
});

describe('the form asks "Save anyway" exactly when the CSV import skips the row as a duplicate', () => {
  /** Whether single entry refuses `form` as a possible duplicate (other warnings confirmed). */
  const formAsks = (record: () => unknown) => {
    try {
      record();
      return false;
    } catch (e) {
      if (isAppError(e) && e.code === 'conflict') return 'allowDuplicate' in e.fieldErrors;
      throw e;
    }
  };
  const cases: { name: string; stored: Record<string, unknown>; again: Record<string, unknown>; csv: (mrn: string) => LabCsvRow; same: boolean }[] = [
    { name: 'line blot 50, then 50', stored: abForm(DAY, 50), again: abForm(DAY, 50), csv: (m) => betaRow(m, DAY, '50'), same: true },
    { name: 'line blot 50, then >50', stored: abForm(DAY, 50), again: abForm(DAY, '>50'), csv: (m) => betaRow(m, DAY, '>50'), same: false },
    { name: 'line blot Negative, then line blot Negative', stored: { ...abForm(DAY, null), qualitative: 'negative' }, again: { ...abForm(DAY, null), qualitative: 'negative' }, csv: (m) => betaRow(m, DAY, '', { qualitative: 'Negative' }), same: true },
    { name: 'line blot Negative, then immunoblot Negative', stored: { ...abForm(DAY, null), qualitative: 'negative' }, again: { ...abForm(DAY, null), qualitative: 'negative', assayId: ASSAY.betaImmunoblotB }, csv: immunoblotCsv, same: false },
    { name: 'CK 2 µkat/L, then 120 U/L', stored: ckForm(DAY, 2, { unit: 'ukat/L' }), again: ckForm(DAY, 120), csv: (m) => ckRow(m, DAY, 120), same: true },
    { name: 'CK 120 U/L, then 121 U/L', stored: ckForm(DAY, 120), again: ckForm(DAY, 121), csv: (m) => ckRow(m, DAY, 121), same: false },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.same ? 'the same result' : 'another result'}`, () => {
      const mrn = `FORM-${++mrns}`;
      const p = newPatient(physician, { mrn, birthDate: '1970-01-01', sex: 'female' });
      const enzyme = 'analyte' in c.stored;
      const record = (form: Record<string, unknown>) => (enzyme ? recordEnzymeResult(nurse, p, { ...form, allowImplausible: 'on' }) : recordAntibodyResult(nurse, p, { ...form, allowImplausible: 'on' }));
      record(c.stored);
      const [row] = previewLabImport(nurse, labCsv([c.csv(mrn)])).rows;
      expect(row!.status).toBe(c.same ? 'duplicate' : 'ok');
      expect(formAsks(() => record(c.again))).toBe(c.same);
    });
  }
});
