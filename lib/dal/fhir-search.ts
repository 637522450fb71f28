import 'server-only';
import { getDb } from '@/db/client';
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { patients } from '@/db/schema';
import { SYSTEM } from '../domain/fhir/codes';
import { stamped } from '../domain/fhir/export-input';
import { patientResource, patientResources } from '../domain/fhir/export-patient';
import type { MedicationSearch, ObservationSearch, Paging, PatientSearch } from '../domain/fhir/search-queries';
import { matchMedications, matchObservations, pageOf } from '../domain/fhir/searchset';
import type { ExportResource, MedicationStatement, Observation } from '../domain/fhir/types';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { recordRead } from './read-audit';
import { findPatientRow, loadFhirPatientData, patientFacts } from './fhir-data';
import { namedResources } from './fhir-export';
import type { Tx } from './tx';

export interface SearchResult { resources: ExportResource[]; total: number }

/** What a search asked for, in the audit event: the parameters applied, as given. */
type AskedFor = readonly [string, string][];

/** One `fhir.search` event per request, through the read journal like a record view (read-audit.ts): a search never waits for the write lock. */
function audit(actor: Actor, type: string, asked: AskedFor, result: SearchResult, patientId: number | null): void {
  recordRead(actor, {
    action: 'fhir.search', entity: type, patientId,
    after: { query: Object.fromEntries(asked), total: result.total, resources: namedResources(result.resources) },
  });
}

/**
 * The WHERE of a Patient search: `identifier` is the MRN (Titerline's system, or no
 * system given; matched without regard to case, as MRNs are unique that way).
 * Null when the search cannot match anything.
 */
function patientWhere(q: PatientSearch): SQL | null {
  const conds: SQL[] = [eq(patients.enteredInError, false)];
  if (q.ids) {
    const ids = q.ids.filter((i) => /^[1-9]\d{0,15}$/.test(i)).map(Number);
    if (!ids.length) return null;
    conds.push(inArray(patients.id, ids));
  }
  if (q.identifiers) {
    const ours = q.identifiers.filter((t) => t.system === undefined || t.system === SYSTEM.mrn);
    if (!ours.length) return null;
    if (!ours.some((t) => t.code === undefined)) {
      const byMrn = or(...ours.map((t) => sql`${patients.mrn} = ${t.code ?? ''} collate nocase`));
      if (byMrn) conds.push(byMrn);
    }
  }
  return and(...conds) ?? null;
}

/** GET [base]/Patient?identifier=&_id= (no parameter: every live patient), one page, by id. */
export function searchPatientsFhir(actor: Actor, q: PatientSearch, paging: Paging, asked: AskedFor): SearchResult {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const { result, rows } = getDb().transaction((tx) => {
    const where = patientWhere(q);
    const total = where ? tx.select({ n: sql<number>`count(*)` }).from(patients).where(where).get()?.n ?? 0 : 0;
    const rows = where && paging.count > 0 ? tx.select().from(patients).where(where).orderBy(asc(patients.id)).limit(paging.count).offset(paging.offset).all() : [];
    return { result: { resources: rows.map((p) => stamped(patientResource(patientFacts(p)), p.updatedAt)), total }, rows };
  });
  audit(actor, 'Patient', asked, result, rows.length === 1 ? rows[0]?.id ?? null : null);
  return result;
}

/** The live resources of one patient (none for an unknown or entered-in-error patient), and whose they are. */
function resourcesOf(tx: Tx, patientId: number | null): { resources: ExportResource[]; patientId: number | null } {
  const p = patientId === null ? undefined : findPatientRow(tx, patientId);
  return p && !p.enteredInError ? { resources: patientResources(loadFhirPatientData(tx, p)), patientId: p.id } : { resources: [], patientId: null };
}

function searchOnePatient<R extends ExportResource>(actor: Actor, type: R['resourceType'], patientId: number | null, match: (all: R[]) => R[], paging: Paging, asked: AskedFor): SearchResult {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const { result, found } = getDb().transaction((tx) => {
    const found = resourcesOf(tx, patientId);
    const hits = match(found.resources.filter((r): r is R => r.resourceType === type));
    return { result: { resources: pageOf(hits, paging), total: hits.length }, found };
  });
  audit(actor, type, asked, result, found.patientId);
  return result;
}

/** GET [base]/Observation?patient=&code=&date=&category=&_sort=, one page. */
export function searchObservationsFhir(actor: Actor, q: ObservationSearch, paging: Paging, asked: AskedFor): SearchResult {
  return searchOnePatient<Observation>(actor, 'Observation', q.patient, (all) => matchObservations(all, q), paging, asked);
}

/** GET [base]/MedicationStatement?patient=&status=, one page. */
export function searchMedicationStatementsFhir(actor: Actor, q: MedicationSearch, paging: Paging, asked: AskedFor): SearchResult {
  return searchOnePatient<MedicationStatement>(actor, 'MedicationStatement', q.patient, (all) => matchMedications(all, q), paging, asked);
}
