import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { antibodyResults, assays, enzymeResults, medicationEpochs, visits } from '@/db/schema';
import type { AntibodyResultRow, Assay, EnzymeResultRow, MedicationEpochRow, VisitRow } from '@/db/schema';
import type { AntibodyResult, EnzymeResult, MedicationEpoch, Visit } from '../domain/types';
import { preparedPerConnection } from './prepared';
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

const byPatient = sql.placeholder('patientId');
/**
 * Prepared once per connection (lib/dal/prepared.ts): this load runs in every write
 * (signal recompute) and every patient page, and building and compiling the four
 * queries' SQL each time cost more than running them (docs/performance.md).
 */
const statements = preparedPerConnection((db) => ({
  antibody: db.select({ r: antibodyResults, a: { name: assays.name, lab: assays.lab } }).from(antibodyResults)
    .innerJoin(assays, eq(assays.id, antibodyResults.assayId))
    .where(eq(antibodyResults.patientId, byPatient)).orderBy(asc(antibodyResults.collectedOn), asc(antibodyResults.id)).prepare(),
  enzyme: db.select().from(enzymeResults).where(eq(enzymeResults.patientId, byPatient)).orderBy(asc(enzymeResults.collectedOn), asc(enzymeResults.id)).prepare(),
  visits: db.select().from(visits).where(eq(visits.patientId, byPatient)).orderBy(asc(visits.visitOn), asc(visits.id)).prepare(),
  medications: db.select().from(medicationEpochs).where(eq(medicationEpochs.patientId, byPatient)).orderBy(asc(medicationEpochs.startOn), asc(medicationEpochs.id)).prepare(),
}));

/**
 * Every clinical row of one patient (entered-in-error rows included and flagged:
 * the domain functions skip them; history views show them). Four indexed queries,
 * prepared on the process's one connection, so they run inside whatever transaction
 * `_db` (the caller's transaction or the connection) has open.
 */
export function loadPatientClinicalData(_db: Reader, patientId: number): PatientClinicalData {
  const s = statements();
  const args = { patientId };
  return {
    antibodyResults: s.antibody.all(args).map(({ r, a }) => toAntibodyResult(r, a)),
    enzymeResults: s.enzyme.all(args).map(toEnzymeResult),
    visits: s.visits.all(args).map(toVisit),
    medications: s.medications.all(args).map(toMedicationEpoch),
  };
}
