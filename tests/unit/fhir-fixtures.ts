/** Plain rows for the FHIR mapping unit tests (one of each kind, overridable). */
import type { FhirAntibodyRow, FhirEnzymeRow, FhirEpochRow, FhirVisitRow } from '@/lib/domain/fhir/export-input';

export const ab = (over: Partial<FhirAntibodyRow> = {}): FhirAntibodyRow => ({
  id: 1, analyte: 'mi2-beta', assayId: 2, assayLabel: 'Mi-2β line blot, Lab A', unit: 'units', collectedOn: '2024-01-10', value: 20, comparator: null,
  qualitative: null, cutoff: 5, positiveFrom: 11, strongAbove: 50, accession: '', enteredInError: false,
  assay: { name: 'Mi-2β line blot', lab: 'Lab A', kit: 'Line immunoassay', method: 'line-blot', loinc: '88733-1' }, ...over,
});
export const enz = (over: Partial<FhirEnzymeRow> = {}): FhirEnzymeRow => ({
  id: 1, analyte: 'ck', collectedOn: '2024-01-10', value: 300, unit: 'U/L', valueUL: 300, lowerLimitUL: 26, upperLimitUL: 192, rangeSource: 'lab', enteredInError: false, ...over,
});
export const FULL = { neck_flexors: 8, deltoid: 9, biceps: 10, wrist_extensors: 10, gluteus_maximus: 9, gluteus_medius: 9, quadriceps: 10, ankle_dorsiflexors: 10 };
export const visit = (over: Partial<FhirVisitRow> = {}): FhirVisitRow => ({
  id: 1, visitOn: '2024-01-10', mmtVersion: 'unilateral', mmtGrades: FULL, physicianGlobal: 4, patientGlobal: 5, haq: 1, extramuscular: 2,
  enteredInError: false, clinicianName: 'Dr. A', findings: ['rash'], notes: '', ...over,
});
export const epoch = (over: Partial<FhirEpochRow> = {}): FhirEpochRow => ({
  id: 1, drug: 'Prednisone', drugClass: 'glucocorticoid', immunosuppressant: true, dose: 20, doseUnit: 'mg', route: 'oral', frequency: 'daily',
  startOn: '2024-01-01', endOn: null, reason: 'started', endReason: null, enteredInError: false, ...over,
});
