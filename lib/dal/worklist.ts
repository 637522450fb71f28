import 'server-only';
import { and, asc, desc, eq, exists, lt, or, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { patients, patientSignals, patientSummaries, signalAcknowledgements, users } from '@/db/schema';
import { addMonths } from '../domain/dates';
import { SIGNAL_CODES } from '../domain/signals';
import type { PatientSnapshot } from '../domain/summary';
import { can } from '../permissions';
import { forbidden } from '../errors';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { today } from './clinical-guards';
import { preparedPerConnection } from './prepared';
import { NEEDS_ATTENTION_BELOW, readSignalSettings } from './signal-store';

export const WORKLIST_PAGE_SIZE = 25;

export const worklistQuerySchema = z.object({
  signal: z.enum(SIGNAL_CODES).optional().catch(undefined),
  physician: z.coerce.number().int().positive().optional().catch(undefined),
  due: z.enum(['1']).optional().catch(undefined),
  /** "attention": only patients with a signal nobody has acknowledged as it now stands; anything else: all. */
  show: z.enum(['attention', 'all']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** Who acknowledged a signal, when (ISO timestamp) and why. */
export interface WorklistAck { by: string; at: string; note: string }
export interface WorklistSignal {
  code: string; level: string; since: string;
  acknowledged: WorklistAck | null;
  /** An earlier acknowledgement of this signal that lapsed because the evidence changed (a new result). */
  lapsed: WorklistAck | null;
}
export interface WorklistRow {
  patientId: number; mrn: string; name: string; physicianName: string | null;
  /** Every signal acknowledged as it now stands. */
  handled: boolean;
  topLevelRank: number; signals: WorklistSignal[]; snapshot: PatientSnapshot;
}

const p = (name: string) => sql.placeholder(name);
type Shape = { due: boolean; attention: boolean; signal: boolean; physician: boolean };

/**
 * The worklist's statements for one filter shape (due or not, signal, physician),
 * prepared once per connection with placeholders for the values: building and
 * compiling them on every view cost as much as running them (docs/performance.md).
 */
function buildStatements(db: ReturnType<typeof getDb>, shape: Shape) {
  // Filters on the summary row alone; the patient-level one (physician) joins patients.
  const filters: SQL[] = [shape.due
    ? or(isNull(patientSummaries.lastTiterOn), lt(patientSummaries.lastTiterOn, p('cutoff')))!
    : lt(patientSummaries.topLevelRank, shape.attention ? NEEDS_ATTENTION_BELOW : 9)];
  if (shape.signal) {
    filters.push(exists(db.select({ one: sql`1` }).from(patientSignals).where(and(eq(patientSignals.patientId, patientSummaries.patientId), eq(patientSignals.code, p('signal'))))));
  }
  const summaryWhere = and(...filters);
  // Due for labs: only patients whose titer is followed, an anti-Mi2-positive diagnosis or any positive result.
  const followed = or(eq(patients.diagnosisGroup, 'mi2-pos-dm'), sql`json_extract(${patientSummaries.snapshotJson}, '$.everPositive') = 1`)!;
  const where = and(eq(patients.enteredInError, false), ...filters, ...(shape.due ? [followed] : []), ...(shape.physician ? [eq(patients.physicianId, p('physician'))] : []));
  return {
    // With a physician: one join per matching patient. Without: the summaries matching
    // (from their index) minus those of patients entered in error, read from the partial
    // index that holds only them (hence the CROSS JOIN that makes SQLite start there);
    // the same number, at a cost that no longer grows with the cohort.
    countJoined: db.select({ n: sql<number>`count(*)` }).from(patientSummaries).innerJoin(patients, eq(patients.id, patientSummaries.patientId)).where(where).prepare(),
    countSummaries: db.select({ n: sql<number>`count(*)` }).from(patientSummaries).where(summaryWhere).prepare(),
    countInError: db.select({ n: sql<number>`count(*)` }).from(sql`${patients} CROSS JOIN ${patientSummaries} ON ${patientSummaries.patientId} = ${patients.id}`)
      .where(and(sql`${patients.enteredInError} = 1`, summaryWhere)).prepare(), // a literal 1: a bound value would not match the partial index
    page: db
      .select({ s: patientSummaries, p: { id: patients.id, mrn: patients.mrn, familyName: patients.familyName, givenName: patients.givenName }, physicianName: users.name })
      .from(patientSummaries)
      .innerJoin(patients, eq(patients.id, patientSummaries.patientId))
      .leftJoin(users, eq(users.id, patients.physicianId))
      .where(where)
      .orderBy(asc(patientSummaries.topLevelRank), desc(patientSummaries.latestSignalSince), asc(patients.familyName))
      .limit(WORKLIST_PAGE_SIZE)
      .offset(p('offset'))
      .prepare(),
  };
}

const statements = preparedPerConnection((db) => {
  const byShape = new Map<string, ReturnType<typeof buildStatements>>();
  return {
    forShape(shape: Shape) {
      const key = `${shape.due}|${shape.attention}|${shape.signal}|${shape.physician}`;
      let st = byShape.get(key);
      if (!st) byShape.set(key, (st = buildStatements(db, shape)));
      return st;
    },
    // The page's patient ids as one JSON array: one statement whatever their number.
    signals: db.select({ patientId: patientSignals.patientId, code: patientSignals.code, level: patientSignals.level, since: patientSignals.since, fingerprint: patientSignals.fingerprint })
      .from(patientSignals).where(sql`${patientSignals.patientId} IN (SELECT value FROM json_each(${p('ids')}))`)
      .orderBy(asc(patientSignals.levelRank)).prepare(),
    acks: db.select({ patientId: signalAcknowledgements.patientId, code: signalAcknowledgements.code, fingerprint: signalAcknowledgements.fingerprint,
      note: signalAcknowledgements.note, at: signalAcknowledgements.at, by: users.name })
      .from(signalAcknowledgements).leftJoin(users, eq(users.id, signalAcknowledgements.userId))
      .where(sql`${signalAcknowledgements.patientId} IN (SELECT value FROM json_each(${p('ids')}))`)
      .orderBy(asc(signalAcknowledgements.id)).prepare(),
  };
});

/**
 * Patients with active signals: those needing attention first (action, warning, info),
 * then those whose every signal is acknowledged as it now stands, each most recent first.
 * Reads only the stored signals, acknowledgements and summaries: nothing is computed
 * here, so the cost does not grow with each patient's history. "Due for labs" lists
 * patients whose titer is followed (anti-Mi2-positive diagnosis or any positive result)
 * and whose last titer is older than the site's overdue interval (or who have none).
 */
export function listWorklist(actor: Actor, rawQuery: unknown) {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const q = parseOrThrow(worklistQuerySchema, rawQuery ?? {});
  const all = statements();
  const st = all.forShape({ due: !!q.due, attention: !q.due && q.show === 'attention', signal: !!q.signal, physician: !!q.physician });
  const dueIntervalMonths = readSignalSettings(getDb()).overdueIntervalMonths;
  const values = {
    ...(q.due ? { cutoff: addMonths(today(), -dueIntervalMonths) } : {}),
    ...(q.signal ? { signal: q.signal } : {}),
    ...(q.physician ? { physician: q.physician } : {}),
  };
  // The followed-titer filter of "Due for labs" reads the patient row: counted with the join.
  const total = q.physician || q.due ? (st.countJoined.get(values)?.n ?? 0) : (st.countSummaries.get(values)?.n ?? 0) - (st.countInError.get(values)?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE));
  const page = Math.min(q.page, pages);
  const rows = st.page.all({ ...values, offset: (page - 1) * WORKLIST_PAGE_SIZE });
  const ids = rows.map((r) => r.p.id);
  const signals = ids.length ? all.signals.all({ ids: JSON.stringify(ids) }) : [];
  const acks = ids.length ? all.acks.all({ ids: JSON.stringify(ids) }) : [];
  const items: WorklistRow[] = rows.map(({ s, p, physicianName }) => ({
    patientId: p.id, mrn: p.mrn, name: `${p.familyName.toUpperCase()}, ${p.givenName}`, physicianName, topLevelRank: s.topLevelRank,
    handled: s.topLevelRank >= NEEDS_ATTENTION_BELOW && s.topLevelRank < 9,
    signals: signals.filter((x) => x.patientId === p.id).map((x) => withAcknowledgement(x, acks.filter((a) => a.patientId === p.id && a.code === x.code))),
    snapshot: JSON.parse(s.snapshotJson) as PatientSnapshot,
  }));
  return { items, total, page, pages, query: q, dueIntervalMonths };
}

type AckRow = { fingerprint: string; note: string; at: string; by: string | null };
const ackOf = (a: AckRow | undefined): WorklistAck | null => (a ? { by: a.by ?? 'a former user', at: a.at, note: a.note } : null);

/**
 * A stored signal with its acknowledgement as it now stands (same fingerprint), or
 * else the latest one that lapsed when the evidence changed. `acks` are this
 * patient's and code's, oldest first.
 */
function withAcknowledgement(s: { code: string; level: string; since: string; fingerprint: string }, acks: readonly AckRow[]): WorklistSignal {
  const current = acks.filter((a) => a.fingerprint === s.fingerprint).at(-1);
  return { code: s.code, level: s.level, since: s.since, acknowledged: ackOf(current), lapsed: current ? null : ackOf(acks.at(-1)) };
}
