import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { antibodyResults, assays, enzymeResults, medicationEpochs, patients, visits, type Patient } from '@/db/schema';
import { patientBundle, patientResources } from '../domain/fhir/export-patient';
import type { FhirPatientData } from '../domain/fhir/export-input';
import type { Bundle, ExportResource } from '../domain/fhir/types';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { loadPatient } from './clinical-guards';
import { toAntibodyResult, toEnzymeResult, toMedicationEpoch, toVisit } from './patient-data';
import { recordRead } from './read-audit';
import type { Tx } from './tx';
import { getDb } from '@/db/client';

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

/** Every row of one patient the export needs, with the facts the domain types leave out. */
export function loadFhirPatientData(db: Reader, p: Patient): FhirPatientData {
  const abs = db.select({ r: antibodyResults, a: assays }).from(antibodyResults).innerJoin(assays, eq(assays.id, antibodyResults.assayId))
    .where(eq(antibodyResults.patientId, p.id)).orderBy(asc(antibodyResults.collectedOn), asc(antibodyResults.id)).all();
  const visitRows = db.select().from(visits).where(eq(visits.patientId, p.id)).orderBy(asc(visits.visitOn), asc(visits.id)).all();
  const medRows = db.select().from(medicationEpochs).where(eq(medicationEpochs.patientId, p.id))
    .orderBy(asc(medicationEpochs.startOn), asc(medicationEpochs.id)).all();
  return {
    patient: {
      id: p.id, mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, sex: p.sex,
      diagnosisGroup: p.diagnosisGroup, onsetDate: p.onsetDate, diagnosisDate: p.diagnosisDate, notes: p.notes,
    },
    antibodyResults: abs.map(({ r, a }) => ({ ...toAntibodyResult(r, a), assay: { name: a.name, lab: a.lab, kit: a.kit, method: a.method, loinc: a.loinc } })),
    enzymeResults: db.select().from(enzymeResults).where(eq(enzymeResults.patientId, p.id))
      .orderBy(asc(enzymeResults.collectedOn), asc(enzymeResults.id)).all().map(toEnzymeResult),
    visits: visitRows.map((r) => ({ ...toVisit(r), clinicianName: r.clinicianName, findings: JSON.parse(r.findingsJson) as string[], notes: r.notes })),
    medications: medRows.map((r) => ({ ...toMedicationEpoch(r), endReason: r.endReason })),
  };
}

const countByType = (resources: readonly ExportResource[]) =>
  resources.reduce<Record<string, number>>((n, r) => ({ ...n, [r.resourceType]: (n[r.resourceType] ?? 0) + 1 }), {});

/**
 * Patient/{id}/$everything: one patient's record as a FHIR R4 collection Bundle
 * (admins, physicians, reviewers: 'data:export'). An unknown or entered-in-error
 * patient is not found. Read in one transaction (a consistent snapshot), audited as
 * `export.fhir` through the read journal (read-audit.ts): an export never waits for
 * the write lock.
 */
export function exportPatientFhir(actor: Actor, patientId: number, opts: { baseUrl: string }): { bundle: Bundle; mrn: string } {
  if (!can(actor, 'data:export')) throw forbidden();
  const { bundle, mrn } = getDb().transaction((tx) => {
    const p = loadPatient(tx, patientId);
    return { bundle: patientBundle(loadFhirPatientData(tx, p), opts.baseUrl, new Date().toISOString()), mrn: p.mrn };
  });
  const counts = countByType((bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
  recordRead(actor, { action: 'export.fhir', entity: 'patient', entityId: patientId, patientId, after: { format: 'fhir-bundle', resources: counts } }, { durable: true });
  return { bundle, mrn };
}

/**
 * Bulk export of every live patient (the CLI's `--format fhir-ndjson`): calls `sink`
 * with each resource, Patient first for each patient. Reads in one transaction so
 * the files are a consistent snapshot, then audits `export.fhir` with the counts.
 */
export function exportAllPatientsFhir(actor: Actor, sink: (resource: ExportResource) => void): Record<string, number> {
  if (!can(actor, 'data:export')) throw forbidden();
  const counts: Record<string, number> = { Patient: 0, Observation: 0, MedicationStatement: 0 };
  getDb().transaction((tx) => {
    const all = tx.select().from(patients).where(eq(patients.enteredInError, false)).orderBy(asc(patients.id)).all();
    for (const p of all) {
      for (const r of patientResources(loadFhirPatientData(tx, p))) {
        counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
        sink(r);
      }
    }
  });
  recordRead(actor, { action: 'export.fhir', entity: 'patients', after: { format: 'fhir-ndjson', resources: counts } }, { durable: true });
  return counts;
}
