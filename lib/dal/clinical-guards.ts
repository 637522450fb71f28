import 'server-only';
import { eq } from 'drizzle-orm';
import { patients, recordHistory, type Patient } from '@/db/schema';
import { clinicToday } from '../clinic-time';
import { invalid, notFound } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import type { Tx } from './tx';

/**
 * Today's date in the clinic's time zone (lib/clinic-time.ts), for "not in the future"
 * checks and every signal computed as of today.
 */
export function today(): string {
  return clinicToday();
}

export function loadPatient(tx: Pick<Tx, 'select'>, patientId: number): Patient {
  const p = tx.select().from(patients).where(eq(patients.id, patientId)).get();
  if (!p || p.enteredInError) throw notFound('Patient');
  return p;
}

/**
 * A clinical date must be on or before today and on or after the patient's birth.
 * Throws `invalid` naming the field and what is allowed.
 */
export function assertClinicalDate(date: string, field: string, label: string, patient: Pick<Patient, 'birthDate'>): void {
  const t = today();
  if (date > t) throw invalid(`${label} cannot be in the future (today is ${t}).`, { [field]: [`${label} cannot be after ${t}.`] });
  if (date < patient.birthDate) {
    throw invalid(`${label} cannot be before the patient's birth (${patient.birthDate}).`, { [field]: [`${label} cannot be before ${patient.birthDate}.`] });
  }
}

/** How a caller that runs its own transaction (the FHIR import) inserts a new clinical row. */
export interface InsertResultOptions {
  /** Kept with the row's audit event (an import names its source entry). */
  reason?: string | null;
}

/** A row of a clinical table: what corrections and removals need from it. */
export interface VersionedRow {
  id: number;
  version: number;
  enteredInError: boolean;
}

/**
 * Keeps the earlier version of a corrected or removed row in record_history and
 * audits the change with before and after, in the caller's transaction.
 */
export function keepHistory(
  tx: Tx,
  actor: Actor,
  args: { entity: string; patientId: number | null; before: VersionedRow; after: unknown; reason: string; action: string },
): void {
  tx.insert(recordHistory)
    .values({
      entity: args.entity,
      entityId: args.before.id,
      patientId: args.patientId,
      version: args.before.version,
      dataJson: JSON.stringify(args.before),
      changeReason: args.reason,
      changedBy: actor.userId,
      changedAt: new Date().toISOString(),
    })
    .run();
  appendAudit(tx, actor, { action: args.action, entity: args.entity, entityId: args.before.id, patientId: args.patientId, before: args.before, after: args.after, reason: args.reason });
}

/** A row may be changed only while it is live. */
export function assertLive(row: VersionedRow | undefined, what: string): asserts row is VersionedRow {
  if (!row) throw notFound(what);
  if (row.enteredInError) throw invalid(`This ${what.toLowerCase()} was marked entered in error; it can no longer be changed.`);
}
