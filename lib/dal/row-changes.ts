import 'server-only';
import { can, type Action } from '../permissions';
import { forbidden, invalid } from '../errors';
import { reasonSchema } from '../validation/common';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { assertLive, keepHistory, loadPatient, type VersionedRow } from './clinical-guards';
import { recomputePatientSignals } from './signal-store';
import { writeTx, type Tx } from './tx';

interface RowAccess<Row extends VersionedRow & { patientId: number }> {
  entity: string;
  label: string;
  permission: Action;
  load: (tx: Tx, rowId: number) => Row | undefined;
  save: (tx: Tx, rowId: number, patch: Partial<Row> & { version: number; updatedAt: string }) => Row;
}

/** Loads a live row of this patient; another patient's row id is simply not found. */
function loadOwnRow<Row extends VersionedRow & { patientId: number }>(tx: Tx, access: RowAccess<Row>, patientId: number, rowId: number): Row {
  const row = access.load(tx, rowId);
  assertLive(row && row.patientId === patientId ? row : undefined, access.label);
  return row as Row;
}

/**
 * Marks a clinical row entered in error with a reason: hidden from charts and signals,
 * kept (with its earlier version) in history. Nothing clinical is ever deleted.
 */
export function markRowEnteredInError<Row extends VersionedRow & { patientId: number }>(
  actor: Actor, access: RowAccess<Row>, patientId: number, rowId: number, reason: unknown,
): Row {
  if (!can(actor, access.permission)) throw forbidden({ actor, permission: access.permission });
  const why = parseOrThrow(reasonSchema, reason, 'reason');
  return writeTx((tx) => {
    loadPatient(tx, patientId);
    const before = loadOwnRow(tx, access, patientId, rowId);
    const after = access.save(tx, rowId, { enteredInError: true, errorReason: why, version: before.version + 1, updatedAt: new Date().toISOString() } as unknown as Partial<Row> & { version: number; updatedAt: string });
    keepHistory(tx, actor, { entity: access.entity, patientId, before, after, reason: why, action: `${access.entity}.entered-in-error` });
    recomputePatientSignals(tx, patientId);
    return after;
  });
}

/**
 * Corrects a clinical row: `build` turns the validated input into the new column values
 * (it may throw `invalid`); the earlier version is kept in history with the reason.
 */
export function correctRow<Row extends VersionedRow & { patientId: number }>(
  actor: Actor, access: RowAccess<Row>, patientId: number, rowId: number, reason: unknown,
  build: (tx: Tx, before: Row) => Partial<Row>,
): Row {
  if (!can(actor, access.permission)) throw forbidden({ actor, permission: access.permission });
  const why = parseOrThrow(reasonSchema, reason, 'reason');
  return writeTx((tx) => {
    loadPatient(tx, patientId);
    const before = loadOwnRow(tx, access, patientId, rowId);
    const patch = build(tx, before);
    const changed = Object.entries(patch).some(([k, v]) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify(v));
    if (!changed) throw invalid('Nothing was changed: edit a value before saving a correction.');
    const after = access.save(tx, rowId, { ...patch, version: before.version + 1, updatedAt: new Date().toISOString() });
    keepHistory(tx, actor, { entity: access.entity, patientId, before, after, reason: why, action: `${access.entity}.correct` });
    recomputePatientSignals(tx, patientId);
    return after;
  });
}

export type { RowAccess };
