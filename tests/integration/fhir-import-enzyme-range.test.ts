/**
 * The lab's reference range of an imported enzyme result, on a real database
 * (lib/domain/fhir/import-range.ts): a CK of 250 U/L for a woman whose lab range is
 * 39-308 U/L is stored with that range whether the lab wrote it as text, after a text
 * note, or beside the men's range; the patient's recorded sex picks a range given by
 * sex; a range that cannot be read or judged is refused and nothing is written; only
 * a result without any range takes the site default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { makeActor } from '../setup/actors';
import { daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor;
let nurse: Actor;
beforeAll(async () => {
  db = useTempDatabase();
  physician = await makeActor('physician');
  nurse = await makeActor('nurse');
});
afterAll(() => db.dispose());

const U = (value: number) => ({ value, unit: 'U/L', system: 'http://unitsofmeasure.org', code: 'U/L' });
const sex = (code: string) => [{ coding: [{ system: 'http://hl7.org/fhir/administrative-gender', code }] }];
const BY_SEX = [{ low: U(39), high: U(395), appliesTo: sex('male') }, { low: U(26), high: U(192), appliesTo: sex('female') }];

const ckObs = (mrn: string, referenceRange?: unknown[]) => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] },
  subject: { identifier: { system: 'urn:titerline:mrn', value: mrn } }, effectiveDateTime: daysAgo(5),
  valueQuantity: U(250), ...(referenceRange ? { referenceRange } : {}),
});
const importAll = (...resources: unknown[]) =>
  importFhirBundle(nurse, { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource, i) => ({ fullUrl: `urn:uuid:${i + 1}`, resource })) });
const stored = (p: number) => sqlite().prepare('SELECT value_ul, lower_limit_ul, upper_limit_ul, range_source FROM enzyme_results WHERE patient_id = ?').all(p);
const lab = (lower: number | null, upper: number) => [{ value_ul: 250, lower_limit_ul: lower, upper_limit_ul: upper, range_source: 'lab' }];

function expectRefused(resources: unknown[], pattern: RegExp): void {
  const before = tableCounts();
  const report = importAll(...resources);
  expect(report.ok).toBe(false);
  expect(report.lines.filter((l) => l.outcome === 'rejected').map((l) => l.message).join('\n')).toMatch(pattern);
  expect(tableCounts()).toEqual(before);
}

describe('a CK of 250 U/L whose lab range is 39-308 U/L', () => {
  it('is stored with the range the lab wrote as text', () => {
    const p = newPatient(physician, { mrn: 'RR-1', sex: 'female' });
    expect(importAll(ckObs('RR-1', [{ text: '39-308 U/L' }])).ok).toBe(true);
    expect(stored(p)).toEqual(lab(39, 308));
  });

  it('is stored with the range that follows a text note', () => {
    const p = newPatient(physician, { mrn: 'RR-2', sex: 'female' });
    expect(importAll(ckObs('RR-2', [{ text: 'Adult reference' }, { low: U(39), high: U(308) }])).ok).toBe(true);
    expect(stored(p)).toEqual(lab(39, 308));
  });

  it('takes the site default only when the lab sent no range at all', () => {
    const p = newPatient(physician, { mrn: 'RR-4', sex: 'female' });
    expect(importAll(ckObs('RR-4')).ok).toBe(true);
    expect(stored(p)).toEqual([{ value_ul: 250, lower_limit_ul: null, upper_limit_ul: 207, range_source: 'site-default' }]);
  });
});

describe('ranges given by sex', () => {
  it('take the range of the registered patient\'s sex, whichever comes first and however the MRN is cased', () => {
    const woman = newPatient(physician, { mrn: 'RS-W', sex: 'female' });
    const man = newPatient(physician, { mrn: 'RS-M', sex: 'male' });
    expect(importAll(ckObs('rs-w', BY_SEX), ckObs('RS-M', [...BY_SEX].reverse())).ok).toBe(true);
    expect(stored(woman)).toEqual(lab(26, 192));
    expect(stored(man)).toEqual(lab(39, 395));
  });

  it('take the sex of the Bundle\'s Patient for a new patient, and the record\'s for a registered one', () => {
    const patient = (mrn: string, gender: string) => ({
      resourceType: 'Patient', identifier: [{ system: 'urn:titerline:mrn', value: mrn }], name: [{ family: 'Doe', given: ['Jane'] }], gender, birthDate: '1970-06-15',
    });
    expect(importAll(patient('RS-NEW', 'female'), ckObs('RS-NEW', BY_SEX)).ok).toBe(true);
    expect(stored(sqlite().prepare("SELECT id FROM patients WHERE mrn = 'RS-NEW'").pluck().get() as number)).toEqual(lab(26, 192));
    const registered = newPatient(physician, { mrn: 'RS-REC', sex: 'female' });
    expect(importAll(patient('RS-REC', 'male'), ckObs('RS-REC', BY_SEX)).ok).toBe(true);
    expect(stored(registered)).toEqual(lab(26, 192));
  });

  it('are refused for a patient of unknown sex, and when none is for the patient\'s sex', () => {
    newPatient(physician, { mrn: 'RS-U', sex: 'unknown' });
    expectRefused([ckObs('RS-U', BY_SEX)], /recorded as of unknown sex: which range applies cannot be known/);
    newPatient(physician, { mrn: 'RS-F', sex: 'female' });
    expectRefused([ckObs('RS-F', [BY_SEX[0]])], /all for the other sex \(this patient is recorded as a woman\)/);
  });
});

describe('ranges that cannot be read or judged', () => {
  it('are refused and nothing of the Bundle is written', () => {
    newPatient(physician, { mrn: 'RX-1', sex: 'female' });
    expectRefused([ckObs('RX-1', [{ low: U(39), high: U(308) }]), ckObs('RX-1', [{ text: 'Adult reference' }])], /"Adult reference" cannot be read/);
    expectRefused([ckObs('RX-1', [{ low: U(26), high: U(192), appliesTo: sex('female'), age: { low: { value: 18, unit: 'a' } } }])], /age band/);
    expectRefused([ckObs('RX-1', [{ low: U(39), high: U(308) }, { low: U(26), high: U(192) }])], /differ \(39-308 U\/L; 26-192 U\/L\)/);
  });
});
