import 'server-only';
import { and, asc, desc, eq, like, ne, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { patients, users, type Patient } from '@/db/schema';
import { ageOn } from '../domain/dates';
import { can } from '../permissions';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { patientQuerySchema, patientSchema, type PatientInput } from '../validation/patients';
import { reasonSchema } from '../validation/common';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { keepHistory, loadPatient, today } from './clinical-guards';
import { preparedPerConnection } from './prepared';
import { recomputePatientSignals } from './signal-store';
import { recordRead } from './read-audit';
import { writeTx, type Tx } from './tx';

export const PATIENT_PAGE_SIZE = 25;

export interface PatientSummary {
  id: number;
  mrn: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  age: number | null;
  sex: Patient['sex'];
  diagnosisGroup: Patient['diagnosisGroup'];
  physicianName: string | null;
}

/** Lower case without accents, so "marquez" finds Márquez. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
const searchTextOf = (p: Pick<PatientInput, 'familyName' | 'givenName' | 'mrn'>) => fold(`${p.familyName} ${p.givenName} ${p.mrn}`);

/** Cross-field rules the schema alone cannot check (dates against today and birth). */
function checkPatientDates(p: PatientInput): void {
  const t = today();
  const errors: Record<string, string[]> = {};
  if (p.birthDate > t) errors.birthDate = [`Birth date cannot be after today (${t}).`];
  if (p.birthDate < '1900-01-01') errors.birthDate = ['Birth date must be in 1900 or later.'];
  for (const [field, label] of [['onsetDate', 'Onset date'], ['diagnosisDate', 'Diagnosis date']] as const) {
    const d = p[field];
    if (d && d > t) errors[field] = [`${label} cannot be after today (${t}).`];
    else if (d && d < p.birthDate) errors[field] = [`${label} cannot be before the birth date (${p.birthDate}).`];
  }
  if (Object.keys(errors).length) throw invalid('Please correct the dates.', errors);
}

/**
 * A birth date moved later must not leave results, visits or drugs dated before it:
 * entry refuses such dates (clinical-guards.ts), and the signals would still read them.
 * Rows marked entered in error do not count.
 */
function assertNothingBeforeBirth(tx: Pick<Tx, 'all'>, patientId: number, birthDate: string): void {
  const before = tx.all<{ what: string; n: number; earliest: string }>(sql`
    SELECT 'results' AS what, count(*) AS n, min(collected_on) AS earliest FROM (
      SELECT collected_on FROM antibody_results WHERE patient_id = ${patientId} AND entered_in_error = 0 AND collected_on < ${birthDate}
      UNION ALL SELECT collected_on FROM enzyme_results WHERE patient_id = ${patientId} AND entered_in_error = 0 AND collected_on < ${birthDate})
    UNION ALL SELECT 'visits', count(*), min(visit_on) FROM visits WHERE patient_id = ${patientId} AND entered_in_error = 0 AND visit_on < ${birthDate}
    UNION ALL SELECT 'medications', count(*), min(start_on) FROM medication_epochs WHERE patient_id = ${patientId} AND entered_in_error = 0 AND start_on < ${birthDate}`)
    .filter((r) => r.n > 0);
  if (!before.length) return;
  const earliest = before.map((r) => r.earliest).sort()[0];
  const listed = before.map((r) => `${r.n} ${r.n === 1 ? r.what.replace(/s$/, '') : r.what}`).join(', ');
  const message = `The record has ${listed} dated before ${birthDate} (the earliest on ${earliest}). Check the birth date, or correct those dates first.`;
  throw invalid(message, { birthDate: [message] });
}

function checkPhysician(tx: Pick<Tx, 'select'>, physicianId: number | null): void {
  if (physicianId === null) return;
  const u = tx.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, physicianId)).get();
  if (!u || u.role !== 'physician' || !u.active) throw invalid('Choose an active physician from the list.', { physicianId: ['Choose an active physician from the list.'] });
}

/**
 * MRNs are unique whatever their case: "mrn-100001" is "MRN-100001" (the database's
 * case-insensitive unique index enforces it; this says so in words, as a 409 and a
 * field message, instead of a constraint error). Patients marked entered in error keep
 * their MRN too.
 */
function assertMrnFree(tx: Pick<Tx, 'select'>, mrn: string, exceptId?: number): void {
  const sameMrn = sql`${patients.mrn} = ${mrn} collate nocase`;
  const clash = tx.select({ id: patients.id, mrn: patients.mrn }).from(patients).where(exceptId ? and(sameMrn, ne(patients.id, exceptId)) : sameMrn).get();
  if (clash) {
    const written = clash.mrn === mrn ? '' : ` (written ${clash.mrn})`;
    throw conflict(`MRN ${mrn} already belongs to another patient${written}.`, { mrn: [`MRN ${mrn} already belongs to another patient${written}; MRNs are the same whatever their case.`] });
  }
}

