/**
 * Pure FHIR export mapping (lib/domain/fhir/export-*): values as reported, UCUM only
 * when honest, the cut-off as reference range, borderline as IND (docs/clinical/README.md
 * section 2), enzyme ranges in the reported unit (section 3), partial MMT-8 without
 * a total (section 4), one MedicationStatement per epoch (section 6), TIS (section 5).
 */
import { describe, expect, it } from 'vitest';
import { antibodyObservation, enzymeObservation } from '@/lib/domain/fhir/export-labs';
import type { FhirPatientData } from '@/lib/domain/fhir/export-input';
import { medicationStatement } from '@/lib/domain/fhir/export-medications';
import { collectionBundle, patientResources } from '@/lib/domain/fhir/export-patient';
import { tisObservations } from '@/lib/domain/fhir/export-tis';
import { visitObservations } from '@/lib/domain/fhir/export-visits';
import { ab, enz, epoch, FULL, visit } from './fhir-fixtures';

describe('anti-Mi2 Observations', () => {
  it('keeps a censored value with its comparator, UCUM arbitrary units, the cut-off as range high, NEG', () => {
    const o = antibodyObservation(ab({ value: 5, comparator: '<' }), 7);
    expect(o.valueQuantity).toEqual({ value: 5, comparator: '<', unit: 'units', system: 'http://unitsofmeasure.org', code: "[arb'U]" });
    expect(o.referenceRange?.[0]?.high?.value).toBe(5);
    expect(o.interpretation?.[0]?.coding?.[0]?.code).toBe('NEG');
    expect(o.code.coding?.map((c) => c.code)).toEqual(['88733-1', 'mi2-beta']);
    expect(o.subject?.reference).toBe('Patient/7');
  });

  it('calls borderline IND (never NEG) and strong POS with its words', () => {
    expect(antibodyObservation(ab({ value: 8 }), 1).interpretation?.[0]?.coding?.[0]?.code).toBe('IND');
    const strong = antibodyObservation(ab({ value: 80 }), 1).interpretation?.[0];
    expect([strong?.coding?.[0]?.code, strong?.text]).toEqual(['POS', 'Strong positive']);
  });

  it('sends a category as valueCodeableConcept, with the presence LOINC only for a line-blot assay', () => {
    const q = antibodyObservation(ab({ analyte: 'mi2-alpha', value: null, qualitative: 'borderline', assay: { ...ab().assay, loinc: '88732-3' } }), 1);
    expect(q.valueQuantity).toBeUndefined();
    expect(q.valueCodeableConcept?.coding?.[0]).toMatchObject({ system: 'urn:titerline:antibody-class', code: 'borderline' });
    expect(q.code.coding?.[0]?.code).toBe('82997-8');
    const ip = antibodyObservation(ab({ analyte: 'mi2', unit: 'n/a', value: null, qualitative: 'positive', cutoff: null, assay: { ...ab().assay, loinc: null } }), 1);
    expect(ip.code.coding?.map((c) => c.system)).toEqual(['urn:titerline:codes']);
    expect(ip.valueCodeableConcept?.coding?.map((c) => c.code)).toEqual(['positive', '10828004']);
    expect(ip.referenceRange).toBeUndefined();
  });

  it('gives no UCUM code to a unit without an honest one, and keeps {titer}', () => {
    expect(antibodyObservation(ab({ unit: 'weird units/dL' }), 1).valueQuantity).toEqual({ value: 20, unit: 'weird units/dL' });
    expect(antibodyObservation(ab({ unit: '{titer}', value: 160, cutoff: 40 }), 1).valueQuantity?.code).toBe('{titer}');
  });
});

