import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

type Reader = Pick<Db, 'get'>;

/**
 * Audit actions that change nothing an import's judgement reads (its patients, their
 * results and history, the assay catalog, settings), whoever they are about: reads
 * (chained from the journal by every write, the import's own included), sign-ins and
 * sessions, user accounts and API tokens.
 */
const UNRELATED_ACTIONS = [
  'patient.view', 'patient.timeline', 'patient.export', 'export.fhir', 'export.cohort-csv', 'export.cohort-insights', 'audit.export',
  'signin.success', 'signin.failure', 'signin.refused-locked', 'signout', 'session.end',
  'user.create', 'user.role', 'user.reactivate', 'user.deactivate', 'user.password-reset', 'user.locked', 'user.unlock', 'token.create', 'token.revoke',
  'token.disable', 'token.transfer', 'token.refused', 'security.refused', 'fhir.read', 'fhir.search', 'audit.signing-started', 'audit.key-rotate',
];

/** The id of the newest audit event (0 for none): where the chain stood when an import judged its file. */
export function auditHead(tx: Reader): number {
  return tx.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM audit_events`)?.id ?? 0;
}

/**
 * Whether a change that could alter an import's judgement was committed after the
 * chain stood at `head`. Every change is audited in its own transaction
 * (architecture.md: one mutation = change + audit event), a change to a patient's
 * record with that patient's id; so the events after `head` name every change since.
 * A change counts when it is about one of `patientIds` (the patients the file's rows
 * were judged against), or about no patient (the catalog, settings, a bulk import)
 * unless its action is one of the unrelated ones above: an action added later counts
 * until it is listed, the safe side (the file is judged again under the lock).
 * Changes to other patients do not count.
 */
export function changedSince(tx: Reader, head: number, patientIds: readonly number[]): boolean {
  const unrelated = sql.join(UNRELATED_ACTIONS.map((a) => sql`${a}`), sql`, `);
  return tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM (
    SELECT 1 FROM audit_events WHERE id > ${head} AND action NOT IN (${unrelated})
      AND (patient_id IS NULL OR patient_id IN (SELECT value FROM json_each(${JSON.stringify(patientIds)}))) LIMIT 1)`)!.n > 0;
}