/** Registers a patient (physicians and nurses). */
export function createPatient(actor: Actor, input: unknown): Patient {
  if (!can(actor, 'patient:edit')) throw forbidden({ actor, permission: 'patient:edit' });
  const data = parseOrThrow(patientSchema, input);
  checkPatientDates(data);
  return writeTx((tx) => {
    assertMrnFree(tx, data.mrn);
    checkPhysician(tx, data.physicianId);
    const now = new Date().toISOString();
    const row = tx.insert(patients).values({ ...data, searchText: searchTextOf(data), createdBy: actor.userId, createdAt: now, updatedAt: now }).returning().get();
    appendAudit(tx, actor, { action: 'patient.create', entity: 'patient', entityId: row.id, patientId: row.id, after: row });
    recomputePatientSignals(tx, row.id);
    return row;
  });
}

/** Corrects demographics; the earlier version stays in history with the reason. */
export function updatePatient(actor: Actor, patientId: number, input: unknown, reason: unknown): Patient {
  if (!can(actor, 'patient:edit')) throw forbidden({ actor, permission: 'patient:edit' });
  const data = parseOrThrow(patientSchema, input);
  const why = parseOrThrow(reasonSchema, reason, 'reason');
  checkPatientDates(data);
  return writeTx((tx) => {
    const before = loadPatient(tx, patientId);
    if (data.birthDate > before.birthDate) assertNothingBeforeBirth(tx, patientId, data.birthDate);
    assertMrnFree(tx, data.mrn, patientId);
    checkPhysician(tx, data.physicianId);
    const after = tx.update(patients)
      .set({ ...data, searchText: searchTextOf(data), version: before.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(patients.id, patientId)).returning().get();
    keepHistory(tx, actor, { entity: 'patient', patientId, before, after, reason: why, action: 'patient.correct' });
    recomputePatientSignals(tx, patientId);
    return after;
  });
}

// Prepared once per connection: every record view runs them (lib/dal/prepared.ts).
const viewStatements = preparedPerConnection((db) => ({
  patient: db.select().from(patients).where(eq(patients.id, sql.placeholder('patientId'))).prepare(),
  physician: db.select({ name: users.name }).from(users).where(eq(users.id, sql.placeholder('userId'))).prepare(),
}));

/**
 * Reads one patient for display and audits the record view (architecture.md: patient
 * record views are audited). The event goes to the read journal, not through the
 * write lock: a view never waits behind an import (read-audit.ts).
 */
export function getPatient(actor: Actor, patientId: number): Patient & { physicianName: string | null; age: number | null } {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const st = viewStatements();
  const p = st.patient.get({ patientId });
  if (!p || p.enteredInError) throw notFound('Patient');
  const physician = p.physicianId ? st.physician.get({ userId: p.physicianId }) : undefined;
  recordRead(actor, { action: 'patient.view', entity: 'patient', entityId: patientId, patientId });
  return { ...p, physicianName: physician?.name ?? null, age: ageOn(p.birthDate, today()) };
}

const SORTS = {
  name: [asc(patients.familyName), asc(patients.givenName)],
  mrn: [asc(patients.mrn)],
  birth: [asc(patients.birthDate)],
  updated: [desc(patients.updatedAt)],
} as const;

/** Patient list with search by MRN or name, sorting and pagination. */
export function listPatients(actor: Actor, rawQuery: unknown): { patients: PatientSummary[]; total: number; page: number; pages: number; q?: string; sort: keyof typeof SORTS } {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const query = parseOrThrow(patientQuerySchema, rawQuery ?? {});
  const db = getDb();
  const terms = fold(query.q ?? '').replace(/[%_]/g, '').split(/\s+/).filter(Boolean).slice(0, 5);
  const where = and(eq(patients.enteredInError, false), ...terms.map((t) => like(patients.searchText, `%${t}%`)));
  const total = db.select({ n: sql<number>`count(*)` }).from(patients).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / PATIENT_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const rows = db.select({ p: patients, physicianName: users.name }).from(patients).leftJoin(users, eq(users.id, patients.physicianId))
    .where(where).orderBy(...SORTS[query.sort]).limit(PATIENT_PAGE_SIZE).offset((page - 1) * PATIENT_PAGE_SIZE).all();
  const t = today();
  return {
    patients: rows.map(({ p, physicianName }) => ({
      id: p.id, mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate,
      age: ageOn(p.birthDate, t), sex: p.sex, diagnosisGroup: p.diagnosisGroup, physicianName,
    })),
    total, page, pages, q: query.q, sort: query.sort,
  };
}
