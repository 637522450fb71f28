/**
 * FHIR import on a real database: a bundle from another system (LOINC only, IU and
 * ukat units, its own MRN system typed MR, a logical patient reference), then hostile
 * input - each gets a precise report line, nothing is written, nothing throws -
 * and the roles (docs/shared architecture.md: import needs lab:import).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { addDays } from '@/lib/domain/dates';
import { makeActor } from '../setup/actors';
import { appError, auditRows, daysAgo, newPatient, sqlite, TODAY } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const PATIENT_URL = 'urn:uuid:0b4c2f0e-7d7e-4c55-9a3f-6f1d8e2b9a10';
let physician: Actor, nurse: Actor, reviewer: Actor, admin: Actor;
let existingMrn = '';

const patient = (over: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'http://hospital.example/mrn', value: 'H-555' }],
  name: [{ family: 'Nakamura', given: ['Ken', 'Ichi'] }], gender: 'male', birthDate: '1970-01-02', ...over,
});
const obs = (code: string, over: Record<string, unknown> = {}, system = LOINC) => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system, code }] }, subject: { reference: PATIENT_URL }, effectiveDateTime: daysAgo(30), ...over,
});
const ck = (over: Record<string, unknown> = {}) => obs('2157-6', { valueQuantity: { value: 5.2, unit: 'µkat/L' }, referenceRange: [{ high: { value: 190, unit: 'U/L' } }], ...over });
const bundle = (resources: unknown[], type = 'collection') => ({
  resourceType: 'Bundle', type,
  entry: resources.map((resource, i) => ({ fullUrl: i === 0 ? PATIENT_URL : `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resource, ...(type === 'collection' ? {} : { request: { method: 'POST', url: String((resource as { resourceType?: string }).resourceType) } }) })),
});

/** Imports as `actor`, expects a refusal naming `pattern`, and proves nothing was written. */
function expectRefused(actor: Actor, input: unknown, pattern: RegExp) {
  const before = tableCounts();
  const report = importFhirBundle(actor, input);
  expect(report.ok).toBe(false);
  const rejected = report.lines.filter((l) => l.outcome === 'rejected');
  expect(rejected.map((l) => l.message).join('\n')).toMatch(pattern);
  expect(tableCounts()).toEqual(before);
  return report;
}

beforeAll(async () => {
  useTempDatabase();
  [physician, nurse, reviewer, admin] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer'), makeActor('admin')]);
  const id = newPatient(physician);
  existingMrn = (sqlite().prepare('SELECT mrn FROM patients WHERE id = ?').get(id) as { mrn: string }).mrn;
});

describe('a bundle from another system', () => {
  it('maps LOINC codes, converts units, creates the patient and attaches by MRN, through the audited write path', () => {
    const report = importFhirBundle(physician, JSON.stringify(bundle([
      patient(),
      ck({ effectiveDateTime: `${daysAgo(30)}T08:30:00+01:00` }),
      obs('88733-1', { valueQuantity: { value: 34, unit: 'units', system: UCUM, code: "[arb'U]" }, referenceRange: [{ high: { value: 5, unit: 'units', system: UCUM, code: "[arb'U]" } }], method: { text: 'Mi-2β line blot' } }),
      obs('82996-0', { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260385009' }], text: 'Negative' }, method: { text: 'Mi-2β line blot' }, effectiveDateTime: daysAgo(10) }),
      { resourceType: 'MedicationStatement', status: 'active', medicationCodeableConcept: { text: 'Prednisone' }, subject: { reference: PATIENT_URL }, effectivePeriod: { start: daysAgo(40) },
        dosage: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, route: { coding: [{ system: 'http://snomed.info/sct', code: '26643006' }] }, doseAndRate: [{ doseQuantity: { value: 20, unit: 'mg', system: UCUM, code: 'mg' } }] }] },
      obs('physician-global-activity', { subject: { identifier: { system: 'urn:titerline:mrn', value: existingMrn } }, valueQuantity: { value: 40, unit: 'mm', system: UCUM, code: 'mm' } }, 'urn:titerline:codes'),
    ], 'transaction')));
    expect(report.lines.filter((l) => l.outcome === 'rejected')).toEqual([]);
    expect(report).toMatchObject({ ok: true, counts: { patientsCreated: 1, antibodyResults: 2, enzymeResults: 1, visits: 1, medications: 1 } });
    expect(report.lines.map((l) => l.message).join(' ')).toContain('no diagnosis group given');
    const row = sqlite().prepare("SELECT e.value, e.unit, e.value_ul, e.upper_limit_ul, e.collected_on, p.given_name FROM enzyme_results e JOIN patients p ON p.id = e.patient_id WHERE p.mrn = 'H-555'").get();
    expect(row).toEqual({ value: 5.2, unit: 'ukat/L', value_ul: 312, upper_limit_ul: 190, collected_on: daysAgo(30), given_name: 'Ken Ichi' });
    expect(sqlite().prepare("SELECT qualitative, assay_id FROM antibody_results WHERE qualitative IS NOT NULL").get()).toEqual({ qualitative: 'negative', assay_id: 2 });
    expect(sqlite().prepare("SELECT drug, frequency, route, dose FROM medication_epochs").get()).toEqual({ drug: 'Prednisone', frequency: 'daily', route: 'oral', dose: 20 });
    expect(sqlite().prepare('SELECT physician_global, clinician_name FROM visits').get()).toEqual({ physician_global: 4, clinician_name: 'Not recorded (FHIR import)' });
    expect(auditRows('import.fhir')).toHaveLength(1);
    expect(auditRows('enzyme-result.create').at(-1)?.reason).toMatch(/^FHIR import, entry 1/);
    const created = sqlite().prepare("SELECT DISTINCT a.origin FROM audit_events a JOIN patients p ON p.id = a.patient_id WHERE p.mrn = 'H-555' AND a.action LIKE '%.create'").all();
    expect(created).toEqual([{ origin: 'import' }]);
  });
});

