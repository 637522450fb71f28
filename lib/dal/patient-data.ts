import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { medicationEpochs, visits } from '@/db/schema';
import type { AntibodyResultRow, Assay, EnzymeResultRow, MedicationEpochRow, VisitRow } from '@/db/schema';
import type { RangeSource } from '../domain/reference-range';
import type { AntibodyResult, EnzymeResult, MedicationEpoch, Visit } from '../domain/types';
import { preparedPerConnection } from './prepared';

export function assayLabel(a: Pick<Assay, 'name' | 'lab'>): string {
  return a.lab ? `${a.name}, ${a.lab}` : a.name;
}

/** `label` may be given when the caller has it (an import labels each assay once, not once per row). */
export function toAntibodyResult(r: AntibodyResultRow, a: Pick<Assay, 'name' | 'lab'>, label = assayLabel(a)): AntibodyResult {
  return {
    id: r.id, analyte: r.analyte, assayId: r.assayId, assayLabel: label, unit: r.unit, collectedOn: r.collectedOn,
    value: r.value, comparator: r.comparator ?? null, qualitative: r.qualitative ?? null,
    cutoff: r.cutoff, positiveFrom: r.positiveFrom, strongAbove: r.strongAbove, accession: r.accession, enteredInError: r.enteredInError,
    cutoffDilutionPositive: r.cutoffDilutionPositive,
  };
}

export function toEnzymeResult(r: EnzymeResultRow): EnzymeResult & { rangeSource: RangeSource } {
  return {
    id: r.id, analyte: r.analyte, collectedOn: r.collectedOn, value: r.value, unit: r.unit, valueUL: r.valueUL,
    lowerLimitUL: r.lowerLimitUL, upperLimitUL: r.upperLimitUL, rangeSource: r.rangeSource, accession: r.accession, enteredInError: r.enteredInError,
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
 * (signal recompute), every imported patient and every timeline build. The result
 * tables (most of a long record's rows) are read with plain SQL naming the columns
 * the domain needs, mapped straight to domain objects: drizzle's row mapping cost
 * more than SQLite's reads (docs/performance.md). tests/integration/patient-data.test.ts
 * checks them against drizzle's reads of the same rows.
 */
const statements = preparedPerConnection((db) => ({
  antibody: db.$client.prepare(`SELECT r.id, r.analyte, r.assay_id AS assayId, a.name AS assayName, a.lab AS assayLab, r.unit, r.collected_on AS collectedOn, r.value,
      r.comparator, r.qualitative, r.cutoff, r.positive_from AS positiveFrom, r.strong_above AS strongAbove, r.accession, r.entered_in_error AS enteredInError,
      r.cutoff_dilution_positive AS cutoffDilutionPositive
    FROM antibody_results r JOIN assays a ON a.id = r.assay_id WHERE r.patient_id = ? ORDER BY r.collected_on, r.id`).raw(true),
  enzyme: db.$client.prepare(`SELECT id, analyte, collected_on AS collectedOn, value, unit, value_ul AS valueUL, lower_limit_ul AS lowerLimitUL, upper_limit_ul AS upperLimitUL,
      accession, entered_in_error AS enteredInError, range_source AS rangeSource
    FROM enzyme_results WHERE patient_id = ? ORDER BY collected_on, id`).raw(true),
  visits: db.select().from(visits).where(eq(visits.patientId, byPatient)).orderBy(asc(visits.visitOn), asc(visits.id)).prepare(),
  medications: db.select().from(medicationEpochs).where(eq(medicationEpochs.patientId, byPatient)).orderBy(asc(medicationEpochs.startOn), asc(medicationEpochs.id)).prepare(),
}));

// Rows come as arrays in the SELECT's column order (`raw`): objects built by the
// driver were slower to read than to build again (docs/performance.md).
type A = AntibodyResult;
type RawAntibody = [id: number, analyte: A['analyte'], assayId: number, assayName: string, assayLab: string, unit: string, collectedOn: string, value: number | null,
  comparator: A['comparator'], qualitative: A['qualitative'], cutoff: number, positiveFrom: number, strongAbove: number, accession: string, enteredInError: number, cutoffDilutionPositive: number];
type E = EnzymeResult;
type RawEnzyme = [id: number, analyte: E['analyte'], collectedOn: string, value: number, unit: E['unit'], valueUL: number, lowerLimitUL: number | null, upperLimitUL: number,
  accession: string, enteredInError: number, rangeSource: RangeSource];

/**
 * Assay labels by id, each built once: a record or an import names a handful of
 * assays over thousands of rows.
 */
export function assayLabeller(): (id: number, name: string, lab: string) => string {
  const labels = new Map<number, string>();
  return (id, name, lab) => {
    let label = labels.get(id);
    if (label === undefined) labels.set(id, (label = assayLabel({ name, lab })));
    return label;
  };
}

/**
 * Every clinical row of one patient (entered-in-error rows included and flagged:
 * the domain functions skip them; history views show them). Four indexed queries,
 * prepared on the process's one connection, so they run inside whatever transaction
 * that connection has open (the caller's, when it is in one).
 */
export function loadPatientClinicalData(patientId: number): PatientClinicalData {
  const s = statements();
  const args = { patientId };
  const labelOf = assayLabeller();
  return {
    antibodyResults: (s.antibody.all(patientId) as RawAntibody[]).map((r) => ({
      id: r[0], analyte: r[1], assayId: r[2], assayLabel: labelOf(r[2], r[3], r[4]), unit: r[5], collectedOn: r[6], value: r[7], comparator: r[8], qualitative: r[9],
      cutoff: r[10], positiveFrom: r[11], strongAbove: r[12], accession: r[13], enteredInError: r[14] === 1, cutoffDilutionPositive: r[15] === 1,
    })),
    enzymeResults: (s.enzyme.all(patientId) as RawEnzyme[]).map((r) => ({
      id: r[0], analyte: r[1], collectedOn: r[2], value: r[3], unit: r[4], valueUL: r[5], lowerLimitUL: r[6], upperLimitUL: r[7], accession: r[8], enteredInError: r[9] === 1, rangeSource: r[10],
    })),
    visits: s.visits.all(args).map(toVisit),
    medications: s.medications.all(args).map(toMedicationEpoch),
  };
}
