import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { antibodyResults, assays, type AntibodyResultRow, type Assay, type Patient } from '@/db/schema';
import { can } from '../permissions';
import { antibodyWarnings } from '../domain/plausibility';
import { findSameResult } from '../domain/same-result';
import { forbidden, invalid } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { ANALYTE_LABELS, antibodyResultSchema, type AntibodyResultInput } from '../validation/labs';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { requireConfirmation } from './confirmations';
import { assertClinicalDate, loadPatient, type InsertResultOptions } from './clinical-guards';
import { correctRow, markRowEnteredInError, type RowAccess } from './row-changes';
import { insertReturning, preparedPerConnection } from './prepared';
import { recomputePatientSignals } from './signal-store';
import { writeTx, type Tx } from './tx';

function loadAssay(tx: Pick<Tx, 'select'>, assayId: number, forNewResult: boolean): Assay {
  const a = tx.select().from(assays).where(eq(assays.id, assayId)).get();
  if (!a) throw invalid('Choose an assay from the catalog.', { assayId: ['Unknown assay.'] });
  if (forNewResult && !a.active) throw invalid(`The assay "${a.name}" is deactivated; choose an active one.`, { assayId: ['This assay is deactivated.'] });
  return a;
}

type LimitsSnapshot = Pick<AntibodyResultRow, 'unit' | 'cutoff' | 'positiveFrom' | 'strongAbove' | 'cutoffDilutionPositive'>;

/**
 * Column values of a result from validated input, the assay snapshot and checks.
 * `snapshot` is the limits a corrected row was read with: a correction on the same
 * assay keeps them (the catalog may have changed since), so only a cut-off typed in
 * the correction replaces the stored one.
 */
function resultValues(data: AntibodyResultInput, assay: Assay, snapshot: LimitsSnapshot = assay) {
  if (assay.qualitativeOnly && data.value !== null) throw invalid('This assay reports a category only.', { value: ['This assay reports a category only: leave the value empty and choose a category.'] });
  const cutoff = data.cutoff ?? snapshot.cutoff;
  if (data.value !== null && !assay.qualitativeOnly && (cutoff === null || cutoff <= 0)) {
    throw invalid('A numeric result needs the cut-off in force (greater than 0).', { cutoff: ['A numeric result needs the cut-off in force: enter the cut-off printed on the lab report.'] });
  }
  return {
    assayId: assay.id, analyte: assay.analyte, collectedOn: data.collectedOn, value: data.value, comparator: data.comparator,
    qualitative: data.qualitative, unit: snapshot.unit, cutoff, positiveFrom: snapshot.positiveFrom, strongAbove: snapshot.strongAbove,
    cutoffDilutionPositive: snapshot.cutoffDilutionPositive, accession: data.accession,
  };
}

/**
 * The confirmations a result needs against this patient's other live results of the
 * analyte on that day: the same result (lib/domain/same-result.ts: same assay,
 * comparator, value, category and unit; the imports skip it as a duplicate): `allowDuplicate`,
 * and the plausibility warnings (category against cut-off, measuring range, another
 * value of the same assay that day: `allowImplausible`). Throws a conflict naming the
 * unconfirmed ones; returns the warnings the entry confirmed (the FHIR import lists them).
 */
function confirmResult(tx: Tx, patientId: number, v: ReturnType<typeof resultValues>, assay: Pick<Assay, 'measuringMax'>, data: AntibodyResultInput, exceptId?: number): string[] {
  const sameDay = tx.select().from(antibodyResults)
    .where(and(eq(antibodyResults.patientId, patientId), eq(antibodyResults.analyte, v.analyte), eq(antibodyResults.collectedOn, v.collectedOn), eq(antibodyResults.enteredInError, false))).all()
    .filter((r) => r.id !== exceptId);
  const same = findSameResult(patientId, v, sameDay);
  const duplicate = same
    ? `A ${ANALYTE_LABELS[v.analyte]} result of this assay with this value on ${v.collectedOn} already exists. Tick "Save anyway" if this is a separate result.`
    : null;
  const warnings = antibodyWarnings(v, assay, sameDay.filter((r) => r !== same));
  requireConfirmation(duplicate, warnings, data);
  return warnings;
}

