/**
 * Pure FHIR import mapping (lib/domain/fhir/import-*): our own export reads back to
 * the same values; another system's codes and units map or are refused with a
 * reason; assays are never guessed (docs/clinical/assays.md).
 */
import { describe, expect, it } from 'vitest';
import { antibodyObservation, enzymeObservation } from '@/lib/domain/fhir/export-labs';
import { medicationStatement } from '@/lib/domain/fhir/export-medications';
import { collectionBundle, patientResource } from '@/lib/domain/fhir/export-patient';
import { visitObservations } from '@/lib/domain/fhir/export-visits';
import { checkMappedAssay, namedAssay, type CatalogAssay } from '@/lib/domain/fhir/import-assay';
import { parseBundle } from '@/lib/domain/fhir/import-bundle';
import { classifyObservation } from '@/lib/domain/fhir/import-classify';
import { CodeMap } from '@/lib/domain/fhir/import-code-map';
import { parseCategory, parseEnzyme, type AntibodyPlan } from '@/lib/domain/fhir/import-labs';
import { parseMedication, readDrug } from '@/lib/domain/fhir/import-medications';
import { parseDay, Rejection } from '@/lib/domain/fhir/import-values';
import { parseVisitPart } from '@/lib/domain/fhir/import-visits';
import { ab, enz, epoch, FULL, visit } from './fhir-fixtures';

const PATIENT = { id: 3, mrn: 'M-1', familyName: 'Doe', givenName: 'Mary Ann', birthDate: '1970-01-01', sex: 'female' as const, diagnosisGroup: 'mi2-pos-dm', onsetDate: '2020-01-01', diagnosisDate: null, notes: 'Note.' };
function rejects(fn: () => unknown, pattern: RegExp): void {
  expect(fn).toThrow(Rejection);
  expect(fn).toThrow(pattern);
}
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const A = (id: number, name: string, unit: string, over: Partial<CatalogAssay> = {}): CatalogAssay => ({
  id, name, lab: 'Lab', analyte: 'mi2-beta', method: 'line-blot', unit, qualitativeOnly: false, cutoff: 5, positiveFrom: null, strongAbove: null, active: true, ...over,
});
/** The catalog the export fixtures were read with (fhir-fixtures.ts: "Mi-2β line blot" of Lab A). */
const CATALOG = [A(2, 'Mi-2β line blot', 'units', { lab: 'Lab A' })];
const NO_MAP = new CodeMap();

describe('reading our own export back', () => {
  const resources = [
    patientResource(PATIENT),
    antibodyObservation(ab({ value: 5, comparator: '<', accession: 'ACC-1' }), 3),
    enzymeObservation(enz({ value: 1.1, unit: 'ukat/L', valueUL: 66, lowerLimitUL: null, upperLimitUL: 207 }), 3),
    ...visitObservations(visit({ notes: 'Fine.' }), 3),
    medicationStatement(epoch({ endOn: '2024-02-01', endReason: 'tapered' }), 3),
  ];
  const parsed = parseBundle(JSON.parse(JSON.stringify(collectionBundle(resources, 'https://x.test/fhir', '2024-03-01T00:00:00Z'))), { catalog: CATALOG, codeMap: NO_MAP, timeZone: 'UTC' });

  it('finds no problem', () => expect(parsed.lines).toEqual([]));

  it('gives the patient form the product validates', () => {
    expect(parsed.patients[0]?.form).toEqual({ mrn: 'M-1', familyName: 'Doe', givenName: 'Mary Ann', birthDate: '1970-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm', onsetDate: '2020-01-01', diagnosisDate: '', notes: 'Note.' });
  });

  it('keeps the value, comparator, unit, cut-off, accession and assay of a result', () => {
    const [antibody, enzyme] = parsed.labs;
    expect(antibody).toMatchObject({ mrn: 'M-1', day: '2024-01-10', status: 'final', mapped: false, result: { kind: 'antibody', assay: { id: 2 } } });
    expect(antibody?.result.plan).toMatchObject({ analyte: 'mi2-beta', value: 5, comparator: '<', qualitative: null, unit: { text: 'units', code: "[arb'U]" }, cutoff: 5, accession: 'ACC-1', assay: { name: 'Mi-2β line blot', lab: 'Lab A', method: 'line-blot' } });
    expect(enzyme?.result.plan).toMatchObject({ analyte: 'ck', value: 1.1, unit: 'ukat/L', lowerLimit: null, upperLimit: 3.45 });
  });

  it('regroups the visit with its grades, globals, findings, notes and clinician', () => {
    expect(parsed.visits).toHaveLength(1);
    expect(parsed.visits[0]?.form).toEqual({
      visitOn: '2024-01-10', clinicianName: 'Dr. A', notes: 'Fine.', mmtVersion: 'unilateral', physicianGlobal: 4, patientGlobal: 5, haq: 1, extramuscular: 2,
      ...Object.fromEntries(Object.entries(FULL).map(([k, g]) => [`mmt_${k}`, g])), finding_rash: true,
    });
  });

  it('gives the dose epoch form of "start a drug"', () => {
    expect(parsed.medications[0]?.form).toEqual({
      drug: 'prednisone', otherName: '', otherImmunosuppressant: '', dose: 20, doseUnit: 'mg', route: 'oral', frequency: 'daily',
      startOn: '2024-01-01', endOn: '2024-02-01', startReason: 'started', endReason: 'tapered',
    });
  });
});

