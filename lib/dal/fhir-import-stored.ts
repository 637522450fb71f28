import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { antibodyResults, enzymeResults, recordHistory, type AntibodyResultRow, type EnzymeResultRow, type Patient } from '@/db/schema';
import { toUL } from '../domain/enzymes';
import type { LabEntry, LabResult, Retraction } from '../domain/fhir/import-observation';
import { quote, reject } from '../domain/fhir/import-values';
import { duplicateKeys } from '../import/lab-report';
import { findByIdentifiers } from './fhir-import-ids';
import { preparedPerConnection } from './prepared';
import type { Tx } from './tx';

/**
 * The stored results an incoming FHIR result may be (issue 18, item 4): by the sender's
 * identifier, by accession number, by value on its day, or an earlier version; and
 * whether it says the same as one of them.
 */
export type Stored = { entity: 'antibody-result'; row: AntibodyResultRow } | { entity: 'enzyme-result'; row: EnzymeResultRow };
export const entityOf = (r: LabResult) => (r.kind === 'antibody' ? 'antibody-result' : 'enzyme-result');

/** Prepared once per connection: a re-sent Bundle of thousands of identified results loads each one (lib/dal/prepared.ts). */
const byId = preparedPerConnection((db) => ({
  antibody: db.select().from(antibodyResults).where(eq(antibodyResults.id, sql.placeholder('id'))).prepare(),
  enzyme: db.select().from(enzymeResults).where(eq(enzymeResults.id, sql.placeholder('id'))).prepare(),
}));

function loadStored(entity: string, id: number): Stored | undefined {
  if (entity === 'antibody-result') {
    const row = byId().antibody.get({ id });
    return row ? { entity, row } : undefined;
  }
  const row = byId().enzyme.get({ id });
  return row ? { entity: 'enzyme-result', row } : undefined;
}

/** The result a sender's identifier was linked to, refused when it is another patient's. */
export function byIdentifier(tx: Tx, l: { identifiers: LabEntry['identifiers'] }, p: Patient): Stored | undefined {
  const link = findByIdentifiers(tx, 'Observation', l.identifiers)[0];
  if (!link) return undefined;
  if (link.patientId !== p.id) reject(`Identifier ${quote(`${link.system}|${link.value}`, 120)} belongs to a result of another patient in Titerline: refusing to attach it here.`);
  return loadStored(link.entity, link.entityId);
}

/** The versions a stored result had before its corrections (record_history), as stored rows. */
export function earlierVersions(tx: Tx, s: Stored): Stored[] {
  return tx.select({ dataJson: recordHistory.dataJson }).from(recordHistory).where(and(eq(recordHistory.entity, s.entity), eq(recordHistory.entityId, s.row.id))).all()
    .map((h) => ({ entity: s.entity, row: { ...s.row, ...(JSON.parse(h.dataJson) as object), enteredInError: false } }) as Stored);
}

/** This patient's results of the test with this accession number (live or not). */
export function byAccession(tx: Tx, p: Patient, kind: LabResult['kind'], analyte: string, accession: string): Stored[] {
  if (!accession) return [];
  if (kind === 'antibody') {
    return tx.select().from(antibodyResults).where(and(eq(antibodyResults.patientId, p.id), eq(antibodyResults.accession, accession))).all()
      .filter((r) => r.analyte === analyte).map((row) => ({ entity: 'antibody-result' as const, row }));
  }
  return tx.select().from(enzymeResults).where(and(eq(enzymeResults.patientId, p.id), eq(enzymeResults.accession, accession))).all()
    .filter((r) => r.analyte === analyte).map((row) => ({ entity: 'enzyme-result' as const, row }));
}

export const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);

/**
 * The duplicate keys of an incoming result, as the CSV import builds them (lib/import/lab-report.ts
 * duplicateKeys): an anti-Mi2 result with its assay and the assay's unit, as it would be stored.
 */
export function keysOf(p: Patient, l: Pick<LabEntry, 'result' | 'day'>) {
  const r = l.result;
  if (r.kind === 'enzyme') return duplicateKeys(p.id, { analyte: r.plan.analyte, collectedOn: l.day, accession: r.plan.accession, valueUL: toUL(r.plan.value, r.plan.unit) });
  const { plan, assay } = r;
  return duplicateKeys(p.id, {
    analyte: plan.analyte, collectedOn: l.day, accession: plan.accession, assayId: assay.id, value: plan.value, comparator: plan.comparator, qualitative: plan.qualitative, unit: assay.unit,
  });
}

/** The stored result says what the incoming one says (the limits only when the sender gives them). */
export function sameResult(s: Stored, l: Pick<LabEntry, 'result' | 'day'>): boolean {
  if (s.row.collectedOn !== l.day || s.row.analyte !== l.result.plan.analyte) return false;
  if (s.entity === 'antibody-result' && l.result.kind === 'antibody') {
    const { plan, assay } = l.result;
    return s.row.assayId === assay.id && close(s.row.value, plan.value) && s.row.comparator === plan.comparator && s.row.qualitative === plan.qualitative
      && (plan.cutoff === null || close(s.row.cutoff, plan.cutoff));
  }
  if (s.entity === 'enzyme-result' && l.result.kind === 'enzyme') {
    const { plan } = l.result;
    return close(s.row.valueUL, toUL(plan.value, plan.unit)) && (plan.upperLimit === null || close(s.row.upperLimitUL, toUL(plan.upperLimit, plan.unit)))
      && (plan.lowerLimit === null || close(s.row.lowerLimitUL, toUL(plan.lowerLimit, plan.unit)));
  }
  return false;
}


/** Live results with the retraction's value on its day (when it repeats the value it withdraws). */
export function liveWithSameValue(tx: Tx, p: Patient, r: Retraction): Stored[] {
  const { result, day } = r;
  if (result === null || day === null) return [];
  return byDay(tx, p, result).filter((s) => !s.row.enteredInError && sameResult(s, { result, day }));
}

function byDay(tx: Tx, p: Patient, result: LabResult): Stored[] {
  if (result.kind === 'antibody') {
    return tx.select().from(antibodyResults).where(and(eq(antibodyResults.patientId, p.id), eq(antibodyResults.analyte, result.plan.analyte))).all().map((row) => ({ entity: 'antibody-result' as const, row }));
  }
  return tx.select().from(enzymeResults).where(and(eq(enzymeResults.patientId, p.id), eq(enzymeResults.analyte, result.plan.analyte))).all().map((row) => ({ entity: 'enzyme-result' as const, row }));
}

