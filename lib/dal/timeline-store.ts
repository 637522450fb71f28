import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { patientTimelines } from '@/db/schema';
import { visitResponses, type VisitResponse } from '../domain/response';
import { buildTimeline, type LatestValue, type TimelineInput } from '../domain/timeline/build';
import type { CorrelationRow } from '../domain/timeline/correlation';
import { timelineShell, type TimelineShell } from '../domain/timeline/shell';
import { today } from './clinical-guards';
import { loadPatientClinicalData } from './patient-data';
import { preparedPerConnection } from './prepared';
import { auditedReadTx } from './tx';
import { gzipTimeline } from './timeline-wire';

/** What the patient page renders of the timeline, and the full data for the browser. */
export interface PatientTimeline {
  shell: TimelineShell;
  latest: LatestValue[];
  correlations: CorrelationRow[];
}

/** TIS of each visit against the default baseline (lib/domain/response.ts). */
export interface DefaultResponses {
  baselineVisitId: number | null;
  responses: VisitResponse[];
}

const p = (name: string) => sql.placeholder(name);
const statements = preparedPerConnection((db) => ({
  read: db.select().from(patientTimelines).where(eq(patientTimelines.patientId, p('patientId'))).prepare(),
  drop: db.delete(patientTimelines).where(eq(patientTimelines.patientId, p('patientId'))).prepare(),
  upsert: db.insert(patientTimelines).values({
    patientId: p('patientId'), builtFor: p('builtFor'), shellJson: p('shellJson'), latestJson: p('latestJson'),
    correlationsJson: p('correlationsJson'), responsesJson: p('responsesJson'), data: p('data'), updatedAt: p('updatedAt'),
  }).onConflictDoUpdate({
    target: patientTimelines.patientId,
    set: {
      builtFor: sql`excluded.built_for`, shellJson: sql`excluded.shell_json`, latestJson: sql`excluded.latest_json`, correlationsJson: sql`excluded.correlations_json`,
      responsesJson: sql`excluded.responses_json`, data: sql`excluded.data`, updatedAt: sql`excluded.updated_at`,
    },
  }).prepare(),
}));

function build(input: TimelineInput) {
  const data = buildTimeline(input);
  return {
    builtFor: input.today, shell: timelineShell(data), latest: data.latest, correlations: data.correlations,
    responses: visitResponses(input.visits, input.enzymeResults) as DefaultResponses, data: gzipTimeline(data),
  };
}

/**
 * Rebuilds and stores one patient's timeline and default visit responses as of today.
 * Called by recomputePatientSignals inside the transaction of every change to the
 * patient, with the rows and the signals it has just stored.
 */
export function storePatientTimeline(patientId: number, input: Omit<TimelineInput, 'today'>): void {
  store(patientId, build({ ...input, today: today() }));
}

function store(patientId: number, t: ReturnType<typeof build>): void {
  statements().upsert.run({
    patientId, builtFor: t.builtFor, shellJson: JSON.stringify(t.shell), latestJson: JSON.stringify(t.latest), correlationsJson: JSON.stringify(t.correlations),
    responsesJson: JSON.stringify(t.responses), data: t.data, updatedAt: new Date().toISOString(),
  });
}

/** Drops the stored timeline (a bulk import's change): the next view or the nightly recompute rebuilds it. */
export function invalidatePatientTimeline(patientId: number): void {
  statements().drop.run({ patientId });
}

type Stored = { timeline: PatientTimeline; responses: DefaultResponses; data: Buffer };

/**
 * The patient's stored timeline and responses when built today; otherwise (dropped by
 * an import, a new day before the nightly recompute, or a database from before they
 * were stored) rebuilt from the rows exactly as a change would and stored, in one
 * IMMEDIATE transaction so no change can commit between the read and the store
 * (committed like a view's audit event, without an fsync: it is derived data). Only
 * for a caller that has checked the actor and opened (audited) the record;
 * `storedSignals` reads the patient's stored signals.
 */
export function readPatientTimeline(patientId: number, storedSignals: () => TimelineInput['signals']): Stored {
  const fresh = readIfBuiltToday(patientId);
  if (fresh) return fresh;
  return auditedReadTx(() => {
    const raced = readIfBuiltToday(patientId);
    if (raced) return raced;
    const input = { ...loadPatientClinicalData(patientId), signals: storedSignals() };
    const t = build({ ...input, today: today() });
    store(patientId, t);
    return { timeline: { shell: t.shell, latest: t.latest, correlations: t.correlations }, responses: t.responses, data: t.data };
  });
}

function readIfBuiltToday(patientId: number): Stored | null {
  const row = statements().read.get({ patientId });
  if (!row || row.builtFor !== today()) return null;
  return {
    timeline: { shell: JSON.parse(row.shellJson), latest: JSON.parse(row.latestJson), correlations: JSON.parse(row.correlationsJson) },
    responses: JSON.parse(row.responsesJson), data: row.data,
  };
}
