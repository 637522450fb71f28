import 'server-only';
import { count, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { antibodyResults, assays, enzymeResults, visits } from '@/db/schema';
import { can } from '../permissions';
import { forbidden } from '../errors';
import { activeEpochsOn } from '../domain/medications';
import { visitResponses } from '../domain/response';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { loadPatient, today } from './clinical-guards';
import { listMedicationEpochs } from './medications';
import { loadPatientClinicalData, toAntibodyResult, toEnzymeResult } from './patient-data';
import { antibodyRow, enzymeRow, loadStoredSignals, type AntibodyRow, type EnzymeRow } from './patient-record';
import { getPatient } from './patients';
import { preparedPerConnection } from './prepared';
import { readPatientTimeline, type DefaultResponses } from './timeline-store';
import { auditedReadTx } from './tx';
import { toVisitDetail, type VisitDetail } from './visits';

/** Rows a collapsed table shows (the newest); "Show all" expands it. */
export const RECENT_ROWS = 5;
export const PAGE_TABLES = ['antibody', 'enzyme', 'visits', 'medications'] as const;
export type PageTable = (typeof PAGE_TABLES)[number];

export interface PatientPageQuery {
  expanded: ReadonlySet<PageTable>;
  /** The visit TIS is scored against; null for the default (the first live visit). */
  baseline: number | null;
}

/** A table's rows as shown (newest first) and how many the patient has. */
export interface Shown<T> { rows: T[]; total: number }

const p = (name: string) => sql.placeholder(name);
const byPatient = (column: typeof antibodyResults.patientId | typeof enzymeResults.patientId | typeof visits.patientId) => eq(column, p('patientId'));
// LIMIT -1 is SQLite's "no limit": one prepared statement serves both views.
const statements = preparedPerConnection((db) => ({
  antibody: db.select({ r: antibodyResults, a: { name: assays.name, lab: assays.lab } }).from(antibodyResults).innerJoin(assays, eq(assays.id, antibodyResults.assayId))
    .where(byPatient(antibodyResults.patientId)).orderBy(desc(antibodyResults.collectedOn), desc(antibodyResults.id)).limit(p('limit')).prepare(),
  antibodyCount: db.select({ n: count() }).from(antibodyResults).where(byPatient(antibodyResults.patientId)).prepare(),
  enzyme: db.select().from(enzymeResults).where(byPatient(enzymeResults.patientId)).orderBy(desc(enzymeResults.collectedOn), desc(enzymeResults.id)).limit(p('limit')).prepare(),
  enzymeCount: db.select({ n: count() }).from(enzymeResults).where(byPatient(enzymeResults.patientId)).prepare(),
  visits: db.select().from(visits).where(byPatient(visits.patientId)).orderBy(desc(visits.visitOn), desc(visits.id)).limit(p('limit')).prepare(),
  visitCount: db.select({ n: count() }).from(visits).where(byPatient(visits.patientId)).prepare(),
}));

/**
 * What the patient page shows, read for its view: the patient (the view is audited
 * by getPatient), stored signals, the newest rows of each table unless expanded (with
 * their totals), the stored timeline and the visits' TIS against the default baseline
 * (timeline-store.ts; scored now only for another baseline), and the drug epochs.
 * A 20-year record is not loaded whole to show its newest rows (docs/performance.md).
 */
export function getPatientPage(actor: Actor, patientId: number, query: PatientPageQuery) {
  if (!can(actor, 'patient:view')) throw forbidden();
  const patient = getPatient(actor, patientId);
  const st = statements();
  const args = (table: PageTable) => ({ patientId, limit: query.expanded.has(table) ? -1 : RECENT_ROWS });
  const signals = loadStoredSignals(patientId);
  const antibody: Shown<AntibodyRow> = {
    rows: st.antibody.all(args('antibody')).map(({ r, a }) => antibodyRow(toAntibodyResult(r, a))), total: st.antibodyCount.get({ patientId })?.n ?? 0,
  };
  const enzyme: Shown<EnzymeRow> = { rows: st.enzyme.all(args('enzyme')).map((r) => enzymeRow(toEnzymeResult(r))), total: st.enzymeCount.get({ patientId })?.n ?? 0 };
  const visitRows: Shown<VisitDetail> = { rows: st.visits.all(args('visits')).map(toVisitDetail), total: st.visitCount.get({ patientId })?.n ?? 0 };
  const { timeline, responses: stored } = readPatientTimeline(patientId, () => signals);
  let responses: DefaultResponses = stored;
  if (query.baseline !== null && query.baseline !== stored.baselineVisitId) {
    const data = loadPatientClinicalData(getDb(), patientId);
    responses = visitResponses(data.visits, data.enzymeResults, query.baseline);
  }
  const epochs = listMedicationEpochs(actor, patientId);
  const now = today();
  const current = activeEpochsOn(epochs, now).sort((a, b) => (a.startOn < b.startOn ? -1 : a.startOn > b.startOn ? 1 : a.id - b.id));
  return { patient, signals, today: now, antibody, enzyme, visits: { ...visitRows, ...responses }, epochs, currentMedications: current, timeline };
}

export type PatientPage = ReturnType<typeof getPatientPage>;

/**
 * The whole timeline of one patient (gzipped JSON, timeline-wire.ts) for the page's
 * charts, which fetch it after the page has drawn its shell: 20 years of points inside
 * the page's HTML doubled the cost of every view (docs/performance.md). A read of the
 * record like the page itself, so audited the same way (`patient.timeline`).
 */
export function getPatientTimelineData(actor: Actor, patientId: number): Buffer {
  if (!can(actor, 'patient:view')) throw forbidden();
  auditedReadTx((tx) => {
    loadPatient(tx, patientId);
    appendAudit(tx, actor, { action: 'patient.timeline', entity: 'patient', entityId: patientId, patientId });
  });
  return readPatientTimeline(patientId, () => loadStoredSignals(patientId)).data;
}
