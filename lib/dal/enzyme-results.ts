import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { enzymeResults, type EnzymeResultRow, type Patient } from '@/db/schema';
import { ENZYME, toUL, validateEnzymeValue } from '../domain/enzymes';
import { enzymeWarnings } from '../domain/plausibility';
import { findSameResult } from '../domain/same-result';
import { resolveReferenceRange, type PatientRange, type ResolvedRange } from '../domain/reference-range';
import type { EnzymeAnalyte } from '../domain/types';
import { can } from '../permissions';
import { forbidden, invalid } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { enzymeResultSchema, type EnzymeResultInput } from '../validation/labs';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { requireConfirmation } from './confirmations';
import { assertClinicalDate, loadPatient, type InsertResultOptions } from './clinical-guards';
import { correctRow, markRowEnteredInError, type RowAccess } from './row-changes';
import { insertReturning, preparedPerConnection } from './prepared';
import { recomputePatientSignals } from './signal-store';
import { writeTx, type Tx } from './tx';

const SOURCE_WORDS: Record<ResolvedRange['source'], string> = { lab: 'as typed', patient: "this patient's latest lab range", 'site-default': 'the site default' };

/**
 * Column values: the value as reported and in U/L (1 ukat/L = 60 U/L), with the
 * reference limits typed from the report (in the reported unit), or, left empty, this
 * patient's latest lab range for the enzyme, else the site default for the patient's
 * sex (lib/domain/reference-range.ts; docs/clinical/enzymes.md). `range_source` says which.
 */
function enzymeValues(data: EnzymeResultInput, patient: Pick<Patient, 'sex'>, patientRange: PatientRange | null) {
  const value = data.value;
  const problems = validateEnzymeValue(data.analyte, value, data.unit);
  if (problems.length) throw invalid(problems[0]!, { value: problems });
  const lower = data.lowerLimit === null ? null : toUL(data.lowerLimit, data.unit);
  const range = resolveReferenceRange(lower, data.upperLimit === null ? null : toUL(data.upperLimit, data.unit), patientRange, data.analyte, patient.sex);
  // The schema compares the two limits only when both are typed; a lower limit alone must sit below the fallback's upper limit.
  if (range.lowerUL !== null && range.lowerUL >= range.upperUL) {
    throw invalid('The lower limit must be below the upper limit.', { lowerLimit: [`The lower limit must be below the upper limit (${range.upperUL} U/L, ${SOURCE_WORDS[range.source]}).`] });
  }
  return {
    analyte: data.analyte, collectedOn: data.collectedOn, value, unit: data.unit, valueUL: toUL(value, data.unit),
    lowerLimitUL: range.lowerUL, upperLimitUL: range.upperUL, rangeSource: range.source, accession: data.accession,
  };
}

/** Prepared once per connection: an import asks it once per patient and enzyme (lib/dal/prepared.ts). */
const latestRangeStatement = preparedPerConnection((db) => db.$client.prepare(`SELECT id, collected_on AS collectedOn, lower_limit_ul AS lowerUL, upper_limit_ul AS upperUL
  FROM enzyme_results WHERE patient_id = ? AND analyte = ? AND range_source = 'lab' AND entered_in_error = 0 ORDER BY collected_on DESC, id DESC LIMIT 2`));

/**
 * This patient's latest lab range for the enzyme (lib/domain/reference-range.ts
 * latestLabRange, in SQL): the newest live result whose range came from its lab,
 * other than `exceptId` (the row being corrected).
 */
export function loadPatientRange(patientId: number, analyte: EnzymeAnalyte, exceptId?: number): PatientRange | null {
  const rows = latestRangeStatement().all(patientId, analyte) as (PatientRange & { id: number })[];
  const r = rows.find((x) => x.id !== exceptId);
  return r ? { collectedOn: r.collectedOn, lowerUL: r.lowerUL, upperUL: r.upperUL } : null;
}

/**
 * The confirmations a result needs against this patient's other live results of the
 * enzyme that day (the same result, lib/domain/same-result.ts: the same value in U/L,
 * which the imports skip as a duplicate: `allowDuplicate`; plausibility, a unit
 * slip, another value that day: `allowImplausible`). Throws a conflict naming the
 * unconfirmed ones; returns the warnings the entry confirmed.
 */
function confirmResult(tx: Tx, patientId: number, v: ReturnType<typeof enzymeValues>, data: EnzymeResultInput, exceptId?: number): string[] {
  const sameDay = tx.select({ id: enzymeResults.id, analyte: enzymeResults.analyte, collectedOn: enzymeResults.collectedOn, value: enzymeResults.value, unit: enzymeResults.unit, valueUL: enzymeResults.valueUL }).from(enzymeResults)
    .where(and(eq(enzymeResults.patientId, patientId), eq(enzymeResults.analyte, v.analyte), eq(enzymeResults.collectedOn, v.collectedOn), eq(enzymeResults.enteredInError, false))).all()
    .filter((r) => r.id !== exceptId);
  const same = findSameResult(patientId, v, sameDay);
  const duplicate = same ? `A ${ENZYME[v.analyte].shortLabel} of ${v.value} ${v.unit} on ${v.collectedOn} already exists. Tick "Save anyway" if this is a separate result.` : null;
  const warnings = enzymeWarnings(v, sameDay);
  requireConfirmation(duplicate, warnings, data);
  return warnings;
}

