/**
 * Dose epochs as FHIR R4 MedicationStatements: one per epoch (docs/clinical/README.md
 * section 6: "FHIR: one MedicationStatement per epoch"), the epoch's dates as
 * effectivePeriod (end = last day taken, inclusive, as in lib/domain/medications.ts),
 * the dose as dosage.doseAndRate, why it ended as statusReason. A catalog drug
 * carries its verified RxNorm and ATC codes besides the local code (./terminology.ts);
 * the frequency goes out as Timing.repeat when its words say a regular rhythm
 * (./timing.ts), always with the text as typed.
 */
import { CHANGE_REASONS, findDrug } from '../medications';
import { routeLabel } from '../medication-options';
import { DOSE_UCUM, EXT, ROUTE_SNOMED, SYSTEM } from './codes';
import { DRUG_CODES } from './terminology';
import { timingRepeat } from './timing';
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

/**
 * The drug: the catalog key when it is a catalog drug (docs/clinical/treatment.md),
 * with its verified RxNorm ingredient and ATC codes; its name as text.
 */
function medicationConcept(drug: string): CodeableConcept {
  const info = findDrug(drug);
  if (!info || info.key === 'other') return concept([], drug);
  const external = DRUG_CODES[info.key];
  const codings: Coding[] = [
    { system: SYSTEM.drug, code: info.key, display: info.label },
    ...(external?.rxnorm ? [{ system: SYSTEM.rxnorm, ...external.rxnorm }] : []),
    ...(external?.atc ? [{ system: SYSTEM.atc, ...external.atc }] : []),
  ];
  return concept(codings, drug);
}

function repeatOf(frequency: string) {
  const repeat = timingRepeat(frequency);
  return repeat ? { repeat } : {};
}

export function medicationStatement(e: FhirEpochRow, patientId: number): MedicationStatement {
  const ucum = DOSE_UCUM[e.doseUnit] ?? null;
  return {
    resourceType: 'MedicationStatement',
    id: fhirId.medication(e.id),
    extension: [
      { url: EXT.startReason, valueCode: e.reason },
      // Stored per epoch because it decides the taper-discussion signal (docs/clinical/signals.md).
      { url: EXT.immunosuppressant, valueBoolean: e.immunosuppressant },
    ],
    status: e.endOn === null ? 'active' : 'completed',
    ...(e.endOn !== null && e.endReason ? { statusReason: [changeReasonConcept(e.endReason)] } : {}),
    medicationCodeableConcept: medicationConcept(e.drug),
    subject: patientReference(patientId),
    effectivePeriod: { start: e.startOn, ...(e.endOn !== null ? { end: e.endOn } : {}) },
    dosage: [{
      text: `${e.dose} ${e.doseUnit} ${routeLabel(e.route).toLowerCase()}, ${e.frequency}`,
      timing: { code: { text: e.frequency }, ...repeatOf(e.frequency) },
      route: routeConcept(e.route),
      doseAndRate: [{ doseQuantity: quantity(e.dose, e.doseUnit, ucum) }],
    }],
  };
}
