import 'server-only';
import { getDb, type Db } from '@/db/client';
import { preparedPerConnection } from './prepared';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Runs `fn` in one IMMEDIATE transaction: the change, its audit event and any
 * recomputed signals commit together or not at all. IMMEDIATE takes the write lock
 * up front, so the audit chain's "read last hash, insert next" cannot interleave
 * with another process.
 */
export function writeTx<T>(fn: (tx: Tx) => T): T {
  return getDb().transaction(fn, { behavior: 'immediate' });
}

const syncModes = preparedPerConnection((db) => ({
  normal: db.$client.prepare('PRAGMA synchronous = NORMAL'),
  full: db.$client.prepare('PRAGMA synchronous = FULL'),
}));

/**
 * For a read whose only write is its own audit event (a patient record view):
 * the same IMMEDIATE transaction as writeTx, committed without waiting for the
 * disk (synchronous=NORMAL for this commit only). The event is written and chained
 * at once; it reaches the disk with the next FULL commit or checkpoint. A power cut
 * in between can lose the latest view events, never a clinical change and never
 * the chain's integrity (WAL frames are checksummed; the tail is dropped whole).
 * This is what keeps a page view from costing an fsync (docs/decisions/0010).
 * Inside another transaction it is a savepoint of that one and follows its mode.
 */
export function auditedReadTx<T>(fn: (tx: Tx) => T): T {
  const db = getDb();
  if (db.$client.inTransaction) return db.transaction(fn, { behavior: 'immediate' });
  const modes = syncModes();
  modes.normal.run();
  try {
    return db.transaction(fn, { behavior: 'immediate' });
  } finally {
    modes.full.run();
  }
}
