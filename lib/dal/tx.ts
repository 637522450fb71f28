import 'server-only';
import { getDb, type Db } from '@/db/client';
import { drainJournalInto, pruneJournal, type Drained } from './audit-journal';
import { preparedPerConnection } from './prepared';
import { asBusy } from './write-lock';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Runs `fn` in one IMMEDIATE transaction: the change, its audit event and any
 * recomputed signals commit together or not at all. IMMEDIATE takes the write lock
 * up front, so the audit chain's "read last hash, insert next" cannot interleave
 * with another process. The outermost one first chains the read events waiting in
 * the journal (audit-journal.ts), so they precede the change in the chain, and
 * deletes them from the journal once committed. When another process holds the lock
 * past the busy timeout, nothing is written and the `busy` error is thrown (503, or
 * the form's "try again" message; docs/decisions/0025-concurrent-load).
 */
export function writeTx<T>(fn: (tx: Tx) => T): T {
  const db = getDb();
  if (db.$client.inTransaction) return db.transaction(fn, { behavior: 'immediate' });
  const drained: { value: Drained | null } = { value: null };
  let result: T;
  try {
    result = db.transaction((tx) => {
      drained.value = drainJournalInto(tx);
      return fn(tx);
    }, { behavior: 'immediate' });
  } catch (e) {
    throw asBusy(e);
  }
  if (drained.value) pruneJournal(drained.value);
  return result;
}

const syncModes = preparedPerConnection((db) => ({
  normal: db.$client.prepare('PRAGMA synchronous = NORMAL'),
  full: db.$client.prepare('PRAGMA synchronous = FULL'),
}));

/**
 * For a read that stores derived data (a stored timeline and signals rebuilt as of
 * today on a view): the same IMMEDIATE transaction as writeTx, committed without
 * waiting for the disk (synchronous=NORMAL for this commit only): a power cut can
 * lose the rebuilt rows, which the next view rebuilds (docs/decisions/0010). Inside
 * another transaction it is a savepoint of that one and follows its mode. Record
 * views themselves no longer write here: their events go to the journal.
 */
export function derivedWriteTx<T>(fn: (tx: Tx) => T): T {
  const db = getDb();
  if (db.$client.inTransaction) return db.transaction(fn, { behavior: 'immediate' });
  const modes = syncModes();
  modes.normal.run();
  try {
    return db.transaction(fn, { behavior: 'immediate' });
  } catch (e) {
    throw asBusy(e);
  } finally {
    modes.full.run();
  }
}
