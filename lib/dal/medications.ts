import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { medicationEpochs, type MedicationEpochRow, type Patient } from '@/db/schema';
import { addDays } from '../domain/dates';
import { validateEpoch, type EpochInput } from '../domain/medications';
import { can } from '../permissions';
import { forbidden, invalid, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { doseChangeSchema, drugIdentity, epochSchema, reasonLabel, stopSchema, type EpochFormInput } from '../validation/medications';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { assertClinicalDate, assertLive, keepHistory, loadPatient, today } from './clinical-guards';
import { correctRow, markRowEnteredInError, type RowAccess } from './row-changes';
import { preparedPerConnection } from './prepared';
import { recomputePatientSignals } from './signal-store';
import { writeTx, type Tx } from './tx';

const ENTITY = 'medication-epoch';
export type EpochDetail = Omit<MedicationEpochRow, 'createdBy' | 'createdAt' | 'updatedAt'>;

/**
 * Epoch dates: the start must be on or before today and not before birth. The end
 * (the last day taken, inclusive: lib/domain/medications.ts) may not be after today
 * either. Decision: a planned future stop is not recorded ahead of time - it is a
 * plan, not history, and a future end would make "current treatment" and the
 * taper-discussion signal (docs/clinical/signals.md) depend on something that has
 * not happened yet. The stop is entered on the day it happens (or afterwards).
 */
function assertEpochDates(startOn: string, endOn: string | null, patient: Pick<Patient, 'birthDate'>, startLabel = 'Start date'): void {
  assertClinicalDate(startOn, 'startOn', startLabel, patient);
  if (endOn === null) return;
  const t = today();
  if (endOn > t) {
    throw invalid(`End date cannot be after today (${t}).`, { endOn: [`End date cannot be after today (${t}): record a planned stop on the day it happens.`] });
  }
  assertClinicalDate(endOn, 'endOn', 'End date', patient);
  if (endOn < startOn) throw invalid('End date is before the start date.', { endOn: [`End date must be on or after the start date (${startOn}); it is the last day taken.`] });
}

/** Refuses an epoch that shares a day with another live epoch of the same drug (docs/clinical/treatment.md). */
function assertNoOverlap(tx: Pick<Tx, 'select'>, patientId: number, epoch: EpochInput, replaced?: Pick<MedicationEpochRow, 'id' | 'endOn'>): void {
  const existing = tx.select().from(medicationEpochs).where(eq(medicationEpochs.patientId, patientId)).all()
    .map((e) => (replaced && e.id === replaced.id ? { ...e, endOn: replaced.endOn } : e));
  const problems = validateEpoch(epoch, existing);
  if (problems.length) throw invalid(problems[0]!, { startOn: problems });
}

/** Column values of an epoch from validated input: drug identity and class from DRUG_CATALOG. */
function epochValues(data: EpochFormInput) {
  const { drug, info, immunosuppressant } = drugIdentity(data);
  return {
    drug, drugClass: info.drugClass, immunosuppressant, dose: data.dose, doseUnit: data.doseUnit, route: data.route,
    frequency: data.frequency, startOn: data.startOn, endOn: data.endOn, reason: data.startReason, endReason: data.endReason,
  };
}

/** A live epoch of this patient; another patient's epoch id is not found. */
function loadOwnEpoch(tx: Pick<Tx, 'select'>, patientId: number, epochId: number): MedicationEpochRow {
  const row = tx.select().from(medicationEpochs).where(and(eq(medicationEpochs.id, epochId), eq(medicationEpochs.patientId, patientId))).get();
  assertLive(row, 'Medication epoch');
  return row as MedicationEpochRow;
}

function assertOngoing(e: MedicationEpochRow, field: string): void {
  if (e.endOn !== null) throw invalid(`This dose already ended on ${e.endOn}.`, { [field]: [`This dose already ended on ${e.endOn}: start the drug again, or correct this epoch to change its end.`] });
}

/** Ends `current` in the caller's transaction, keeping its open version in history. */
function endEpoch(tx: Tx, actor: Actor, current: MedicationEpochRow, endOn: string, endReason: string, why: string, action: string): MedicationEpochRow {
  const after = tx.update(medicationEpochs).set({ endOn, endReason, version: current.version + 1, updatedAt: new Date().toISOString() })
    .where(eq(medicationEpochs.id, current.id)).returning().get();
  keepHistory(tx, actor, { entity: ENTITY, patientId: current.patientId, before: current, after, reason: why, action });
  return after;
}

/** Starts a drug (or enters a past epoch, with its end) for a patient (physicians only). */
export function startMedication(actor: Actor, patientId: number, input: unknown): MedicationEpochRow {
  if (!can(actor, 'medication:write')) throw forbidden({ actor, permission: 'medication:write' });
  const data = parseOrThrow(epochSchema, input);
  return writeTx((tx) => {
    assertEpochDates(data.startOn, data.endOn, loadPatient(tx, patientId));
    const values = epochValues(data);
    assertNoOverlap(tx, patientId, values);
    const now = new Date().toISOString();
    const row = tx.insert(medicationEpochs).values({ ...values, patientId, createdBy: actor.userId, createdAt: now, updatedAt: now }).returning().get();
    appendAudit(tx, actor, { action: `${ENTITY}.create`, entity: ENTITY, entityId: row.id, patientId, after: row });
    recomputePatientSignals(tx, patientId);
    return row;
  });
}

/**
 * Changes the dose of an ongoing epoch: ends it the day before the new dose starts
 * (endOn is the last day taken, inclusive) and starts the next epoch of the same
 * drug, in ONE transaction with one audit event per row (a taper is a sequence of
 * epochs, docs/clinical/treatment.md).
 */
export function changeDose(actor: Actor, patientId: number, epochId: number, input: unknown): { ended: MedicationEpochRow; started: MedicationEpochRow } {
  if (!can(actor, 'medication:write')) throw forbidden({ actor, permission: 'medication:write' });
  const data = parseOrThrow(doseChangeSchema, input);
  return writeTx((tx) => {
    const patient = loadPatient(tx, patientId);
    const current = loadOwnEpoch(tx, patientId, epochId);
    assertOngoing(current, 'startOn');
    assertEpochDates(data.startOn, null, patient, 'Date of the new dose');
    if (data.startOn <= current.startOn) {
      throw invalid('The new dose must start after the current one.', { startOn: [`The new dose must start after ${current.startOn}, when the current dose started; to fix the current dose itself, correct it.`] });
    }
    if (data.dose === current.dose && data.doseUnit === current.doseUnit && data.route === current.route && data.frequency === current.frequency) {
      throw invalid('The new dose is the same as the current one.', { dose: [`Enter a different dose, unit, route or frequency than ${current.dose} ${current.doseUnit} ${current.route} ${current.frequency}.`] });
    }
    const endOn = addDays(data.startOn, -1);
    const next = { drug: current.drug, drugClass: current.drugClass, immunosuppressant: current.immunosuppressant, dose: data.dose, doseUnit: data.doseUnit,
      route: data.route, frequency: data.frequency, startOn: data.startOn, endOn: null, reason: data.reason, endReason: null };
    assertNoOverlap(tx, patientId, next, { id: current.id, endOn });
    const ended = endEpoch(tx, actor, current, endOn, data.reason, `Dose changed from ${data.startOn} (${reasonLabel(data.reason).toLowerCase()})`, `${ENTITY}.end`);
    const now = new Date().toISOString();
    const started = tx.insert(medicationEpochs).values({ ...next, patientId, createdBy: actor.userId, createdAt: now, updatedAt: now }).returning().get();
    appendAudit(tx, actor, { action: `${ENTITY}.create`, entity: ENTITY, entityId: started.id, patientId, after: started, reason: `Dose change from epoch ${current.id}` });
    recomputePatientSignals(tx, patientId);
    return { ended, started };
  });
}

/** Stops an ongoing epoch: its last day taken and why (docs/clinical/treatment.md). */
export function stopMedication(actor: Actor, patientId: number, epochId: number, input: unknown): MedicationEpochRow {
  if (!can(actor, 'medication:write')) throw forbidden({ actor, permission: 'medication:write' });
  const data = parseOrThrow(stopSchema, input);
  return writeTx((tx) => {
    const patient = loadPatient(tx, patientId);
    const current = loadOwnEpoch(tx, patientId, epochId);
    assertOngoing(current, 'endOn');
    assertEpochDates(current.startOn, data.endOn, patient);
    const row = endEpoch(tx, actor, current, data.endOn, data.endReason, `${reasonLabel(data.endReason)}; last day taken ${data.endOn}`, `${ENTITY}.stop`);
    recomputePatientSignals(tx, patientId);
    return row;
  });
}

const access: RowAccess<MedicationEpochRow> = {
  entity: ENTITY,
  label: 'Medication epoch',
  permission: 'medication:write',
  load: (tx, id) => tx.select().from(medicationEpochs).where(eq(medicationEpochs.id, id)).get(),
  save: (tx, id, patch) => tx.update(medicationEpochs).set(patch).where(eq(medicationEpochs.id, id)).returning().get(),
};

/** Corrects an epoch (any field); the earlier version is kept in history with the reason. */
export function correctMedicationEpoch(actor: Actor, patientId: number, epochId: number, input: unknown, reason: unknown): MedicationEpochRow {
  if (!can(actor, 'medication:write')) throw forbidden({ actor, permission: 'medication:write' });
  const data = parseOrThrow(epochSchema, input);
  return correctRow(actor, access, patientId, epochId, reason, (tx) => {
    assertEpochDates(data.startOn, data.endOn, loadPatient(tx, patientId));
    const values = epochValues(data);
    assertNoOverlap(tx, patientId, { ...values, id: epochId });
    return values;
  });
}

/** Marks an epoch entered in error: out of current treatment and signals, kept in history. */
export function markMedicationEpochInError(actor: Actor, patientId: number, epochId: number, reason: unknown): MedicationEpochRow {
  return markRowEnteredInError(actor, access, patientId, epochId, reason);
}

function toDetail({ createdBy: _c, createdAt: _a, updatedAt: _u, ...e }: MedicationEpochRow): EpochDetail {
  return e;
}

/** A patient's epochs by drug then start (a taper reads top to bottom), entered-in-error rows included. */
export function listMedicationEpochs(actor: Actor, patientId: number): EpochDetail[] {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  return listStatement().all({ patientId }).map(toDetail);
}

// Prepared once per connection: every patient page view runs it (lib/dal/prepared.ts).
const listStatement = preparedPerConnection((db) => db.select().from(medicationEpochs).where(eq(medicationEpochs.patientId, sql.placeholder('patientId')))
  .orderBy(asc(medicationEpochs.drug), asc(medicationEpochs.startOn), asc(medicationEpochs.id)).prepare());

/** One epoch of this patient; another patient's epoch id is simply not found. */
export function getMedicationEpoch(actor: Actor, patientId: number, epochId: number): EpochDetail {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const db = getDb();
  loadPatient(db, patientId);
  const row = db.select().from(medicationEpochs).where(and(eq(medicationEpochs.id, epochId), eq(medicationEpochs.patientId, patientId))).get();
  if (!row) throw notFound('Medication epoch');
  return toDetail(row);
}
