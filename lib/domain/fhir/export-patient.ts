/**
 * One patient's record as FHIR R4: the Patient, every live result, visit measure
 * and TIS as Observations, every live dose epoch as a MedicationStatement, in a
 * Bundle of type `collection` (the answer of Patient/{id}/$everything).
 * Entered-in-error rows are left out: a receiver that ignores `status` would chart
 * them (docs/decisions/0008-fhir-interoperability.md).
 */
import { antibodyObservation, enzymeObservation } from './export-labs';
import { liveOnly, fhirId, type FhirPatientData, type FhirPatientFacts } from './export-input';
import { medicationStatement } from './export-medications';
import { tisObservations } from './export-tis';
import { visitObservations } from './export-visits';
import { EXT, SYSTEM } from './codes';
import type { Bundle, ExportResource, Extension, Patient } from './types';

/** The medical record number as an identifier: Titerline's system, typed MR (HL7 v2 table 0203). */
export function mrnIdentifier(mrn: string) {
  return {
    type: { coding: [{ system: SYSTEM.v2IdentifierType, code: 'MR', display: 'Medical record number' }] },
    system: SYSTEM.mrn,
    value: mrn,
  };
}

export function patientResource(p: FhirPatientFacts): Patient {
  const extension: Extension[] = [{ url: EXT.diagnosisGroup, valueCode: p.diagnosisGroup }];
  if (p.onsetDate) extension.push({ url: EXT.onsetDate, valueDate: p.onsetDate });
  if (p.diagnosisDate) extension.push({ url: EXT.diagnosisDate, valueDate: p.diagnosisDate });
  if (p.notes.trim()) extension.push({ url: EXT.patientNotes, valueString: p.notes });
  return {
    resourceType: 'Patient',
    id: fhirId.patient(p.id),
    extension,
    identifier: [mrnIdentifier(p.mrn)],
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    // Titerline's sexes are exactly FHIR's administrative genders (male, female, other, unknown).
    gender: p.sex,
    birthDate: p.birthDate,
  };
}

/** Every exported resource of one patient, Patient first, each kind in date order. */
export function patientResources(data: FhirPatientData): ExportResource[] {
  const id = data.patient.id;
  const visits = liveOnly(data.visits);
  return [
    patientResource(data.patient),
    ...liveOnly(data.antibodyResults).map((r) => antibodyObservation(r, id)),
    ...liveOnly(data.enzymeResults).map((r) => enzymeObservation(r, id)),
    ...visits.flatMap((v) => visitObservations(v, id)),
    ...tisObservations(id, data.visits, data.enzymeResults),
    ...liveOnly(data.medications).map((e) => medicationStatement(e, id)),
  ];
}

/**
 * A Bundle of type collection. `baseUrl` is the FHIR base the resources live under
 * (e.g. https://clinic.example/api/fhir): fullUrl = base/Type/id, so the relative
 * references inside resolve as FHIR's bundle rules say.
 */
export function collectionBundle(resources: readonly ExportResource[], baseUrl: string, timestamp: string): Bundle {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp,
    entry: resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`, resource })),
  };
}

export function patientBundle(data: FhirPatientData, baseUrl: string, timestamp: string): Bundle {
  return collectionBundle(patientResources(data), baseUrl, timestamp);
}
