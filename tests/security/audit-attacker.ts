/**
 * What someone who can write the database file does to the audit trail, through their
 * own SQLite connection (not the app's): drop the guard triggers, delete or edit rows,
 * and recompute the chain after an edit, with the old unkeyed SHA-256 or a key of their
 * own.
 */
import { createSecretKey, randomBytes } from 'node:crypto';
import Database, { type SqliteConnection } from '@/db/sqlite-driver';
import { GENESIS_HASH, hashAuditEvent, signAuditEvent, type AuditKey, type AuditPayload } from '@/lib/dal/audit-chain';
import { auditKeyId } from '@/lib/dal/audit-keys';

type Row = Record<string, unknown> & { id: number; hash: string; key_id: string | null };

const payloadOf = (r: Row): AuditPayload => ({
  at: r.at as string, userId: r.user_id as number | null, userEmail: r.user_email as string | null, role: r.role as string | null,
  origin: r.origin as string, action: r.action as string, entity: r.entity as string, entityId: r.entity_id as string | null,
  patientId: r.patient_id as number | null, beforeJson: r.before_json as string | null, afterJson: r.after_json as string | null, reason: r.reason as string | null,
});

/** A key the attacker made up; `claimId` makes it claim the installation's key id. */
export function attackerKey(claimId?: string): AuditKey {
  const secret = randomBytes(32).toString('base64url');
  return { id: claimId ?? auditKeyId(secret), key: createSecretKey(Buffer.from(secret)) };
}

/** Opens the file as the attacker, triggers dropped. */
export function withFile<T>(file: string, fn: (db: SqliteConnection) => T): T {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;');
    return fn(db);
  } finally {
    db.close();
  }
}

/** Deletes the newest `n` events (and resets the id counter, so the next event reuses the ids). */
export function deleteLast(file: string, n: number): void {
  withFile(file, (db) => {
    const max = (db.prepare('SELECT max(id) AS m FROM audit_events').get() as { m: number }).m;
    db.prepare('DELETE FROM audit_events WHERE id > ?').run(max - n);
    db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_events'").run(max - n);
  });
}

export type Resign = { kind: 'unkeyed' } | { kind: 'key'; key: AuditKey };

/**
 * Changes event `id` with `edit` and recomputes the hash of it and every later event so
 * each links to the one before: `unkeyed` the old SHA-256 (key id left NULL), `key` the
 * attacker's own key. `until`: stop after that event.
 */
export function editAndRechain(file: string, id: number, edit: (p: AuditPayload) => AuditPayload, how: Resign, until = Number.MAX_SAFE_INTEGER): void {
  withFile(file, (db) => {
    const before = db.prepare('SELECT hash FROM audit_events WHERE id < ? ORDER BY id DESC LIMIT 1').get(id) as { hash: string } | undefined;
    let prev = before?.hash ?? GENESIS_HASH;
    const rows = db.prepare('SELECT * FROM audit_events WHERE id BETWEEN ? AND ? ORDER BY id').all(id, until) as Row[];
    const update = db.prepare(`UPDATE audit_events SET user_email = ?, action = ?, after_json = ?, reason = ?, prev_hash = ?, hash = ?, key_id = ? WHERE id = ?`);
    for (const r of rows) {
      const p = r.id === id ? edit(payloadOf(r)) : payloadOf(r);
      const hash = how.kind === 'unkeyed' ? hashAuditEvent(prev, p) : signAuditEvent(how.key, prev, p);
      update.run(p.userEmail, p.action, p.afterJson, p.reason, prev, hash, how.kind === 'unkeyed' ? null : how.key.id, r.id);
      prev = hash;
    }
  });
}

/** Rewrites every event as an unsigned (pre-signing) event with a recomputed SHA-256 chain. */
export const rewriteAllUnsigned = (file: string, edit: (p: AuditPayload) => AuditPayload = (p) => p) => editAndRechain(file, 1, edit, { kind: 'unkeyed' });
