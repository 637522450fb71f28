import 'server-only';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { antibodyResults, assays, enzymeResults, visits } from '@/db/schema';
import { can } from '../permissions';
import { byDateThenId } from '../domain/dates';
import { forbidden } from '../errors';
import { activeEpochsOn } from '../domain/medications';
import { rangeDefaults, type RangeHistoryRow } from '../domain/reference-range';
import { visitResponses } from '../domain/response';
import type { Actor } from './actor';
import { loadPatient, today } from './clinical-guards';
import { listMedicationEpochs } from './medications';
import { loadPatientClinicalData, toAntibodyResult, toEnzymeResult } from './patient-data';
import { antibodyRow, enzymeRow, loadStoredSignals, type AntibodyRow, type EnzymeRow } from './patient-record';
import { getPatient } from './patients';
import { preparedPerConnection } from './prepared';
import { readPatientTimeline } from './timeline-store';
import { recomputeAsOfToday } from './signal-store';
import { recordRead } from './read-audit';
import { getDb } from '@/db/client';
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
  // The ranges an empty entry can take (lib/domain/reference-range.ts): the live results whose range came from their lab.
  labRanges: db.select({ id: enzymeResults.id, analyte: enzymeResults.analyte, collectedOn: enzymeResults.collectedOn, lowerLimitUL: enzymeResults.lowerLimitUL,
    upperLimitUL: enzymeResults.upperLimitUL, rangeSource: enzymeResults.rangeSource, enteredInError: enzymeResults.enteredInError })
    .from(enzymeResults).where(and(byPatient(enzymeResults.patientId), eq(enzymeResults.rangeSource, 'lab'), eq(enzymeResults.enteredInError, false))).prepare(),
  visits: db.select().from(visits).where(byPatient(visits.patientId)).orderBy(desc(visits.visitOn), desc(visits.id)).limit(p('limit')).prepare(),
  visitCount: db.select({ n: count() }).from(visits).where(byPatient(visits.patientId)).prepare(),
  latestAssay: db.select({ id: assays.id, active: assays.active }).from(antibodyResults).innerJoin(assays, eq(assays.id, antibodyResults.assayId))
    .where(and(byPatient(antibodyResults.patientId), eq(antibodyResults.enteredInError, false)))
    .orderBy(desc(antibodyResults.collectedOn), desc(antibodyResults.id)).limit(1).prepare(),
  mostUsedAssay: db.select({ id: assays.id }).from(antibodyResults).innerJoin(assays, eq(assays.id, antibodyResults.assayId))
    .where(and(eq(assays.active, true), eq(antibodyResults.enteredInError, false)))
    .groupBy(assays.id).orderBy(desc(count()), asc(assays.id)).limit(1).prepare(),
}));

/**
 * The assay the anti-Mi2 form starts on: the one of this patient's latest valid result,
 * so a series stays on one assay (a silent switch breaks the trend and raises
 * assay-change); when the patient has none, or that assay is no longer in use, the
 * clinic's most used active assay. Null when no result names an active assay: the
 * form then asks for a choice instead of offering the first of the list.
 */
function defaultAssayId(patientId: number): number | null {
  const st = statements();
  const latest = st.latestAssay.get({ patientId });
  if (latest?.active) return latest.id;
  return st.mostUsedAssay.get()?.id ?? null;
}

/** The record's tabs (docs/decisions/0013). */
export type PatientTab = 'overview' | 'results' | 'visits' | 'medications';

/**
 * The patient's record is read tab by tab: the overview carries what a decision needs
 * (signals, current treatment, the timeline), the other tabs the tables and their
 * entry forms. Each read opens (and audits) the record through getPatient, and reads
 * only what its tab shows: a 20-year record is never loaded whole to show its newest
 * rows (docs/performance.md).
 */
function opened(actor: Actor, patientId: number) {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  return { patient: getPatient(actor, patientId), today: today() };
}


const args = (query: Pick<PatientPageQuery, 'expanded'>, table: PageTable, patientId: number) => ({ patientId, limit: query.expanded.has(table) ? -1 : RECENT_ROWS });

