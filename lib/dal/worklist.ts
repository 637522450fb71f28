import 'server-only';
import { and, asc, desc, eq, exists, lt, or, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { patients, patientSignals, patientSummaries, users } from '@/db/schema';
import { addDays } from '../domain/dates';
import { SIGNAL_CODES } from '../domain/signals';
import type { PatientSnapshot } from '../domain/summary';
import { can } from '../permissions';
import { forbidden } from '../errors';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { today } from './clinical-guards';
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

/**
 * Patients with active signals, most important first (action, warning, info), then most
 * recent. Reads only the stored signals and summaries: nothing is computed here, so the
 * cost does not grow with each patient's history. "Due for labs" lists patients whose
 * last titer is older than the overdue interval (or who have none), signals or not.
 */
export function listWorklist(actor: Actor, rawQuery: unknown) {
  if (!can(actor, 'patient:view')) throw forbidden();
  const q = parseOrThrow(worklistQuerySchema, rawQuery ?? {});
  const db = getDb();
  const filters: SQL[] = [eq(patients.enteredInError, false)];
  if (q.due) {
    const cutoff = addDays(today(), -readSignalSettings(db).overdueIntervalDays);
    filters.push(or(isNull(patientSummaries.lastTiterOn), lt(patientSummaries.lastTiterOn, cutoff))!);
  } else {
    filters.push(lt(patientSummaries.topLevelRank, 9));
  }
  if (q.signal) {
    filters.push(exists(db.select({ one: sql`1` }).from(patientSignals).where(and(eq(patientSignals.patientId, patientSummaries.patientId), eq(patientSignals.code, q.signal)))));
  }
  if (q.physician) filters.push(eq(patients.physicianId, q.physician));
  const where = and(...filters);
  const total = db.select({ n: sql<number>`count(*)` }).from(patientSummaries).innerJoin(patients, eq(patients.id, patientSummaries.patientId)).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE));
  const page = Math.min(q.page, pages);
  const rows = db
    .select({ s: patientSummaries, p: { id: patients.id, mrn: patients.mrn, familyName: patients.familyName, givenName: patients.givenName }, physicianName: users.name })
    .from(patientSummaries)
    .innerJoin(patients, eq(patients.id, patientSummaries.patientId))
    .leftJoin(users, eq(users.id, patients.physicianId))
    .where(where)
    .orderBy(asc(patientSummaries.topLevelRank), desc(patientSummaries.latestSignalSince), asc(patients.familyName))
    .limit(WORKLIST_PAGE_SIZE)
    .offset((page - 1) * WORKLIST_PAGE_SIZE)
    .all();
  const ids = rows.map((r) => r.p.id);
  const signals = ids.length
    ? db.select({ patientId: patientSignals.patientId, code: patientSignals.code, level: patientSignals.level, since: patientSignals.since })
        .from(patientSignals).where(sql`${patientSignals.patientId} IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)
        .orderBy(asc(patientSignals.levelRank)).all()
    : [];
  const items: WorklistRow[] = rows.map(({ s, p, physicianName }) => ({
    patientId: p.id, mrn: p.mrn, name: `${p.familyName.toUpperCase()}, ${p.givenName}`, physicianName, topLevelRank: s.topLevelRank,
    signals: signals.filter((x) => x.patientId === p.id).map(({ code, level, since }) => ({ code, level, since })),
    snapshot: JSON.parse(s.snapshotJson) as PatientSnapshot,
  }));
  return { items, total, page, pages, query: q };
}