describe('codes and values from other systems', () => {
  it('classifies by local code first, then LOINC; unknown codes are null', () => {
    expect(classifyObservation(loinc('88732-3'))).toEqual({ kind: 'antibody', analyte: 'mi2-alpha' });
    expect(classifyObservation(loinc('82996-0'))).toEqual({ kind: 'antibody', analyte: 'mi2-beta' });
    expect(classifyObservation(loinc('1920-8'))).toEqual({ kind: 'enzyme', analyte: 'ast' });
    expect(classifyObservation({ coding: [{ system: 'urn:titerline:codes', code: 'tis-2016' }] })).toEqual({ kind: 'tis' });
    expect(classifyObservation(loinc('718-7'))).toBeNull();
    expect(classifyObservation('junk')).toBeNull();
  });

  it('reads categories from our code, SNOMED CT, v3 interpretation or words', () => {
    expect(parseCategory({ coding: [{ system: 'http://snomed.info/sct', code: '10828004' }] })).toBe('positive');
    expect(parseCategory({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'IND' }] })).toBe('borderline');
    expect(parseCategory({ text: 'Strong Positive' })).toBe('strong');
    rejects(() => parseCategory({ text: 'maybe' }), /not one of negative, borderline/);
  });

  it('converts IU/L and µkat/L, a range in the other unit, and refuses what does not convert', () => {
    const r = (q: unknown, range?: unknown) => ({ valueQuantity: q, ...(range ? { referenceRange: [range] } : {}) });
    const ctx = { accession: '' };
    expect(parseEnzyme(r({ value: 250, unit: 'IU/L' }), 'ck', ctx)).toMatchObject({ value: 250, unit: 'U/L' });
    expect(parseEnzyme(r({ value: 2, unit: 'µkat/L' }, { high: { value: 180, unit: 'U/L' } }), 'ck', ctx)).toMatchObject({ unit: 'ukat/L', upperLimit: 3 });
    rejects(() => parseEnzyme(r({ value: 2, unit: 'mg/dL' }), 'ck', ctx), /Unit "mg\/dL" is not one Titerline converts/);
    rejects(() => parseEnzyme(r({ value: 2, unit: 'U/L', comparator: '>' }), 'ck', ctx), /exact numbers/);
    rejects(() => parseEnzyme(r({ value: 'x', unit: 'U/L' }), 'ck', ctx), /no numeric value/);
  });

  it('takes a calendar day from a date or dateTime, refusing partial and impossible dates', () => {
    expect(parseDay('2024-02-29T23:30:00-05:00', 'd')).toBe('2024-02-29');
    rejects(() => parseDay('2024-02', 'd'), /not a full date/);
    rejects(() => parseDay('2023-02-29', 'd'), /not a full date/);
    rejects(() => parseDay(20240101, 'd'), /missing/);
  });

  it('converts a VAS in mm to cm and never trusts an MMT-8 total', () => {
    const scalar = { valueQuantity: { value: 45, unit: 'mm', system: 'http://unitsofmeasure.org', code: 'mm' } };
    expect(parseVisitPart(scalar, 'patientGlobal').value).toBe(4.5);
    const grades = Object.entries(FULL).map(([k, g]) => ({ code: { coding: [{ system: 'urn:titerline:codes', code: `mmt8-${k}` }] }, valueInteger: g }));
    rejects(() => parseVisitPart({ valueQuantity: { value: 80 }, component: grades }, 'mmtUnilateral'), /does not match the sum of its grades \(75\)/);
    rejects(() => parseVisitPart({ valueQuantity: { value: 8 }, component: grades.slice(0, 1) }, 'mmtUnilateral'), /partial exam/);
    rejects(() => parseVisitPart({ component: [{ ...grades[0], valueInteger: 11 }] }, 'mmtUnilateral'), /not a whole number from 0 to 10/);
    rejects(() => parseVisitPart({ component: [{ code: { coding: [{ system: 'urn:titerline:codes', code: 'finding-gout' }] }, valueBoolean: true }] }, 'panel'), /Unknown visit finding/);
  });

  it('reads a MedicationStatement of another system: timing.repeat, SNOMED route, a drug outside the catalog', () => {
    const base = { status: 'active', effectivePeriod: { start: '2024-01-01' }, medicationCodeableConcept: { text: 'Methotrexate' },
      dosage: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } }, route: { coding: [{ system: 'http://snomed.info/sct', code: '34206005' }] }, doseAndRate: [{ doseQuantity: { value: 15, unit: 'mg' } }] }] };
    const drugOf = (r: Record<string, unknown>) => {
      const d = readDrug(r, r.medicationCodeableConcept, NO_MAP);
      if (d.kind !== 'drug') throw new Error(`not a drug: ${d.kind}`);
      return d.fields;
    };
    expect(parseMedication(base, drugOf(base), 'UTC').form).toMatchObject({ drug: 'methotrexate', frequency: 'weekly', route: 'sc', endOn: '', endReason: '' });
    const other = { ...base, medicationCodeableConcept: { text: 'Abatacept' }, extension: [{ url: 'urn:titerline:fhir:extension:immunosuppressant', valueBoolean: true }] };
    expect(parseMedication(other, drugOf(other), 'UTC').form).toMatchObject({ drug: 'other', otherName: 'Abatacept', otherImmunosuppressant: 'yes' });
    expect(readDrug({}, { text: 'Snake oil' }, NO_MAP)).toMatchObject({ kind: 'unmapped', code: { domain: 'drug', system: 'urn:titerline:code-map:text', code: 'snake oil' } });
    rejects(() => parseMedication({ ...base, status: 'completed' }, drugOf(base), 'UTC'), /needs effectivePeriod.end/);
    rejects(() => parseMedication({ ...base, dosage: [{ ...base.dosage[0], doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }] }] }, drugOf(base), 'UTC'), /Dose unit "tablet"/);
  });

  it('stores a missing route or timing as "not stated" and says so; the dose stays required', () => {
    const bare = { status: 'active', effectivePeriod: { start: '2024-01-01' }, dosage: [{ doseAndRate: [{ doseQuantity: { value: 1000, unit: 'mg' } }] }] };
    const plan = parseMedication(bare, { drug: 'mycophenolate-mofetil', otherName: '', otherImmunosuppressant: '' }, 'UTC');
    expect(plan.form).toMatchObject({ route: 'not-stated', frequency: 'not stated' });
    expect(plan.notes.join(' ')).toMatch(/No route given: stored as "not stated".*No timing given: frequency stored as "not stated"/);
    rejects(() => parseMedication({ ...bare, dosage: [{}] }, { drug: 'prednisone', otherName: '', otherImmunosuppressant: '' }, 'UTC'), /No dose/);
  });
});