describe('enzyme Observations', () => {
  it('reports ukat/L with the reference range converted back to ukat/L (1 ukat/L = 60 U/L)', () => {
    const o = enzymeObservation(enz({ value: 1.1, unit: 'ukat/L', valueUL: 66, lowerLimitUL: null, upperLimitUL: 207 }), 1);
    expect(o.valueQuantity).toEqual({ value: 1.1, unit: 'ukat/L', system: 'http://unitsofmeasure.org', code: 'ukat/L' });
    expect(o.referenceRange).toEqual([{ high: { value: 3.45, unit: 'ukat/L', system: 'http://unitsofmeasure.org', code: 'ukat/L' } }]);
    expect(o.interpretation?.[0]?.coding?.[0]?.code).toBe('N');
    expect(o.code.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: '2157-6' });
  });

  it('flags H and L against the lab limits', () => {
    expect(enzymeObservation(enz(), 1).interpretation?.[0]?.coding?.[0]?.code).toBe('H');
    expect(enzymeObservation(enz({ value: 20, valueUL: 20 }), 1).interpretation?.[0]?.coding?.[0]?.code).toBe('L');
  });
});

describe('visits', () => {
  it('groups a visit: panel with clinician, findings, notes and its measures as members', () => {
    const [panel, ...members] = visitObservations(visit({ notes: 'Better.' }), 1);
    expect(panel?.hasMember?.map((m) => m.reference)).toEqual(members.map((m) => `Observation/${m.id}`));
    expect(members.map((m) => m.code.coding?.[0]?.code)).toEqual(['mmt8-unilateral', 'physician-global-activity', 'patient-global-activity', 'haq-di', 'extramuscular-global-activity']);
    expect(members[0]?.valueQuantity?.value).toBe(75);
    expect(members[0]?.component).toHaveLength(8);
    expect(panel?.performer).toEqual([{ display: 'Dr. A' }]);
    expect(panel?.component?.[0]).toMatchObject({ code: { coding: [{ code: 'finding-rash' }] }, valueBoolean: true });
  });

  it('never sends a low total for a partial exam, and leaves out measures not taken', () => {
    const [, mmt, ...rest] = visitObservations(visit({ mmtGrades: { neck_flexors: 3 }, patientGlobal: null, haq: null, extramuscular: null, physicianGlobal: null }), 1);
    expect(mmt?.valueQuantity).toBeUndefined();
    expect(mmt?.dataAbsentReason?.text).toContain('Partial exam: 1 of 8');
    expect(rest).toEqual([]);
    expect(visitObservations(visit({ mmtVersion: null, mmtGrades: {} }), 1).map((o) => o.code.coding?.[0]?.code)).not.toContain('mmt8-unilateral');
  });
});

