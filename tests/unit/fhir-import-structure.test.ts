/**
 * Incoming resources are structure-checked before they are mapped
 * (lib/domain/fhir/import-structure.ts): our own export and a hospital's elements we do
 * not read pass; a mistyped element we read is refused naming its FHIR path and what
 * was expected, and a resource refused that way writes nothing of its Bundle (parseBundle
 * rejects it; a rejected line means nothing is imported). A malformed Condition only
 * loses its proposal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { antibodyObservation, enzymeObservation } from '@/lib/domain/fhir/export-labs';
import { medicationStatement } from '@/lib/domain/fhir/export-medications';
import { collectionBundle, patientResource } from '@/lib/domain/fhir/export-patient';
import { visitObservations } from '@/lib/domain/fhir/export-visits';
import type { CatalogAssay } from '@/lib/domain/fhir/import-assay';
import { parseBundle } from '@/lib/domain/fhir/import-bundle';
import { CodeMap } from '@/lib/domain/fhir/import-code-map';
import { structureProblem } from '@/lib/domain/fhir/import-structure';
import { ab, enz, epoch, visit } from './fhir-fixtures';

const PATIENT = { id: 3, mrn: 'M-1', familyName: 'Doe', givenName: 'Mary', birthDate: '1970-01-01', sex: 'female' as const, diagnosisGroup: 'mi2-pos-dm', onsetDate: null, diagnosisDate: null, notes: '' };
const CATALOG: CatalogAssay[] = [{ id: 2, name: 'Mi-2β line blot', lab: 'Lab A', analyte: 'mi2-beta', method: 'line-blot', unit: 'units', qualitativeOnly: false, cutoff: 5, positiveFrom: null, strongAbove: null, active: true }];
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const resources = () => json([
  patientResource(PATIENT),
  antibodyObservation(ab({ value: 12 }), 3),
  enzymeObservation(enz(), 3),
  ...visitObservations(visit(), 3),
  medicationStatement(epoch(), 3),
]) as unknown as Record<string, unknown>[];
const parse = (rs: unknown[]) => parseBundle(json(collectionBundle(rs as never, 'https://x.test/fhir', '2024-03-01T00:00:00Z')), { catalog: CATALOG, codeMap: new CodeMap(), timeZone: 'UTC' });

describe('structure of incoming resources', () => {
  it('passes every resource of our own export, and elements it does not read', () => {
    for (const r of resources()) expect(structureProblem(String(r.resourceType), r), String(r.resourceType)).toBeNull();
    expect(structureProblem('Patient', { resourceType: 'Patient', photo: [{ data: 'xx' }], maritalStatus: 42 })).toBeNull();
    expect(structureProblem('Specimen', { resourceType: 'Specimen', collection: 'not checked: context only' })).toBeNull();
  });

  it('names the element, what FHIR R4 expects and what came', () => {
    const [, obs] = resources();
    const q = (obs!.valueQuantity ?? {}) as Record<string, unknown>;
    expect(structureProblem('Observation', { ...obs, valueQuantity: { ...q, value: '12' } })).toBe('Not FHIR R4 JSON: Observation.valueQuantity.value must be a number, not text.');
    expect(structureProblem('Observation', { ...obs, code: { coding: { system: 'http://loinc.org', code: '1-8' } } })).toMatch(/Observation\.code\.coding must be a list \(\[\.\.\.\]\), not an object/);
    expect(structureProblem('Observation', { ...obs, subject: 'Patient/3' })).toMatch(/Observation\.subject must be an object \(\{\.\.\.\}\), not text/);
    expect(structureProblem('Patient', { resourceType: 'Patient', name: [{ family: 'Doe', given: 'Mary' }], birthDate: 19700101 }))
      .toBe('Not FHIR R4 JSON: Patient.name[0].given must be a list ([...]), not text; Patient.birthDate must be text, not the number 19700101.');
    expect(structureProblem('MedicationStatement', { resourceType: 'MedicationStatement', dosage: [{ timing: { repeat: { frequency: 1.5 } } }] }))
      .toMatch(/MedicationStatement\.dosage\[0\]\.timing\.repeat\.frequency must be a whole number/);
    expect(structureProblem('Observation', { ...obs, component: [{ valueQuantity: { value: null } }] })).toMatch(/component\[0\]\.valueQuantity\.value must be a number, not null/);
  });

  it('refuses the Bundle of a mistyped result before mapping it; a malformed Condition proposes nothing and stops nothing', () => {
    expect(parse(resources()).lines.filter((l) => l.outcome === 'rejected')).toEqual([]);
    const rs = resources();
    const obs = rs[1]!;
    rs[1] = { ...obs, valueQuantity: { ...(obs.valueQuantity as object), value: '12' } };
    const rejected = parse(rs).lines.filter((l) => l.outcome === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.message).toContain('Observation.valueQuantity.value must be a number, not text');
    const withCondition = parse([...resources(), { resourceType: 'Condition', code: 'M33.1', subject: { reference: 'Patient/3' } }]);
    expect(withCondition.lines.filter((l) => l.outcome === 'rejected')).toEqual([]);
    expect(withCondition.lines.find((l) => l.resource.startsWith('Condition'))?.message).toMatch(/Condition\.code must be an object.*No diagnosis group is proposed/);
    expect(withCondition.proposals).toEqual([]);
  });

  it('never throws, whatever JSON a resource holds', () => {
    fc.assert(fc.property(fc.constantFrom('Patient', 'Observation', 'MedicationStatement', 'Condition'), fc.jsonValue(), (type, value) => {
      const out = structureProblem(type, value);
      expect(out === null || out.startsWith('Not FHIR R4 JSON: ')).toBe(true);
    }), { numRuns: 300 });
  });
});
