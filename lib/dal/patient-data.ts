import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { antibodyResults, assays, enzymeResults, medicationEpochs, visits } from '@/db/schema';
import type { AntibodyResultRow, Assay, EnzymeResultRow, MedicationEpochRow, VisitRow } from '@/db/schema';
import type { AntibodyResult, EnzymeResult, MedicationEpoch, Visit } from '../domain/types';
import type { Tx } from './tx';

type Reader = Pick<Tx, 'select'>;

export function assayLabel(a: Pick<Assay, 'name' | 'lab'>): string {
  return a.lab ? `${a.name}, ${a.lab}` : a.name;
}

export function toAntibodyResult(r: AntibodyResultRow, a: Pick<Assay, 'name' | 'lab'>): AntibodyResult {
  return {
    id: r.id, analyte: r.analyte, assayId: r.assayId, assayLabel: assayLabel(a), unit: r.unit, collectedOn: r.collectedOn,
    value: r.value, comparator: r.comparator ?? null, qualitative: r.qualitative ?? null,
    cutoff: r.cutoff, positiveFrom: r.positiveFrom, strongAbove: r.strongAbove, accession: r.accession, enteredInError: r.enteredInError,
  };
}

export function toEnzymeResult(r: EnzymeResultRow): EnzymeResult {
  return {
    id: r.id, analyte: r.analyte, collectedOn: r.collectedOn, value: r.value, unit: r.unit, valueUL: r.valueUL,
    lowerLimitUL: r.lowerLimitUL, upperLimitUL: r.upperLimitUL, accession: r.accession, enteredInError: r.enteredInError,
  };
}

export function toVisit(r: VisitRow): Visit {
  return {
    id: r.id, visitOn: r.visitOn, mmtVersion: r.mmtVersion ?? null, mmtGrades: JSON.parse(r.mmtGradesJson) as Record<string, number | null>,
    physicianGlobal: r.physicianGlobal, patientGlobal: r.patientGlobal, haq: r.haq, extramuscular: r.extramuscular, enteredInError: r.enteredInError,
  };
}

export function toMedicationEpoch(r: MedicationEpochRow): MedicationEpoch {
  return {
    id: r.id, drug: r.drug, drugClass: r.drugClass, immunosuppressant: r.immunosuppressant, dose: r.dose, doseUnit: r.doseUnit,
    route: r.route, frequency: r.frequency, startOn: r.startOn, endOn: r.endOn, reason: r.reason, enteredInError: r.enteredInError,
  };
}

export interface PatientClinicalData {
  antibodyResults: AntibodyResult[];
  enzymeResults: EnzymeResult[];
  visits: Visit[];
  medications: MedicationEpoch[];
}

/**
 * Every clinical row of one patient (entered-in-error rows included and flagged:
 * the domain functions skip them; history views show them). Four indexed queries.
 */
export function loadPatientClinicalData(db: Reader, patientId: number): PatientClinicalData {
  const abs = db.select({ r: antibodyResults, a: { name: assays.name, lab: assays.lab } }).from(antibodyResults)
    .innerJoin(assays, eq(assays.id, antibodyResults.assayId))
    .where(eq(antibodyResults.patientId, patientId)).orderBy(asc(antibodyResults.collectedOn), asc(antibodyResults.id)).all();
  return {
    antibodyResults: abs.map(({ r, a }) => toAntibodyResult(r, a)),
    enzymeResults: db.select().from(enzymeResults).where(eq(enzymeResults.patientId, patientId))
      .orderBy(asc(enzymeResults.collectedOn), asc(enzymeResults.id)).all().map(toEnzymeResult),
    visits: db.select().from(visits).where(eq(visits.patientId, patientId)).orderBy(asc(visits.visitOn), asc(visits.id)).all().map(toVisit),
    medications: db.select().from(medicationEpochs).where(and(eq(medicationEpochs.patientId, patientId)))
      .orderBy(asc(medicationEpochs.startOn), asc(medicationEpochs.id)).all().map(toMedicationEpoch),
  };
}
