/**
 * Rows marked entered in error, as FHIR says a retraction: the same resource (same
 * id) with status `entered-in-error`. They are never in a full export or a search
 * (a receiver that ignores `status` would chart them; docs/decisions/0008), but a
 * client that already holds the resource learns of the retraction two ways: reading
 * it by id, and `$everything?_since=` (an incremental sync), which lists every
 * retraction made since. A derived TIS that no longer exists (its visit retracted,
 * or its inputs changed) is retracted the same way, as a stub with no value.
 */
import { localCoding, VISIT_CODES } from './codes';
import { concept, fhirId, patientReference, stamped, type FhirPatientData } from './export-input';
import { antibodyObservation, enzymeObservation } from './export-labs';
import { medicationStatement } from './export-medications';
import { tisLastUpdated } from './export-patient';
import { tisObservations } from './export-tis';
import { visitObservations } from './export-visits';
import type { ExportResource, MedicationStatement, Observation } from './types';

const retracted = <R extends Observation | MedicationStatement>(r: R): R => ({ ...r, status: 'entered-in-error' });

/** Every entered-in-error row of the patient as its resource(s) with status entered-in-error. */
export function retractedResources(data: FhirPatientData): ExportResource[] {
  const id = data.patient.id;
  const gone = <T extends { enteredInError: boolean }>(rows: readonly T[]) => rows.filter((r) => r.enteredInError);
  return [
    ...gone(data.antibodyResults).map((r) => stamped(retracted(antibodyObservation(r, id)), r.updatedAt)),
    ...gone(data.enzymeResults).map((r) => stamped(retracted(enzymeObservation(r, id)), r.updatedAt)),
    ...gone(data.visits).flatMap((v) => visitObservations(v, id).map((o) => stamped(retracted(o), v.updatedAt))),
    ...gone(data.medications).map((e) => stamped(retracted(medicationStatement(e, id)), e.updatedAt)),
  ];
}

/**
 * One retraction stub per visit that has no complete TIS now: a receiver that holds
 * an earlier score for that visit must drop it. (For a visit that never had a score
 * the stub says nothing new: harmless.)
 */
export function retractedTisStubs(data: FhirPatientData): Observation[] {
  const id = data.patient.id;
  const scored = new Set(tisObservations(id, data.visits, data.enzymeResults).map((o) => o.id));
  const at = tisLastUpdated(data);
  const c = VISIT_CODES.tis;
  return data.visits
    .filter((v) => !scored.has(fhirId.tis(v.id)))
    .map((v) => stamped<Observation>({
      resourceType: 'Observation',
      id: fhirId.tis(v.id),
      status: 'entered-in-error',
      code: concept([localCoding(c.code, c.display)], c.display),
      subject: patientReference(id),
      effectiveDateTime: v.visitOn,
    }, at));
}
