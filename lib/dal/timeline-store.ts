import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { patientTimelines } from '@/db/schema';
import { visitResponses, type VisitResponse } from '../domain/response';
import { buildTimeline, type LatestValue, type TimelineInput } from '../domain/timeline/build';
import type { CorrelationRow } from '../domain/timeline/correlation';
import { timelineShell, type TimelineShell } from '../domain/timeline/shell';
import { today } from './clinical-guards';
import { preparedPerConnection } from './prepared';
import { derivedWriteTx, type Tx } from './tx';
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
const t = patientTimelines;
const statements = preparedPerConnection((db) => ({
  // Each reader reads only its part: the overview never needs the 30 kB of responses or the data blob.
  read: {
    timeline: db.select({ builtFor: t.builtFor, shellJson: t.shellJson, latestJson: t.latestJson, correlationsJson: t.correlationsJson }).from(t).where(eq(t.patientId, p('patientId'))).prepare(),
    responses: db.select({ builtFor: t.builtFor, responsesJson: t.responsesJson }).from(t).where(eq(t.patientId, p('patientId'))).prepare(),
    data: db.select({ builtFor: t.builtFor, data: t.data }).from(t).where(eq(t.patientId, p('patientId'))).prepare(),
    builtFor: db.select({ builtFor: t.builtFor }).from(t).where(eq(t.patientId, p('patientId'))).prepare(),
  },
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

function store(patientId: number, built: ReturnType<typeof build>): void {
  statements().upsert.run({
    patientId, builtFor: built.builtFor, shellJson: JSON.stringify(built.shell), latestJson: JSON.stringify(built.latest), correlationsJson: JSON.stringify(built.correlations),
    responsesJson: JSON.stringify(built.responses), data: built.data, updatedAt: new Date().toISOString(),
  });
}

/** Drops the stored timeline (a bulk import's change): the next view or the nightly recompute rebuilds it. */
export function invalidatePatientTimeline(patientId: number): void {
  statements().drop.run({ patientId });
}

/**
 * Drops the stored timelines of every patient with a result of this assay (an edit of the
 * catalog entry: its name and lab label the flowsheet's assay row and the chart's series),
 * in the caller's transaction; each rebuilds on its next view or the nightly recompute.
 * Entered-in-error results count too: cheaper than telling them apart, and harmless.
 */
export function invalidateTimelinesOfAssay(tx: Tx, assayId: number): number {
  return tx.run(sql`DELETE FROM patient_timelines WHERE patient_id IN (SELECT patient_id FROM antibody_results WHERE assay_id = ${assayId})`).changes;
}

type Stored = { timeline: PatientTimeline; responses: DefaultResponses; data: Buffer };
type Part = keyof Stored;

/**
 * One part of the patient's stored timeline (`timeline`: shell, latest values and
 * correlations for the overview; `responses`: the visits' default TIS; `data`: the
 * gzipped whole for the charts), read alone, when built today. Otherwise (dropped by
 * an import, a new day before the nightly recompute, or a database from before they
 * were stored) `refresh` recomputes the patient's signals AND timeline as of today,
 * exactly as a change would, in one IMMEDIATE transaction so no change can commit in
 * between (committed like a view's audit event, without an fsync: it is derived data).
 * Signals hang on today (quiescence windows, titer age, coverage of a drug): a record
 * opened on a new day never shows yesterday's tapering signal. Only for a caller that
 * has checked the actor and opened (audited) the record.
 */
export function readPatientTimeline<K extends Part>(patientId: number, part: K, refresh: (tx: Tx) => void): Stored[K] {
  const fresh = readIfBuiltToday(patientId, part);
  if (fresh !== null) return fresh;
  return derivedWriteTx((tx) => {
    const raced = readIfBuiltToday(patientId, part);
    if (raced !== null) return raced;
    refresh(tx);
    const rebuilt = readIfBuiltToday(patientId, part);
    if (rebuilt === null) throw new Error(`The timeline of patient ${patientId} was not stored by its refresh`);
    return rebuilt;
  });
}

/**
 * Makes sure the patient's signals and timeline are as of today, reading nothing else
 * (the built-for date only): for a caller that reads the stored signals but no part of
 * the timeline (the record read through the REST API and the lab detail page). The
 * same IMMEDIATE transaction and race check as readPatientTimeline.
 */
export function refreshIfStale(patientId: number, refresh: (tx: Tx) => void): void {
  const builtToday = () => statements().read.builtFor.get({ patientId })?.builtFor === today();
  if (builtToday()) return;
  derivedWriteTx((tx) => {
    if (!builtToday()) refresh(tx);
  });
}

function readIfBuiltToday<K extends Part>(patientId: number, part: K): Stored[K] | null {
  const read = statements().read;
  const now = today();
  if (part === 'timeline') {
    const row = read.timeline.get({ patientId });
    if (!row || row.builtFor !== now) return null;
    const shell = JSON.parse(row.shellJson) as Partial<TimelineShell>;
    // A shell stored before it carried the first frame is rebuilt like yesterday's (decision 0041).
    if (!shell.sketch) return null;
    return { shell, latest: JSON.parse(row.latestJson), correlations: JSON.parse(row.correlationsJson) } as Stored[K];
  }
  if (part === 'responses') {
    const row = read.responses.get({ patientId });
    return !row || row.builtFor !== now ? null : (JSON.parse(row.responsesJson) as Stored[K]);
  }
  const row = read.data.get({ patientId });
  return !row || row.builtFor !== now ? null : (row.data as Stored[K]);
}
