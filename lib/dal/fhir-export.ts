import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { patients } from '@/db/schema';
import { patientResources } from '../domain/fhir/export-patient';
import { everythingResources } from '../domain/fhir/everything';
import type { EverythingSearch, Paging } from '../domain/fhir/search-queries';
import type { ExportResource } from '../domain/fhir/types';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { loadPatient } from './clinical-guards';
import { loadFhirPatientData } from './fhir-data';
import { recordRead } from './read-audit';
import { getDb } from '@/db/client';

export { fhirBaseUrl } from './fhir-data';

/** Resource ids by type ("Observation": ["ab-1", ...]): what an audit event names as read. */
export function namedResources(resources: readonly ExportResource[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of resources) (out[r.resourceType] ??= []).push(r.id ?? '');
  return out;
}

export interface EverythingResult {
  resources: ExportResource[];
  total: number;
  mrn: string;
}

/**
/**
 * Patient/{id}/$everything: one patient's record (roles that may export identified
 * data), narrowed by `_since` (retractions since then included) and `_type`, one page
 * of it when `paging` is given. An unknown or entered-in-error patient is not found.
 * Read in one transaction (a consistent snapshot), audited as `export.fhir` through the
 * read journal (read-audit.ts), naming every resource sent: one event per request, and
 * an export never waits for the write lock.
 */
export function exportPatientFhir(actor: Actor, patientId: number, query: EverythingSearch = { since: null, types: null }, paging: Paging | null = null): EverythingResult {
  if (!can(actor, 'data:export-identified')) throw forbidden({ actor, permission: 'data:export-identified' });
  const { all, mrn } = getDb().transaction((tx) => {
    const p = loadPatient(tx, patientId);
    return { all: everythingResources(loadFhirPatientData(tx, p), query), mrn: p.mrn };
  });
  const resources = paging ? all.slice(paging.offset, paging.offset + paging.count) : all;
  recordRead(actor, {
    action: 'export.fhir', entity: 'patient', entityId: patientId, patientId,
    after: { format: 'fhir-searchset', since: query.since, types: query.types, total: all.length, ...(paging ? { paging } : {}), resources: namedResources(resources) },
  }, { durable: true });
  return { resources, total: all.length, mrn };
}

/**
 * Bulk export of every live patient (the CLI's `--format fhir-ndjson`): calls `sink`
 * with each resource, Patient first for each patient. Reads in one transaction so
 * the files are a consistent snapshot, then audits `export.fhir` with the counts.
 */
export function exportAllPatientsFhir(actor: Actor, sink: (resource: ExportResource) => void): Record<string, number> {
  if (!can(actor, 'data:export-identified')) throw forbidden({ actor, permission: 'data:export-identified' });
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
