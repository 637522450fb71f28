import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { enzymeResults, type EnzymeResultRow, type Patient } from '@/db/schema';
import { defaultReferenceLimits, ENZYME, toUL, validateEnzymeValue } from '../domain/enzymes';
import { can } from '../permissions';
import { conflict, forbidden, invalid } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { enzymeResultSchema, type EnzymeResultInput } from '../validation/labs';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { assertClinicalDate, loadPatient, type InsertResultOptions } from './clinical-guards';
import { correctRow, markRowEnteredInError, type RowAccess } from './row-changes';
import { insertReturning, preparedPerConnection } from './prepared';
import { recomputePatientSignals } from './signal-store';
import { writeTx, type Tx } from './tx';

/**
 * Column values: the value as reported and in U/L (1 ukat/L = 60 U/L), with the lab's
 * reference limits (typed in the reported unit) or the site default for the patient's
 * sex when the report gives none (docs/domain.md section 3).
 */
function enzymeValues(data: EnzymeResultInput, patient: Pick<Patient, 'sex'>) {
  const value = data.value as number;
  const problems = validateEnzymeValue(data.analyte, value, data.unit);
  if (problems.length) throw invalid(problems[0]!, { value: problems });
  // The site default only when the lab gave no upper limit (most rows carry the lab's range).
  const fallback = data.upperLimit === null ? defaultReferenceLimits(data.analyte, patient.sex) : null;
  const upperLimitUL = fallback ? fallback.upperUL : toUL(data.upperLimit!, data.unit);
  const lowerLimitUL = data.lowerLimit !== null ? toUL(data.lowerLimit, data.unit) : fallback ? fallback.lowerUL : null;
  // The schema compares the two limits only when both are typed; a lower limit alone must sit below the default ULN.
  if (lowerLimitUL !== null && lowerLimitUL >= upperLimitUL) {
    throw invalid('The lower limit must be below the upper limit.', { lowerLimit: [`The lower limit must be below the upper limit (${upperLimitUL} U/L, the site default when none is given).`] });
  }
  return {
    analyte: data.analyte, collectedOn: data.collectedOn, value, unit: data.unit, valueUL: toUL(value, data.unit),
    lowerLimitUL, upperLimitUL, accession: data.accession,
  };
}

function assertNotDuplicate(tx: Tx, patientId: number, v: ReturnType<typeof enzymeValues>, allow: boolean, exceptId?: number): void {
  if (allow) return;
  const same = tx.select({ id: enzymeResults.id, valueUL: enzymeResults.valueUL }).from(enzymeResults)
    .where(and(eq(enzymeResults.patientId, patientId), eq(enzymeResults.analyte, v.analyte), eq(enzymeResults.collectedOn, v.collectedOn), eq(enzymeResults.enteredInError, false))).all()
    .find((r) => r.id !== exceptId && Math.abs(r.valueUL - v.valueUL) < 1e-9);
  if (same) {
    throw conflict(`A ${ENZYME[v.analyte].shortLabel} of ${v.value} ${v.unit} on ${v.collectedOn} already exists. Tick "Save anyway" if this is a separate result.`, {
      allowDuplicate: ['Possible duplicate: tick to save anyway.'],
    });
  }
}

const p = (name: string) => sql.placeholder(name);
/** Prepared once per connection: an import inserts many rows (lib/dal/prepared.ts). */
const insertStatement = preparedPerConnection((db) => insertReturning(db, enzymeResults, {
  patientId: p('patientId'), analyte: p('analyte'), collectedOn: p('collectedOn'), value: p('value'), unit: p('unit'), valueUL: p('valueUL'),
  lowerLimitUL: p('lowerLimitUL'), upperLimitUL: p('upperLimitUL'), accession: p('accession'), createdBy: p('createdBy'), createdAt: p('createdAt'), updatedAt: p('updatedAt'),
}));

/**
 * Every check a new enzyme result must pass against its patient (collection date,
 * plausible value, limits); returns the column values or throws `invalid`. Shared by
 * single entry and import so both obey one rule set.
 */
export function checkNewEnzymeResult(patient: Pick<Patient, 'birthDate' | 'sex'>, data: EnzymeResultInput) {
  assertClinicalDate(data.collectedOn, 'collectedOn', 'Collection date', patient);
  return enzymeValues(data, patient);
}

/**
 * Checks and inserts one new enzyme result with its audit event, inside the caller's
 * transaction. The caller checks the permission and recomputes the patient's signals
 * (once per patient, which is what lets an import of many rows stay fast).
 */
export function insertEnzymeResult(tx: Tx, actor: Actor, patient: Pick<Patient, 'id' | 'birthDate' | 'sex'>, data: EnzymeResultInput, opts: InsertResultOptions = {}): EnzymeResultRow {
  const values = checkNewEnzymeResult(patient, data);
  assertNotDuplicate(tx, patient.id, values, data.allowDuplicate);
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
  return correctRow(actor, access, patientId, resultId, reason, (tx) => {
    const patient = loadPatient(tx, patientId);
    assertClinicalDate(data.collectedOn, 'collectedOn', 'Collection date', patient);
    const values = enzymeValues(data, patient);
    assertNotDuplicate(tx, patientId, values, data.allowDuplicate, resultId);
    return values;
  });
}

export function markEnzymeResultInError(actor: Actor, patientId: number, resultId: number, reason: unknown): EnzymeResultRow {
  return markRowEnteredInError(actor, access, patientId, resultId, reason);
}
