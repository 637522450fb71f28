import 'server-only';
import type { Db } from '@/db/client';
import { cliActor } from './actor';
import { appendCheckpoint, checkpointFile, type CheckpointRecord } from './audit-checkpoint-file';
import { writeAuditCheckpoint } from './audit-checkpoint-writer';
import { auditKeyRing } from './audit-keys';
import { appendAudit } from './audit';
import { writeTx } from './tx';

/** The last event of a database: what a backup or a restore record names. */
export function trailHead(db: Db): { events: number; head: string } | null {
  const row = db.$client.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  return row ? { events: row.id, head: row.hash } : null;
}

/**
 * `npm run backup` notes in the live database's checkpoint file that a copy ending at
 * event N was taken: a restore of it (or that copy put back by hand) is then recognised.
 */
export function recordBackup(liveDbFile: string, copy: Db, fileName: string): CheckpointRecord | null {
  const head = trailHead(copy);
  if (!head) return null;
  return appendCheckpoint(checkpointFile(liveDbFile), auditKeyRing(liveDbFile), { kind: 'backup', ...head, file: fileName });
}

export interface RestoreFacts {
  /** The backup's file name. */
  file?: string;
  /** What the replaced database had reached (from its trail, or the latest checkpoint). */
  replaced: { events: number; head: string } | null;
  keptAs?: string;
  recordedBy: 'npm run restore' | 'audit:verify --accept-restore';
}

/**
 * Records that the database `db` (the process's own, from getDb) now holds a restored
 * backup: a signed `restore` record in the checkpoint file (verification then checks the
 * trail from that point of its history, and says it was restored instead of reporting
 * the later events as missing), an `audit.restore` event in the trail, and a checkpoint.
 */
export function recordRestore(db: Db, facts: RestoreFacts): CheckpointRecord {
  const head = trailHead(db);
  if (!head) throw new Error('The restored database has no audit events to record a restore from.');
  const record = appendCheckpoint(checkpointFile(db.$client.name), auditKeyRing(db.$client.name), {
    kind: 'restore', ...head, file: facts.file,
    replacedEvents: facts.replaced?.events, replacedHead: facts.replaced?.head, keptAs: facts.keptAs, recordedBy: facts.recordedBy,
  });
  writeTx((tx) => appendAudit(tx, cliActor(), {
    action: 'audit.restore', entity: 'audit_events',
    after: { restoredAtEvent: head.events, backup: facts.file ?? null, replacedEvents: facts.replaced?.events ?? null, keptAs: facts.keptAs ?? null, recordedBy: facts.recordedBy },
    reason: `Database restored from a backup that ended at event ${head.events}${facts.replaced ? `; the replaced database had reached event ${facts.replaced.events}` : ''}.`,
  }));
  writeAuditCheckpoint(db);
  return record;
}
