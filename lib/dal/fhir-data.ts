import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { antibodyResults, assays, enzymeResults, medicationEpochs, patients, visits, type Patient } from '@/db/schema';
import type { FhirPatientData, FhirPatientFacts } from '../domain/fhir/export-input';
import { toAntibodyResult, toEnzymeResult, toMedicationEpoch, toVisit } from './patient-data';
import type { Tx } from './tx';

type Reader = Pick<Tx, 'select'>;

/**
 * The FHIR base URL resources are published under: TITERLINE_BASE_URL or NEXTAUTH_URL
 * (the public address behind a reverse proxy), else the request's own origin.
 */
export function fhirBaseUrl(requestUrl?: string): string {
  const configured = process.env.TITERLINE_BASE_URL ?? process.env.NEXTAUTH_URL;
  const origin = configured ?? (requestUrl ? new URL(requestUrl).origin : 'http://localhost:3000');
  return `${origin.replace(/\/+$/, '')}/api/fhir`;
}

/** The patient's own facts, as the Patient resource needs them. */
export function patientFacts(p: Patient): FhirPatientFacts {
  return {
    id: p.id, mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, sex: p.sex,
    diagnosisGroup: p.diagnosisGroup, onsetDate: p.onsetDate, diagnosisDate: p.diagnosisDate, notes: p.notes, updatedAt: p.updatedAt,
  };
}

/**
 * Which rows to load: all of them, none (the Patient alone), or the one row a read
 * names (a TIS needs every visit and enzyme result).
 */
export type RowScope = { kind: 'all' | 'patient' | 'tis' } | { kind: 'antibody' | 'enzyme' | 'visit' | 'medication'; rowId: number };

/**
 * Rows of one patient the FHIR resources are built from (entered-in-error rows
 * included and flagged: the builders skip them, retractions use them), with the facts
 * the domain types leave out and when each row last changed. A read loads only what
 * its resource is built from, so reading one result of a long record stays cheap.
 */
export function loadFhirPatientData(db: Reader, p: Patient, scope: RowScope = { kind: 'all' }): FhirPatientData {
  const wants = (kind: RowScope['kind']) => scope.kind === 'all' || scope.kind === kind;
  const one = (kind: RowScope['kind'], id: AnySQLiteColumn) => ('rowId' in scope && scope.kind === kind ? eq(id, scope.rowId) : undefined);
  const abs = wants('antibody')
    ? db.select({ r: antibodyResults, a: assays }).from(antibodyResults).innerJoin(assays, eq(assays.id, antibodyResults.assayId))
      .where(and(eq(antibodyResults.patientId, p.id), one('antibody', antibodyResults.id))).orderBy(asc(antibodyResults.collectedOn), asc(antibodyResults.id)).all()
    : [];
  const enzymeRows = wants('enzyme') || scope.kind === 'tis'
    ? db.select().from(enzymeResults).where(and(eq(enzymeResults.patientId, p.id), one('enzyme', enzymeResults.id))).orderBy(asc(enzymeResults.collectedOn), asc(enzymeResults.id)).all()
    : [];
  const visitRows = wants('visit') || scope.kind === 'tis'
    ? db.select().from(visits).where(and(eq(visits.patientId, p.id), one('visit', visits.id))).orderBy(asc(visits.visitOn), asc(visits.id)).all()
    : [];
  const medRows = wants('medication')
    ? db.select().from(medicationEpochs).where(and(eq(medicationEpochs.patientId, p.id), one('medication', medicationEpochs.id))).orderBy(asc(medicationEpochs.startOn), asc(medicationEpochs.id)).all()
    : [];
  return {
    patient: patientFacts(p),
    antibodyResults: abs.map(({ r, a }) => ({ ...toAntibodyResult(r, a), assay: { name: a.name, lab: a.lab, kit: a.kit, method: a.method, loinc: a.loinc }, updatedAt: r.updatedAt })),
    enzymeResults: enzymeRows.map((r) => ({ ...toEnzymeResult(r), updatedAt: r.updatedAt })),
    visits: visitRows.map((r) => ({ ...toVisit(r), clinicianName: r.clinicianName, findings: JSON.parse(r.findingsJson) as string[], notes: r.notes, updatedAt: r.updatedAt })),
    medications: medRows.map((r) => ({ ...toMedicationEpoch(r), endReason: r.endReason, updatedAt: r.updatedAt })),
  };
}

/** A patient row by id, entered-in-error ones included (a read says "gone" for those, not "not found"). */
export function findPatientRow(db: Reader, patientId: number): Patient | undefined {
  return db.select().from(patients).where(eq(patients.id, patientId)).get();
}

const ROW_TABLES = { antibody: antibodyResults, enzyme: enzymeResults, visit: visits, medication: medicationEpochs } as const;
export type RowKind = keyof typeof ROW_TABLES;

/** The patient a clinical row belongs to, or undefined for an unknown row. */
export function patientIdOfRow(db: Reader, kind: RowKind, rowId: number): number | undefined {
  const t = ROW_TABLES[kind];
  return db.select({ patientId: t.patientId }).from(t).where(eq(t.id, rowId)).get()?.patientId;
}