describe('MedicationStatements', () => {
  it('one per epoch: active without end, completed with end and why', () => {
    expect(medicationStatement(epoch(), 1)).toMatchObject({ status: 'active', effectivePeriod: { start: '2024-01-01' } });
    expect(medicationStatement(epoch(), 1).statusReason).toBeUndefined();
    const ended = medicationStatement(epoch({ endOn: '2024-02-01', endReason: 'side-effect' }), 1);
    expect(ended).toMatchObject({ status: 'completed', effectivePeriod: { end: '2024-02-01' }, statusReason: [{ coding: [{ code: 'side-effect', display: 'Side effect' }] }] });
    expect(ended.dosage?.[0]?.doseAndRate?.[0]?.doseQuantity).toEqual({ value: 20, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' });
  });

  it('names a drug outside the catalog by text and says whether it suppresses; mg/m² becomes UCUM mg/m2', () => {
    const other = medicationStatement(epoch({ drug: 'Abatacept', drugClass: 'other', doseUnit: 'mg/m²', immunosuppressant: true }), 1);
    expect(other.medicationCodeableConcept).toEqual({ text: 'Abatacept' });
    expect(other.dosage?.[0]?.doseAndRate?.[0]?.doseQuantity?.code).toBe('mg/m2');
    expect(other.extension).toContainEqual({ url: 'urn:titerline:fhir:extension:immunosuppressant', valueBoolean: true });
    expect(medicationStatement(epoch({ doseUnit: 'units' }), 1).dosage?.[0]?.doseAndRate?.[0]?.doseQuantity).toEqual({ value: 20, unit: 'units' });
  });
});

describe('patient bundle', () => {
  const data = (): FhirPatientData => ({
    patient: { id: 3, mrn: 'M-1', familyName: 'Doe', givenName: 'Jane', birthDate: '1970-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm', onsetDate: null, diagnosisDate: null, notes: '' },
    antibodyResults: [ab(), ab({ id: 2, enteredInError: true })],
    enzymeResults: [enz(), enz({ id: 2, enteredInError: true })],
    visits: [visit(), visit({ id: 2, enteredInError: true })],
    medications: [epoch(), epoch({ id: 2, enteredInError: true })],
  });

  it('leaves out entered-in-error rows and starts with the Patient', () => {
    const resources = patientResources(data());
    expect(resources[0]).toMatchObject({ resourceType: 'Patient', id: '3', gender: 'female', identifier: [{ system: 'urn:titerline:mrn', value: 'M-1' }] });
    expect(resources.map((r) => r.id)).not.toContain('ab-2');
    expect(resources.filter((r) => r.resourceType === 'MedicationStatement')).toHaveLength(1);
    expect(JSON.stringify(resources)).not.toMatch(/null/);
  });

  it('builds fullUrls under the FHIR base', () => {
    const b = collectionBundle(patientResources(data()), 'https://x.test/api/fhir/', '2024-01-01T00:00:00.000Z');
    expect(b.entry?.[0]?.fullUrl).toBe('https://x.test/api/fhir/Patient/3');
  });
});

describe('TIS', () => {
  it('scores later visits against the first visit with its most abnormal enzyme, as preliminary (lib/domain/response.ts)', () => {
    const visits = [visit(), visit({ id: 2, visitOn: '2024-06-10', physicianGlobal: 1, patientGlobal: 2, haq: 0.5, extramuscular: 0, mmtGrades: { ...FULL, neck_flexors: 10, deltoid: 10 } })];
    const enzymes = [enz({ value: 1920, valueUL: 1920 }), enz({ id: 2, collectedOn: '2024-06-12', value: 192, valueUL: 192 })];
    const [tis, ...more] = tisObservations(1, visits, enzymes);
    expect(more).toEqual([]);
    expect(tis).toMatchObject({ status: 'preliminary', effectiveDateTime: '2024-06-10' });
    expect(tis?.valueQuantity?.value).toBeGreaterThanOrEqual(40);
    expect(tis?.derivedFrom?.map((r) => r.reference)).toEqual(['Observation/visit-1', 'Observation/visit-2']);
  });

  it("says in a note when the lab's enzyme range changed between the baseline and the visit, and not otherwise", () => {
    const visits = [visit(), visit({ id: 2, visitOn: '2024-06-10', physicianGlobal: 1, patientGlobal: 2, haq: 0.5, extramuscular: 0 })];
    const moved = tisObservations(1, visits, [enz({ value: 1920, valueUL: 1920 }), enz({ id: 2, collectedOn: '2024-06-12', value: 960, valueUL: 960, upperLimitUL: 384 })]);
    expect(moved[0]?.note?.map((n) => n.text)).toContain("The lab's CK reference range changed between these visits (upper limit 192 → 384 U/L); the enzyme change compares values only.");
    const same = tisObservations(1, visits, [enz({ value: 1920, valueUL: 1920 }), enz({ id: 2, collectedOn: '2024-06-12', value: 960, valueUL: 960 })]);
    expect(same[0]?.note).toHaveLength(1);
  });

  it('sends no incomplete score: no enzyme near the visit, or a partial exam', () => {
    expect(tisObservations(1, [visit(), visit({ id: 2, visitOn: '2024-06-10' })], [enz()])).toEqual([]);
    expect(tisObservations(1, [visit(), visit({ id: 2, visitOn: '2024-06-10', mmtGrades: { neck_flexors: 9 } })], [enz(), enz({ id: 2, collectedOn: '2024-06-10' })])).toEqual([]);
  });
});
