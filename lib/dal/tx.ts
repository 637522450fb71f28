import 'server-only';
import { getDb, type Db } from '@/db/client';

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
