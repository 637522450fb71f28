import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

type Reader = Pick<Db, 'get'>;

/**
 * Audit actions that change nothing an import's judgement reads (patients, assays,
 * results and their history, settings): reads (their events are chained from the
 * journal by every write transaction, the import's own included), sign-ins and
 * sessions. Any other event, a kind added later included, counts as a change: the
 * safe default is to judge the file again under the lock.
 */
const READ_ONLY_ACTIONS = [
  'patient.view', 'patient.timeline', 'patient.export', 'export.fhir', 'export.cohort-csv', 'export.cohort-insights', 'audit.export',
  'signin.success', 'signin.failure', 'signin.refused-locked', 'signout', 'session.end', 'user.locked',
];

/** The id of the newest audit event (0 for none): where the chain stood when an import judged its file. */
export function auditHead(tx: Reader): number {
  return tx.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM audit_events`)?.id ?? 0;
}

/**
 * Whether a change that could alter an import's judgement was committed after the
 * chain stood at `head`. Every change to clinical data is audited in its own
 * transaction (architecture.md: one mutation = change + audit event), so the events
 * after `head` name every change since.
 */
export function changedSince(tx: Reader, head: number): boolean {
  const list = sql.join(READ_ONLY_ACTIONS.map((a) => sql`${a}`), sql`, `);
  return tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM audit_events WHERE id > ${head} AND action NOT IN (${list}) LIMIT 1)`)!.n > 0;
}