const p = (name: string) => sql.placeholder(name);
/** Prepared once per connection: an import inserts many rows (lib/dal/prepared.ts). */
const insertStatement = preparedPerConnection((db) => insertReturning(db, antibodyResults, {
  patientId: p('patientId'), assayId: p('assayId'), analyte: p('analyte'), collectedOn: p('collectedOn'), value: p('value'), comparator: p('comparator'),
  qualitative: p('qualitative'), unit: p('unit'), cutoff: p('cutoff'), positiveFrom: p('positiveFrom'), strongAbove: p('strongAbove'),
  cutoffDilutionPositive: p('cutoffDilutionPositive'), accession: p('accession'),
  createdBy: p('createdBy'), createdAt: p('createdAt'), updatedAt: p('updatedAt'),
}));

/**
 * Every check a new anti-Mi2 result must pass against its patient and assay
 * (collection date, active assay, value against the assay); returns the column
 * values or throws `invalid`. Shared by single entry and import so both obey one rule set.
 */
export function checkNewAntibodyResult(patient: Pick<Patient, 'birthDate'>, assay: Assay, data: AntibodyResultInput) {
  assertClinicalDate(data.collectedOn, 'collectedOn', 'Collection date', patient);
  if (assay.id !== data.assayId) throw invalid('Choose an assay from the catalog.', { assayId: ['Unknown assay.'] });
  if (!assay.active) throw invalid(`The assay "${assay.name}" is deactivated; choose an active one.`, { assayId: ['This assay is deactivated.'] });
  return resultValues(data, assay);
}

/**
 * Checks and inserts one new anti-Mi2 result with its audit event, inside the caller's
 * transaction. The caller checks the permission and recomputes the patient's signals
 * (once per patient, which is what lets an import of many rows stay fast).
 */
export function insertAntibodyResult(tx: Tx, actor: Actor, patient: Pick<Patient, 'id' | 'birthDate'>, data: AntibodyResultInput, opts: InsertResultOptions & { assay?: Assay; warnings?: string[] } = {}): AntibodyResultRow {
  const assay = opts.assay ?? loadAssay(tx, data.assayId, true);
  const values = checkNewAntibodyResult(patient, assay, data);
  const warnings = confirmResult(tx, patient.id, values, assay, data);
  opts.warnings?.push(...warnings);
  const now = new Date().toISOString();
  const row = insertStatement()({ ...values, patientId: patient.id, createdBy: actor.userId, createdAt: now, updatedAt: now });
  if (!row) throw new Error(`Inserting an antibody result returned no row.`);
  appendAudit(tx, actor, { action: 'antibody-result.create', entity: 'antibody-result', entityId: row.id, patientId: patient.id, after: row, reason: opts.reason ?? null });
  return row;
}

/** Records an anti-Mi2 result (nurses, physicians), with its audit event and the recomputed signals. */
export function recordAntibodyResult(actor: Actor, patientId: number, input: unknown): AntibodyResultRow {
  if (!can(actor, 'lab:write')) throw forbidden({ actor, permission: 'lab:write' });
  const data = parseOrThrow(antibodyResultSchema, input);
  return writeTx((tx) => {
    const patient = loadPatient(tx, patientId);
    // Date first, as before the refactor: a bad date is reported even when the assay id is unknown.
    assertClinicalDate(data.collectedOn, 'collectedOn', 'Collection date', patient);
    const row = insertAntibodyResult(tx, actor, patient, data);
    recomputePatientSignals(tx, patientId);
    return row;
  });
}

const access: RowAccess<AntibodyResultRow> = {
  entity: 'antibody-result',
  label: 'Antibody result',
  permission: 'lab:write',
  load: (tx, id) => tx.select().from(antibodyResults).where(eq(antibodyResults.id, id)).get(),
  save: (tx, id, patch) => tx.update(antibodyResults).set(patch).where(eq(antibodyResults.id, id)).returning().get(),
};

export function correctAntibodyResult(actor: Actor, patientId: number, resultId: number, input: unknown, reason: unknown): AntibodyResultRow {
  if (!can(actor, 'lab:write')) throw forbidden({ actor, permission: 'lab:write' });
  const data = parseOrThrow(antibodyResultSchema, input);
  return correctRow(actor, access, patientId, resultId, reason, (tx, before) => {
    assertClinicalDate(data.collectedOn, 'collectedOn', 'Collection date', loadPatient(tx, patientId));
    const sameAssay = data.assayId === before.assayId;
    const assay = loadAssay(tx, data.assayId, !sameAssay);
    const values = resultValues(data, assay, sameAssay ? before : undefined);
    confirmResult(tx, patientId, values, assay, data, resultId);
    return values;
  });
}

export function markAntibodyResultInError(actor: Actor, patientId: number, resultId: number, reason: unknown): AntibodyResultRow {
  return markRowEnteredInError(actor, access, patientId, resultId, reason);
}