/** The overview: stored signals, the drugs the patient is on today, and the stored timeline. */
export function getPatientOverview(actor: Actor, patientId: number) {
  const { patient, today: now } = opened(actor, patientId);
  // First the timeline: on a new day it recomputes the signals as of today, then they are read.
  const timeline = readPatientTimeline(patientId, 'timeline', recomputeAsOfToday(patientId));
  const signals = loadStoredSignals(patientId);
  const current = activeEpochsOn(listMedicationEpochs(actor, patientId), now).sort(byDateThenId((e) => e.startOn));
  return { patient, signals, today: now, timeline, currentMedications: current };
}

/**
 * The results tab: the newest anti-Mi2 and enzyme results (all when expanded), with
 * their totals, each enzyme row with where its range came from, and the ranges an
 * empty range would take now (the entry form's hint, `rangeDefaults`).
 */
export function getPatientResults(actor: Actor, patientId: number, query: Pick<PatientPageQuery, 'expanded'>) {
  const { patient, today: now } = opened(actor, patientId);
  const st = statements();
  const antibody: Shown<AntibodyRow> = {
    rows: st.antibody.all(args(query, 'antibody', patientId)).map(({ r, a }) => antibodyRow(toAntibodyResult(r, a))), total: st.antibodyCount.get({ patientId })?.n ?? 0,
  };
  const enzyme: Shown<EnzymeRow> = {
    rows: st.enzyme.all(args(query, 'enzyme', patientId)).map((r) => ({ ...enzymeRow(toEnzymeResult(r)), rangeSource: r.rangeSource })), total: st.enzymeCount.get({ patientId })?.n ?? 0,
  };
  const ranges: RangeHistoryRow[] = st.labRanges.all({ patientId });
  return { patient, today: now, antibody, enzyme, defaultAssayId: defaultAssayId(patientId), rangeDefaults: rangeDefaults(ranges, patient.sex) };
}

/**
 * The visits tab: the newest visits with their TIS against the default baseline
 * (stored with the timeline: timeline-store.ts), scored on view against another.
 */
export function getPatientVisits(actor: Actor, patientId: number, query: PatientPageQuery) {
  const { patient, today: now } = opened(actor, patientId);
  const st = statements();
  const visitRows: Shown<VisitDetail> = { rows: st.visits.all(args(query, 'visits', patientId)).map(toVisitDetail), total: st.visitCount.get({ patientId })?.n ?? 0 };
  let responses = readPatientTimeline(patientId, 'responses', recomputeAsOfToday(patientId));
  if (query.baseline !== null && query.baseline !== responses.baselineVisitId) {
    const data = loadPatientClinicalData(patientId);
    responses = visitResponses(data.visits, data.enzymeResults, query.baseline);
  }
  return { patient, today: now, visits: { ...visitRows, ...responses } };
}

/** The medications tab: every drug epoch, entered-in-error ones included. */
export function getPatientMedications(actor: Actor, patientId: number) {
  const { patient, today: now } = opened(actor, patientId);
  return { patient, today: now, epochs: listMedicationEpochs(actor, patientId) };
}

export type PatientOverview = ReturnType<typeof getPatientOverview>;
export type PatientResults = ReturnType<typeof getPatientResults>;
export type PatientVisits = ReturnType<typeof getPatientVisits>;
export type PatientMedications = ReturnType<typeof getPatientMedications>;


/**
 * The whole timeline of one patient (gzipped JSON, timeline-wire.ts) for the page's
 * charts, which fetch it after the page has drawn its shell: 20 years of points inside
 * the page's HTML doubled the cost of every view (docs/performance.md). A read of the
 * record like the page itself, so audited the same way (`patient.timeline`).
 */
export function getPatientTimelineData(actor: Actor, patientId: number): Buffer {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  loadPatient(getDb(), patientId);
  recordRead(actor, { action: 'patient.timeline', entity: 'patient', entityId: patientId, patientId });
  return readPatientTimeline(patientId, 'data', recomputeAsOfToday(patientId));
}