const p = (name: string) => sql.placeholder(name);
/** Prepared once per connection: an import inserts many rows (lib/dal/prepared.ts). */
const insertStatement = preparedPerConnection((db) => insertReturning(db, enzymeResults, {
  patientId: p('patientId'), analyte: p('analyte'), collectedOn: p('collectedOn'), value: p('value'), unit: p('unit'), valueUL: p('valueUL'),
  lowerLimitUL: p('lowerLimitUL'), upperLimitUL: p('upperLimitUL'), rangeSource: p('rangeSource'), accession: p('accession'), createdBy: p('createdBy'), createdAt: p('createdAt'), updatedAt: p('updatedAt'),
}));

/**
 * Every check a new enzyme result must pass against its patient (collection date,
 * plausible value, limits); returns the column values or throws `invalid`. Shared by
 * single entry and import so both obey one rule set. `patientRange` is the patient's
 * latest lab range for the enzyme (loadPatientRange; an import keeps its own as it goes).
 */
export function checkNewEnzymeResult(patient: Pick<Patient, 'birthDate' | 'sex'>, data: EnzymeResultInput, patientRange: PatientRange | null) {
  assertClinicalDate(data.collectedOn, 'collectedOn', 'Collection date', patient);
  return enzymeValues(data, patient, patientRange);
}

/**
 * Checks and inserts one new enzyme result with its audit event, inside the caller's
 * transaction. The caller checks the permission and recomputes the patient's signals
 * (once per patient, which is what lets an import of many rows stay fast).
 */
export function insertEnzymeResult(tx: Tx, actor: Actor, patient: Pick<Patient, 'id' | 'birthDate' | 'sex'>, data: EnzymeResultInput, opts: InsertResultOptions & { warnings?: string[] } = {}): EnzymeResultRow {
  const values = checkNewEnzymeResult(patient, data, data.upperLimit === null ? loadPatientRange(patient.id, data.analyte) : null);
  const warnings = confirmResult(tx, patient.id, values, data);
  opts.warnings?.push(...warnings);
  const now = new Date().toISOString();
  const row = insertStatement()({ ...values, patientId: patient.id, createdBy: actor.userId, createdAt: now, updatedAt: now });
  if (!row) throw new Error(`Inserting an enzyme result returned no row.`);
  appendAudit(tx, actor, { action: 'enzyme-result.create', entity: 'enzyme-result', entityId: row.id, patientId: patient.id, after: row, reason: opts.reason ?? null });
  return row;
}

/** Records CK or another muscle enzyme (nurses, physicians). */
export function recordEnzymeResult(actor: Actor, patientId: number, input: unknown): EnzymeResultRow {
  if (!can(actor, 'lab:write')) throw forbidden({ actor, permission: 'lab:write' });
  const data = parseOrThrow(enzymeResultSchema, input);
  return writeTx((tx) => {
    const row = insertEnzymeResult(tx, actor, loadPatient(tx, patientId), data);
    recomputePatientSignals(tx, patientId);
    return row;
  });
}

const sameUL = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);

/**
 * A correction that leaves the range as it was stored (the form shows the stored
 * limits) keeps where the range came from: a range taken from the patient's earlier
 * result does not become "the lab's" because it was shown back in the form.
 */
function keepRangeSource(v: ReturnType<typeof enzymeValues>, before: EnzymeResultRow): ReturnType<typeof enzymeValues> {
  const unchanged = v.analyte === before.analyte && sameUL(v.lowerLimitUL, before.lowerLimitUL) && sameUL(v.upperLimitUL, before.upperLimitUL);
  return unchanged ? { ...v, lowerLimitUL: before.lowerLimitUL, upperLimitUL: before.upperLimitUL, rangeSource: before.rangeSource } : v;
}

const access: RowAccess<EnzymeResultRow> = {
  entity: 'enzyme-result',
  label: 'Enzyme result',
  permission: 'lab:write',
  load: (tx, id) => tx.select().from(enzymeResults).where(eq(enzymeResults.id, id)).get(),
  save: (tx, id, patch) => tx.update(enzymeResults).set(patch).where(eq(enzymeResults.id, id)).returning().get(),
};

export function correctEnzymeResult(actor: Actor, patientId: number, resultId: number, input: unknown, reason: unknown): EnzymeResultRow {
  if (!can(actor, 'lab:write')) throw forbidden({ actor, permission: 'lab:write' });
  const data = parseOrThrow(enzymeResultSchema, input);
  return correctRow(actor, access, patientId, resultId, reason, (tx, before) => {
    const patient = loadPatient(tx, patientId);
    assertClinicalDate(data.collectedOn, 'collectedOn', 'Collection date', patient);
    const values = keepRangeSource(enzymeValues(data, patient, data.upperLimit === null ? loadPatientRange(patientId, data.analyte, resultId) : null), before);
    confirmResult(tx, patientId, values, data, resultId);
    return values;
  });
}

export function markEnzymeResultInError(actor: Actor, patientId: number, resultId: number, reason: unknown): EnzymeResultRow {
  return markRowEnteredInError(actor, access, patientId, resultId, reason);
}
