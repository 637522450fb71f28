import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { visits, type VisitRow } from '@/db/schema';
import { mmtTotal, type MmtTotal } from '../domain/mmt';
import { can } from '../permissions';
import { visitWarnings } from '../domain/plausibility';
import { forbidden, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { visitSchema, type Finding, type VisitInput } from '../validation/visits';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { requireConfirmation } from './confirmations';
import { assertClinicalDate, loadPatient } from './clinical-guards';
import { correctRow, markRowEnteredInError, type RowAccess } from './row-changes';
import { recomputePatientSignals } from './signal-store';
import { writeTx, type Tx } from './tx';

/**
 * A second live visit on the same date asks for confirmation (`allowImplausible`):
 * possible, but a double entry is likelier, and two visits a day double the MMT-8 and
 * TIS points of that day (issue 17, item 6).
 */
function confirmVisitDate(tx: Pick<Tx, 'select'>, patientId: number, data: VisitInput, exceptId?: number): void {
  const sameDay = tx.select({ id: visits.id }).from(visits).where(and(eq(visits.patientId, patientId), eq(visits.visitOn, data.visitOn), eq(visits.enteredInError, false))).all()
    .filter((v) => v.id !== exceptId).length;
  requireConfirmation(null, visitWarnings(data.visitOn, sameDay), { allowDuplicate: true, allowImplausible: data.allowImplausible });
}

/** A visit as the pages show it: stored columns plus the MMT-8 result read back by lib/domain/mmt. */
export interface VisitDetail {
  id: number;
  visitOn: string;
  clinicianName: string;
  mmtVersion: VisitRow['mmtVersion'];
  mmtGrades: Record<string, number>;
  mmt: MmtTotal | null;
  physicianGlobal: number | null;
  patientGlobal: number | null;
  haq: number | null;
  extramuscular: number | null;
  findings: Finding[];
  notes: string;
  version: number;
  enteredInError: boolean;
  errorReason: string | null;
}

/**
 * Column values from validated input. The MMT-8 total, tested count and maximum are
 * computed here with lib/domain/mmt.ts, never taken from the client; a partial exam
 * stores mmt_total = null (docs/clinical/strength.md: never a low total). A visit
 * with no grade stores no MMT version at all (strength not tested).
 */
function visitValues(data: VisitInput, clinician: { name: string; id: number | null }) {
  const graded = Object.keys(data.grades).length > 0;
  const mmt = graded ? mmtTotal(data.mmtVersion, data.grades) : null;
  return {
    visitOn: data.visitOn,
    clinicianId: clinician.id,
    clinicianName: clinician.name,
    mmtVersion: graded ? data.mmtVersion : null,
    mmtGradesJson: JSON.stringify(data.grades),
    mmtTotal: mmt?.total ?? null,
    mmtTested: mmt?.tested ?? 0,
    mmtMax: mmt?.max ?? null,
    physicianGlobal: data.physicianGlobal,
    patientGlobal: data.patientGlobal,
    haq: data.haq,
    extramuscular: data.extramuscular,
    findingsJson: JSON.stringify(data.findings),
    notes: data.notes,
  };
}

/**
 * Who examined: an empty clinician field means the acting physician (linked by id);
 * another typed name (e.g. a colleague's exam being transcribed) is kept as text only.
 */
function clinicianOf(data: VisitInput, actor: Actor, before?: Pick<VisitRow, 'clinicianName' | 'clinicianId'>): { name: string; id: number | null } {
  const name = data.clinicianName || before?.clinicianName || actor.name;
  if (before && name === before.clinicianName) return { name, id: before.clinicianId };
  return { name, id: name === actor.name ? actor.userId : null };
}

/** Records a clinic visit with its MMT-8, globals, HAQ-DI and findings (physicians only). */
export function recordVisit(actor: Actor, patientId: number, input: unknown): VisitRow {
  if (!can(actor, 'visit:write')) throw forbidden({ actor, permission: 'visit:write' });
  const data = parseOrThrow(visitSchema, input);
  return writeTx((tx) => {
    const patient = loadPatient(tx, patientId);
    assertClinicalDate(data.visitOn, 'visitOn', 'Visit date', patient);
    confirmVisitDate(tx, patientId, data);
    const now = new Date().toISOString();
    const row = tx.insert(visits).values({ ...visitValues(data, clinicianOf(data, actor)), patientId, createdBy: actor.userId, createdAt: now, updatedAt: now }).returning().get();
    appendAudit(tx, actor, { action: 'visit.create', entity: 'visit', entityId: row.id, patientId, after: row });
    recomputePatientSignals(tx, patientId);
    return row;
  });
}

const access: RowAccess<VisitRow> = {
  entity: 'visit',
  label: 'Visit',
  permission: 'visit:write',
  load: (tx, id) => tx.select().from(visits).where(eq(visits.id, id)).get(),
  save: (tx, id, patch) => tx.update(visits).set(patch).where(eq(visits.id, id)).returning().get(),
};

/** Corrects a visit; the earlier version is kept in record_history with the reason. */
export function correctVisit(actor: Actor, patientId: number, visitId: number, input: unknown, reason: unknown): VisitRow {
  if (!can(actor, 'visit:write')) throw forbidden({ actor, permission: 'visit:write' });
  const data = parseOrThrow(visitSchema, input);
  return correctRow(actor, access, patientId, visitId, reason, (tx, before) => {
    assertClinicalDate(data.visitOn, 'visitOn', 'Visit date', loadPatient(tx, patientId));
    confirmVisitDate(tx, patientId, data, visitId);
    return visitValues(data, clinicianOf(data, actor, before));
  });
}

/** Marks a visit entered in error: out of totals and signals, kept in history. */
export function markVisitInError(actor: Actor, patientId: number, visitId: number, reason: unknown): VisitRow {
  return markRowEnteredInError(actor, access, patientId, visitId, reason);
}

export function toVisitDetail(r: VisitRow): VisitDetail {
  const grades = JSON.parse(r.mmtGradesJson) as Record<string, number>;
  return {
    id: r.id, visitOn: r.visitOn, clinicianName: r.clinicianName, mmtVersion: r.mmtVersion, mmtGrades: grades,
    mmt: r.mmtVersion ? mmtTotal(r.mmtVersion, grades) : null,
    physicianGlobal: r.physicianGlobal, patientGlobal: r.patientGlobal, haq: r.haq, extramuscular: r.extramuscular,
    findings: JSON.parse(r.findingsJson) as Finding[], notes: r.notes, version: r.version, enteredInError: r.enteredInError, errorReason: r.errorReason,
  };
}

/**
 * A patient's visits, newest first, entered-in-error rows included (the table shows
 * them struck through). The caller has already opened (and audited) the record.
 */
export function listVisits(actor: Actor, patientId: number): VisitDetail[] {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  return getDb().select().from(visits).where(eq(visits.patientId, patientId)).orderBy(asc(visits.visitOn), asc(visits.id)).all().map(toVisitDetail).reverse();
}

/** One visit of this patient; another patient's visit id is simply not found. */
export function getVisit(actor: Actor, patientId: number, visitId: number): VisitDetail {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const db = getDb();
  loadPatient(db, patientId);
  const row = db.select().from(visits).where(and(eq(visits.id, visitId), eq(visits.patientId, patientId))).get();
  if (!row) throw notFound('Visit');
  return toVisitDetail(row);
}
