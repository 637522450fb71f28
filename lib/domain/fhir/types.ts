/**
 * The small subset of FHIR R4 (4.0.1, https://hl7.org/fhir/R4/) that Titerline
 * exports and imports: Patient, Observation, MedicationStatement in a Bundle.
 * Hand-written rather than a types package so lib/domain stays dependency-free;
 * only the elements we read or write are declared (every one is optional on import:
 * input is `unknown` until lib/domain/fhir/import-* has checked it).
 */

export interface Coding { system?: string; code?: string; display?: string }
export interface CodeableConcept { coding?: Coding[]; text?: string }
export interface Reference { reference?: string; identifier?: Identifier; display?: string }
export interface Identifier { system?: string; value?: string; type?: CodeableConcept }
export interface Period { start?: string; end?: string }
export interface Annotation { text: string }
/** Resource metadata the server manages: when the stored row behind the resource last changed. */
export interface Meta { lastUpdated?: string }

/** R4 Extension with the value types we use. */
export interface Extension {
  url: string;
  valueCode?: string;
  valueDate?: string;
  valueString?: string;
  valueBoolean?: boolean;
}

export type QuantityComparator = '<' | '<=' | '>=' | '>';
export interface Quantity {
  value?: number;
  comparator?: QuantityComparator;
  unit?: string;
  system?: string;
  code?: string;
}

export interface ObservationReferenceRange { low?: Quantity; high?: Quantity; text?: string }

export interface ObservationComponent {
  code: CodeableConcept;
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
  valueBoolean?: boolean;
  valueInteger?: number;
  dataAbsentReason?: CodeableConcept;
}

export type ObservationStatus = 'registered' | 'preliminary' | 'final' | 'amended' | 'corrected' | 'cancelled' | 'entered-in-error' | 'unknown';

export interface Observation {
  resourceType: 'Observation';
  id?: string;
  meta?: Meta;
  identifier?: Identifier[];
  status: ObservationStatus;
  category?: CodeableConcept[];
  code: CodeableConcept;
  subject?: Reference;
  effectiveDateTime?: string;
  performer?: Reference[];
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
  dataAbsentReason?: CodeableConcept;
  interpretation?: CodeableConcept[];
  note?: Annotation[];
  method?: CodeableConcept;
  device?: Reference;
  referenceRange?: ObservationReferenceRange[];
  hasMember?: Reference[];
  derivedFrom?: Reference[];
  component?: ObservationComponent[];
}

export interface Patient {
  resourceType: 'Patient';
  id?: string;
  meta?: Meta;
  extension?: Extension[];
  identifier?: Identifier[];
  name?: { use?: string; family?: string; given?: string[]; text?: string }[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
}

/** R4 Timing.repeat, the elements a regular dosing frequency needs (units of time: UCUM s, min, h, d, wk, mo, a). */
export interface TimingRepeat { frequency?: number; period?: number; periodUnit?: 's' | 'min' | 'h' | 'd' | 'wk' | 'mo' | 'a' }

export interface Dosage {
  text?: string;
  timing?: { code?: CodeableConcept; repeat?: TimingRepeat };
  route?: CodeableConcept;
  doseAndRate?: { doseQuantity?: Quantity }[];
}

export type MedicationStatementStatus = 'active' | 'completed' | 'entered-in-error' | 'intended' | 'stopped' | 'on-hold' | 'unknown' | 'not-taken';

export interface MedicationStatement {
  resourceType: 'MedicationStatement';
  id?: string;
  meta?: Meta;
  extension?: Extension[];
  status: MedicationStatementStatus;
  statusReason?: CodeableConcept[];
  medicationCodeableConcept?: CodeableConcept;
  subject?: Reference;
  effectivePeriod?: Period;
  dosage?: Dosage[];
}

export type ExportResource = Patient | Observation | MedicationStatement;

/** R4 OperationOutcome: how a FHIR server says what went wrong (or what it ignored). */
export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  /** R4 IssueType code (invalid, not-found, forbidden, login, not-supported, too-costly, deleted, exception...). */
  code: string;
  details?: CodeableConcept;
  diagnostics?: string;
  expression?: string[];
}
export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  id?: string;
  issue: OperationOutcomeIssue[];
}

export interface BundleEntry {
  fullUrl?: string;
  resource?: ExportResource | OperationOutcome;
  request?: { method: string; url: string };
  /** Searchset entries: a match of the search, or an outcome (warnings about the search itself). */
  search?: { mode: 'match' | 'include' | 'outcome' };
}

export interface BundleLink { relation: 'self' | 'first' | 'previous' | 'next' | 'last'; url: string }

export interface Bundle {
  resourceType: 'Bundle';
  id?: string;
  meta?: Meta;
  type: 'collection' | 'batch' | 'transaction' | 'searchset';
  timestamp?: string;
  total?: number;
  link?: BundleLink[];
  entry?: BundleEntry[];
}