describe('hostile input: a precise report, nothing written, no 500', () => {
  const tomorrow = addDays(TODAY, 1);
  it.each([
    ['not JSON', '{"resourceType": "Bundle", ', /Not JSON/],
    ['a JSON number', 42, /Expected a JSON object/],
    ['something that is not a FHIR resource', { resourceType: 'patient; DROP TABLE' }, /resourceType is "patient; DROP TABLE": expected a Bundle, or a single FHIR resource/],
    ['a document Bundle', { ...bundle([patient()]), type: 'document' }, /Bundle type "document" is not imported/],
    ['an empty Bundle', { resourceType: 'Bundle', type: 'collection', entry: [] }, /no entries/],
    ['too many entries', { resourceType: 'Bundle', type: 'collection', entry: Array.from({ length: 20_001 }, () => ({})) }, /at most 20000/],
    ['an unknown code', bundle([patient(), obs('1234-5', { valueQuantity: { value: 1 } })]), /Unknown code "http:\/\/loinc\.org\|1234-5": map it once/],
    ['an anti-Mi2 code without a named or mapped assay', bundle([patient(), obs('88733-1', { valueQuantity: { value: 3, unit: 'units' } })]), /Anti-Mi-2 beta antibody result \(code "http:\/\/loinc\.org\|88733-1"\): which catalog assay produced it\?/],
    ['a unit that does not convert', bundle([patient(), ck({ valueQuantity: { value: 3, unit: 'mg/dL' } })]), /Unit "mg\/dL" is not one Titerline converts/],
    ['a cut-off in another unit', bundle([patient(), obs('88733-1', { valueQuantity: { value: 3, unit: 'units' }, referenceRange: [{ high: { value: 20, unit: 'AU/mL' } }] })]), /which catalog assay produced it\?.*Also: .*same unit/],
    ['a date in the future', bundle([patient(), ck({ effectiveDateTime: tomorrow })]), /Collection date cannot be after \d{4}-\d\d-\d\d\./],  // the field's message, as every path words it
    ['a date before birth', bundle([patient(), ck({ effectiveDateTime: '1969-12-31' })]), /Collection date cannot be before 1970-/],
    ['a partial date', bundle([patient(), ck({ effectiveDateTime: '2024-03' })]), /not a full date/],
    ['a reference to a patient not in the bundle', bundle([patient(), ck({ subject: { reference: 'Patient/404' } })]), /does not resolve to a Patient/],
    ['an unknown MRN', bundle([patient(), ck({ subject: { identifier: { system: 'urn:titerline:mrn', value: 'NOPE-1' } } })]), /No patient with MRN "NOPE-1"/],
    ['the same resource twice', bundle([patient(), ck({ id: 'x1' }), ck({ id: 'x1', effectiveDateTime: daysAgo(9) })]), /Duplicate resource: Observation\/x1/],
    ['one result id on two results', bundle([patient(), ck({ identifier: [{ system: 'http://lab.example/obs', value: 'R1' }] }), ck({ identifier: [{ system: 'http://lab.example/obs', value: 'R1' }], effectiveDateTime: daysAgo(9) })]), /Identifier "http:\/\/lab\.example\/obs\|R1" is also on/],
    ['a status the import cannot place', bundle([patient(), ck({ status: 'unknown' })]), /Status "unknown": results are imported as final, amended or corrected/],
    ['a Bundle nested thousands of levels deep', `{"resourceType":"Bundle","type":"collection","entry":[${'['.repeat(5000)}${']'.repeat(5000)}]}`, /nests deeper than 64 levels/],    ['two patients with one MRN', bundle([patient(), patient()]), /second Patient with MRN "H-555"/],
    ['an MRN of someone else', () => bundle([patient({ identifier: [{ system: 'urn:titerline:mrn', value: existingMrn }], birthDate: '1955-05-05' })]), /Refusing to merge two people/],
    ['a comparator Titerline cannot keep', bundle([patient(), obs('88733-1', { valueQuantity: { value: 3, comparator: '<=', unit: 'units' }, method: { text: 'Mi-2β line blot' } })]), /comparator "<=" cannot be stored/],
    ['an MMT-8 total without grades', bundle([patient(), obs('mmt8-unilateral', { valueQuantity: { value: 70 } }, 'urn:titerline:codes')]), /total alone cannot be stored/],
    ['a drug outside the catalog', bundle([patient(), { resourceType: 'MedicationStatement', status: 'active', medicationCodeableConcept: { text: 'Snake oil' }, subject: { reference: PATIENT_URL }, effectivePeriod: { start: daysAgo(3) } }]), /"Snake oil" is not a catalog drug name: map it once/],
    ['a DELETE in a transaction', { ...bundle([patient()], 'transaction'), entry: [{ resource: patient(), request: { method: 'DELETE', url: 'Patient/1' } }] }, /only POST or PUT/],
  ])('refuses %s', (_name, input, pattern) => {
    expectRefused(physician, typeof input === 'function' ? input() : input, pattern);
  });

  it('reports every bad resource of one bundle at once', () => {
    const report = expectRefused(physician, bundle([patient(), ck({ valueQuantity: { value: 3, unit: 'mg/dL' } }), obs('1234-5'), ck({ effectiveDateTime: tomorrow })]), /is not one Titerline converts/);
    expect(report.lines.filter((l) => l.outcome === 'rejected').map((l) => l.entry)).toEqual([1, 2, 3]);
  });

  it('refuses objects that cannot be turned into text ({"toString": false}) wherever a value is expected, without throwing', () => {
    const hostile = { toString: false, valueOf: false };
    for (const key of ['status', 'code', 'subject', 'valueQuantity', 'effectiveDateTime', 'referenceRange', 'birthDate', 'name', 'gender', 'identifier']) {
      for (const at of [0, 1]) {
        const damaged = bundle([patient({ identifier: [{ system: 'urn:titerline:mrn', value: 'FUZZ-2' }] }), ck({ effectiveDateTime: daysAgo(5) })]);
        (damaged.entry[at]!.resource as Record<string, unknown>)[key] = hostile;
        const before = tableCounts();
        const report = importFhirBundle(physician, damaged);
        if (!report.ok) expect(tableCounts()).toEqual(before);
      }
    }
  });

  it('never throws and never half-writes on random JSON or a randomly damaged valid bundle', () => {
    const valid = bundle([patient({ identifier: [{ system: 'urn:titerline:mrn', value: 'FUZZ-1' }] }), ck({ effectiveDateTime: daysAgo(5) })]);
    fc.assert(fc.property(fc.jsonValue(), fc.nat(1), fc.constantFrom('status', 'code', 'subject', 'valueQuantity', 'effectiveDateTime', 'referenceRange', 'birthDate', 'name'), (junk, at, key) => {
      const before = tableCounts();
      const damaged = structuredClone(valid);
      (damaged.entry[at]!.resource as Record<string, unknown>)[key] = junk;
      for (const input of [junk, damaged]) {
        const report = importFhirBundle(physician, input);
        // Some damage leaves a valid bundle (e.g. a junk referenceRange is no range): it imports once, then is a duplicate.
        if (!report.ok) expect(tableCounts()).toEqual(before);
      }
    }), { numRuns: 150 });
  }, 60_000);
});

describe('roles', () => {
  it('refuses reviewers and administrators (no lab:import) before reading anything', async () => {
    for (const actor of [reviewer, admin]) expect((await appError(() => importFhirBundle(actor, '{}'))).code).toBe('forbidden');
  });

  it('lets a nurse import labs and register the patient, but not visits or drugs', () => {
    const mrn = { identifier: [{ system: 'urn:titerline:mrn', value: 'NURSE-1' }] };
    const report = expectRefused(nurse, bundle([patient(mrn), ck(), obs('haq-di', { valueQuantity: { value: 1.2 } }, 'urn:titerline:codes')]), /need a physician \(visit:write\)/);
    expect(report.lines.filter((l) => l.outcome === 'rejected')).toHaveLength(1);
    const ok = importFhirBundle(nurse, bundle([patient(mrn), ck()]));
    expect(ok).toMatchObject({ ok: true, counts: { patientsCreated: 1, enzymeResults: 1 } });
  });
});
