/**
 * What the FHIR export needs about one patient: the domain shapes of
 * lib/domain/types.ts plus the few stored facts they leave out (assay identity,
 * who examined, findings, notes, why a dose ended). Plain data, filled by
 * lib/dal/fhir-export.ts; the builders here are pure.
 */
import type { RangeSource } from '../reference-range';
import type { AntibodyResult, AssayMethod, EnzymeResult, MedicationEpoch, Sex, Visit } from '../types';
import type { CodeableConcept, Coding, Observation, Patient, Quantity, QuantityComparator, Reference } from './types';
import { SYSTEM } from './codes';

/** When the stored row last changed (ISO instant): the resource's meta.lastUpdated. */
interface Stamped { updatedAt?: string }

export interface FhirPatientFacts extends Stamped {
  id: number;
  mrn: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex: Sex;
  diagnosisGroup: string;
  onsetDate: string | null;
  diagnosisDate: string | null;
  notes: string;
}

export interface FhirAssayFacts {
  name: string;
  lab: string;
  kit: string;
  method: AssayMethod;
  loinc: string | null;
}

export interface FhirAntibodyRow extends AntibodyResult, Stamped { assay: FhirAssayFacts }
/** An enzyme result always says where its range came from: a range the lab did not give is never sent as the lab's. */
export type FhirEnzymeRow = EnzymeResult & Stamped & { rangeSource: RangeSource };
export interface FhirVisitRow extends Visit, Stamped { clinicianName: string; findings: string[]; notes: string }
export interface FhirEpochRow extends MedicationEpoch, Stamped { endReason: string | null }

export interface FhirPatientData {
  patient: FhirPatientFacts;
  antibodyResults: FhirAntibodyRow[];
  enzymeResults: FhirEnzymeRow[];
  visits: FhirVisitRow[];
  medications: FhirEpochRow[];
}

/** Resource ids: the database id, prefixed per kind so Observation ids never collide. */
export const fhirId = {
  patient: (id: number) => String(id),
  antibody: (id: number) => `ab-${id}`,
  enzyme: (id: number) => `enz-${id}`,
  visit: (id: number) => `visit-${id}`,
  visitMeasure: (id: number, code: string) => `visit-${id}-${code}`,
  tis: (visitId: number) => `tis-${visitId}`,
  medication: (id: number) => `med-${id}`,
};

export const patientReference = (patientId: number): Reference<Patient> => ({ reference: `Patient/${fhirId.patient(patientId)}` });
export const observationReference = (id: string): Reference<Observation> => ({ reference: `Observation/${id}` });

/** Drops floating-point noise (66.00000000000001 -> 66) without changing real digits. */
export function clean(n: number): number {
  return Number(n.toPrecision(12));
}

/**
 * A Quantity with only the elements that have a value (FHIR forbids empty and null
 * elements, ele-1). `ucum` null = the unit is not UCUM: text only, no system/code.
 */
export function quantity(value: number, unit: string, ucum: string | null, comparator?: QuantityComparator | null): Quantity {
  return {
    value: clean(value),
    ...(comparator ? { comparator } : {}),
    ...(unit.trim() ? { unit } : {}),
    ...(ucum ? { system: SYSTEM.ucum, code: ucum } : {}),
  };
}

export function concept(codings: Coding[], text?: string): CodeableConcept {
  return { ...(codings.length ? { coding: codings } : {}), ...(text ? { text } : {}) };
}

export const categoryConcept = (code: 'laboratory' | 'exam' | 'survey', display: string): CodeableConcept[] => [
  { coding: [{ system: SYSTEM.category, code, display }] },
];

/** The resource with meta.lastUpdated when the row's change time is known. */
export function stamped<R extends { meta?: { lastUpdated?: string } }>(resource: R, updatedAt: string | undefined): R {
  return updatedAt ? { ...resource, meta: { lastUpdated: updatedAt } } : resource;
}

/** The latest of some change times (ISO instants compare as text), or undefined when none is known. */
export function latest(times: readonly (string | undefined)[]): string | undefined {
  let out: string | undefined;
  for (const t of times) if (t && (!out || t > out)) out = t;
  return out;
}

/** Live rows only: entered-in-error rows are not exported (docs/decisions/0008-fhir-interoperability.md). */
export function liveOnly<T extends { enteredInError: boolean }>(rows: readonly T[]): T[] {
  return rows.filter((r) => !r.enteredInError);
}
