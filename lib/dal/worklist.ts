import 'server-only';
import { and, asc, desc, eq, exists, lt, or, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { patients, patientSignals, patientSummaries, users } from '@/db/schema';
import { addMonths } from '../domain/dates';
import { SIGNAL_CODES } from '../domain/signals';
import type { PatientSnapshot } from '../domain/summary';
import { can } from '../permissions';
import { forbidden } from '../errors';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { today } from './clinical-guards';
import { preparedPerConnection } from './prepared';
import { readSignalSettings } from './signal-store';

export const WORKLIST_PAGE_SIZE = 25;

export const worklistQuerySchema = z.object({
  signal: z.enum(SIGNAL_CODES).optional().catch(undefined),
  physician: z.coerce.number().int().positive().optional().catch(undefined),
  due: z.enum(['1']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export interface WorklistRow {
  patientId: number; mrn: string; name: string; physicianName: string | null;
  topLevelRank: number; signals: { code: string; level: string; since: string }[]; snapshot: PatientSnapshot;
}

const p = (name: string) => sql.placeholder(name);
type Shape = { due: boolean; signal: boolean; physician: boolean };

/**
 * The worklist's statements for one filter shape (due or not, signal, physician),
 * prepared once per connection with placeholders for the values: building and
 * compiling them on every view cost as much as running them (docs/performance.md).
 */
function buildStatements(db: ReturnType<typeof getDb>, shape: Shape) {
  // Filters on the summary row alone; the patient-level one (physician) joins patients.
  const filters: SQL[] = [shape.due ? or(isNull(patientSummaries.lastTiterOn), lt(patientSummaries.lastTiterOn, p('cutoff')))! : lt(patientSummaries.topLevelRank, 9)];
  if (shape.signal) {
    filters.push(exists(db.select({ one: sql`1` }).from(patientSignals).where(and(eq(patientSignals.patientId, patientSummaries.patientId), eq(patientSignals.code, p('signal'))))));
  }
  const summaryWhere = and(...filters);
  const where = and(eq(patients.enteredInError, false), ...filters, ...(shape.physician ? [eq(patients.physicianId, p('physician'))] : []));
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
      const key = `${shape.due}|${shape.signal}|${shape.physician}`;
      let st = byShape.get(key);
      if (!st) byShape.set(key, (st = buildStatements(db, shape)));
      return st;
    },
    // The page's patient ids as one JSON array: one statement whatever their number.
    signals: db.select({ patientId: patientSignals.patientId, code: patientSignals.code, level: patientSignals.level, since: patientSignals.since })
      .from(patientSignals).where(sql`${patientSignals.patientId} IN (SELECT value FROM json_each(${p('ids')}))`)
      .orderBy(asc(patientSignals.levelRank)).prepare(),
  };
});

/**
 * Patients with active signals, most important first (action, warning, info), then most
 * recent. Reads only the stored signals and summaries: nothing is computed here, so the
 * cost does not grow with each patient's history. "Due for labs" lists patients whose
 * last titer is older than the overdue interval (or who have none), signals or not.
 */
export function listWorklist(actor: Actor, rawQuery: unknown) {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const q = parseOrThrow(worklistQuerySchema, rawQuery ?? {});
  const all = statements();
  const st = all.forShape({ due: !!q.due, signal: !!q.signal, physician: !!q.physician });
  const values = {
    ...(q.due ? { cutoff: addMonths(today(), -readSignalSettings(getDb()).overdueIntervalMonths) } : {}),
    ...(q.signal ? { signal: q.signal } : {}),
    ...(q.physician ? { physician: q.physician } : {}),
  };
  const total = q.physician ? (st.countJoined.get(values)?.n ?? 0) : (st.countSummaries.get(values)?.n ?? 0) - (st.countInError.get(values)?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE));
  const page = Math.min(q.page, pages);
  const rows = st.page.all({ ...values, offset: (page - 1) * WORKLIST_PAGE_SIZE });
  const ids = rows.map((r) => r.p.id);
  const signals = ids.length ? all.signals.all({ ids: JSON.stringify(ids) }) : [];
  const items: WorklistRow[] = rows.map(({ s, p, physicianName }) => ({
    patientId: p.id, mrn: p.mrn, name: `${p.familyName.toUpperCase()}, ${p.givenName}`, physicianName, topLevelRank: s.topLevelRank,
    signals: signals.filter((x) => x.patientId === p.id).map(({ code, level, since }) => ({ code, level, since })),
    snapshot: JSON.parse(s.snapshotJson) as PatientSnapshot,
  }));
  return { items, total, page, pages, query: q };
}
