/**
 * The FHIR R4 (4.0.1, https://hl7.org/fhir/R4/) types Titerline exports and imports:
 * Patient, Observation, MedicationStatement in a Bundle, and OperationOutcome. They
 * are Medplum's R4 types (@medplum/fhirtypes, type declarations only: nothing of it
 * runs), generated from the R4 StructureDefinitions, the same ones the tests validate
 * exports against (tests/setup/fhir-validator.ts). Imported input stays `unknown`
 * until lib/domain/fhir/import-structure.ts has checked its shape and import-* its
 * meaning (decision 31). Only the aliases below are ours.
 */
import type { MedicationStatement, Observation, Patient, Quantity } from '@medplum/fhirtypes';

export type {
  Annotation, Bundle, BundleEntry, BundleLink, CodeableConcept, Coding, Dosage, Extension, Identifier, Meta, MedicationStatement, Observation,
  ObservationComponent, ObservationReferenceRange, OperationOutcome, OperationOutcomeIssue, Patient, Period, Quantity, Reference, TimingRepeat,
} from '@medplum/fhirtypes';

/** The resources Titerline serves and exports. */
export type ExportResource = Patient | Observation | MedicationStatement;

export type QuantityComparator = NonNullable<Quantity['comparator']>;
export type ObservationStatus = Observation['status'];
export type MedicationStatementStatus = MedicationStatement['status'];
