/**
 * Dose epochs as FHIR R4 MedicationStatements: one per epoch (docs/domain.md
 * section 6: "FHIR: one MedicationStatement per epoch"), the epoch's dates as
 * effectivePeriod (end = last day taken, inclusive, as in lib/domain/medications.ts),
 * the dose as dosage.doseAndRate, why it ended as statusReason.
 */
import { CHANGE_REASONS, findDrug } from '../medications';
import { routeLabel } from '../../validation/medications';
import { DOSE_UCUM, EXT, ROUTE_SNOMED, SYSTEM } from './codes';
import { concept, fhirId, patientReference, quantity, type FhirEpochRow } from './export-input';
import type { CodeableConcept, Coding, MedicationStatement } from './types';

export function changeReasonConcept(key: string): CodeableConcept {
  const label = CHANGE_REASONS.find((r) => r.key === key)?.label ?? key;
  return concept([{ system: SYSTEM.changeReason, code: key, display: label }], label);
}

function routeConcept(route: string): CodeableConcept {
  const codings: Coding[] = [{ system: SYSTEM.route, code: route, display: routeLabel(route) }];
  const snomed = ROUTE_SNOMED[route];
  if (snomed) codings.push({ system: SYSTEM.snomed, code: snomed });
  return concept(codings, routeLabel(route));
}

/** The drug: the catalog key when it is a catalog drug (docs/domain.md section 6), its name as text. */
function medicationConcept(drug: string): CodeableConcept {
  const info = findDrug(drug);
  const codings: Coding[] = info && info.key !== 'other' ? [{ system: SYSTEM.drug, code: info.key, display: info.label }] : [];
  return concept(codings, drug);
}

export function medicationStatement(e: FhirEpochRow, patientId: number): MedicationStatement {
  const ucum = DOSE_UCUM[e.doseUnit] ?? null;
  return {
    resourceType: 'MedicationStatement',
    id: fhirId.medication(e.id),
    extension: [
      { url: EXT.startReason, valueCode: e.reason },
      // Stored per epoch because it decides the taper-discussion signal (docs/domain.md section 7).
      { url: EXT.immunosuppressant, valueBoolean: e.immunosuppressant },
    ],
    status: e.endOn === null ? 'active' : 'completed',
    ...(e.endOn !== null && e.endReason ? { statusReason: [changeReasonConcept(e.endReason)] } : {}),
    medicationCodeableConcept: medicationConcept(e.drug),
    subject: patientReference(patientId),
    effectivePeriod: { start: e.startOn, ...(e.endOn !== null ? { end: e.endOn } : {}) },
    dosage: [{
      text: `${e.dose} ${e.doseUnit} ${routeLabel(e.route).toLowerCase()}, ${e.frequency}`,
      timing: { code: { text: e.frequency } },
      route: routeConcept(e.route),
      doseAndRate: [{ doseQuantity: quantity(e.dose, e.doseUnit, ucum) }],
    }],
  };
}
