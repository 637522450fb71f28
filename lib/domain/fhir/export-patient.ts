/**
 * One patient's record as FHIR R4: the Patient, every live result, visit measure
 * and TIS as Observations, every live dose epoch as a MedicationStatement, in a
 * Bundle of type `collection` (the answer of Patient/{id}/$everything).
 * Entered-in-error rows are left out: a receiver that ignores `status` would chart
 * them (docs/decisions/0008-fhir-interoperability.md).
 */
import { antibodyObservation, enzymeObservation } from './export-labs';
import { latest, liveOnly, fhirId, stamped, type FhirPatientData, type FhirPatientFacts } from './export-input';
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

/**
 * When the derived TIS Observations last changed: any change to a visit or an enzyme
 * result (entered-in-error ones included) can change every score of the patient.
 */
export function tisLastUpdated(data: FhirPatientData): string | undefined {
  return latest([...data.visits.map((v) => v.updatedAt), ...data.enzymeResults.map((r) => r.updatedAt)]);
}

/**
 * Every exported resource of one patient, Patient first, each kind in date order,
 * each with meta.lastUpdated (when its stored row last changed) when known.
 */
export function patientResources(data: FhirPatientData): ExportResource[] {
  const id = data.patient.id;
  const visits = liveOnly(data.visits);
  const tisAt = tisLastUpdated(data);
  return [
    stamped(patientResource(data.patient), data.patient.updatedAt),
    ...liveOnly(data.antibodyResults).map((r) => stamped(antibodyObservation(r, id), r.updatedAt)),
    ...liveOnly(data.enzymeResults).map((r) => stamped(enzymeObservation(r, id), r.updatedAt)),
    ...visits.flatMap((v) => visitObservations(v, id).map((o) => stamped(o, v.updatedAt))),
    ...tisObservations(id, data.visits, data.enzymeResults).map((o) => stamped(o, tisAt)),
    ...liveOnly(data.medications).map((e) => stamped(medicationStatement(e, id), e.updatedAt)),
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