describe('assay matching', () => {
  const catalog = [A(2, 'Mi-2β line blot', 'units'), A(3, 'Mi-2β immunoblot', 'SIU'), A(6, 'Old blot', 'units', { active: false })];
  const plan = (over: Partial<AntibodyPlan> = {}): AntibodyPlan => ({ analyte: 'mi2-beta', value: 10, comparator: null, qualitative: null, unit: { text: 'units' }, cutoff: null, accession: '', assay: {}, ...over });

  it('takes the assay the sender names exactly, in a unit it reports', () => {
    expect(namedAssay(catalog, plan({ unit: { text: 'SIU' }, assay: { name: 'mi-2β IMMUNOBLOT' } }))?.id).toBe(3);
    expect(namedAssay(catalog, plan({ unit: { text: 'AU/mL' }, assay: { name: 'Mi-2β immunoblot' } }))).toBeUndefined();
    expect(namedAssay(catalog, plan({ assay: { name: 'Old blot' } }))).toBeUndefined();
  });

  it('never picks an assay because it is the only one with the unit: that is a candidate to confirm, not a choice', () => {
    expect(namedAssay(catalog, plan())).toBeUndefined();
    expect(namedAssay(catalog, plan({ value: null, qualitative: 'negative', unit: null }))).toBeUndefined();
  });

  it('checks a mapped assay can hold the result: active, same analyte, its unit, numbers only where it reports numbers', () => {
    expect(checkMappedAssay(catalog[0], plan(), 'mi2-beta').id).toBe(2);
    rejects(() => checkMappedAssay(catalog[2], plan(), null), /deactivated/);
    rejects(() => checkMappedAssay(catalog[0], plan(), 'mi2-alpha'), /but the result's code is Anti-Mi-2 alpha/);
    rejects(() => checkMappedAssay(catalog[0], plan({ unit: { text: 'AU/mL' } }), null), /units of two assays are not converted/);
    rejects(() => checkMappedAssay(A(5, 'IP', 'n/a', { qualitativeOnly: true }), plan(), null), /reports a category only/);
    rejects(() => checkMappedAssay(undefined, plan(), null), /no longer in the catalog/);
  });
});
