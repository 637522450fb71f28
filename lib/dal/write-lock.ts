import 'server-only';
import { getDb } from '@/db/client';
import { busy, isAppError, isSqliteBusy } from '../errors';

export { asBusy } from '../errors';

/**
 * SQLite's one write lock, shared by every process on the file (two servers, a CLI
 * import). better-sqlite3 is synchronous: a statement that waits for the lock
 * (busy_timeout) blocks this process's event loop, every request included. Reads
 * never need the lock (WAL); these helpers are for writes that must not wait, and for
 * turning a wait that ran out into the typed `busy` error (503 / a form message).
 * docs/decisions/0025-concurrent-load.
 */

/** SQLITE_BUSY (and its extended codes), raw or already turned into the `busy` AppError. */
export function isBusyError(e: unknown): boolean {
  return isSqliteBusy(e) || (isAppError(e) && e.code === 'busy');
}

/** Runs `fn` with the connection's busy timeout at 0: a lock held elsewhere fails at once instead of blocking. */
export function withoutWaiting<T>(fn: () => T): T {
  const client = getDb().$client;
  const before = Number(client.pragma('busy_timeout', { simple: true }));
  client.pragma('busy_timeout = 0');
  try {
    return fn();
  } finally {
    client.pragma(`busy_timeout = ${before}`);
  }
}

/** `fn` without waiting, or undefined when the lock is held elsewhere (a write that can be skipped). */
export function tryWithoutWaiting<T>(fn: () => T): T | undefined {
  try {
    return withoutWaiting(fn);
  } catch (e) {
    if (isBusyError(e)) return undefined;
    throw e;
  }
}

/** Whether this process could take the write lock right now (takes and releases it; never waits). */
export function writeLockFree(): boolean {
  const client = getDb().$client;
  if (client.inTransaction) return true;
  return tryWithoutWaiting(() => {
    client.exec('BEGIN IMMEDIATE');
    client.exec('ROLLBACK');
    return true;
  }) ?? false;
}

/** How long a request about to write waits for another process's write (an import's) before it is told `busy`: TITERLINE_WRITE_WAIT_SECONDS, default 8. */
export function writeWaitMs(): number {
  const seconds = Number(process.env.TITERLINE_WRITE_WAIT_SECONDS ?? 8);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 8_000;
}

/**
 * Waits without blocking the event loop until the write lock is free (other requests
 * of this server are served meanwhile, which the synchronous busy_timeout wait of a
 * write would stop), then returns so the write can run at once; throws `busy` when
 * the lock is still held after `maxMs` (nothing written: 503 / "try again"). For
 * requests about to write: server actions and API writes (session.ts, api/http.ts)
 * and sign-ins.
 */
export async function awaitWriteLock(maxMs = writeWaitMs()): Promise<void> {
  const deadline = Date.now() + maxMs;
  let pause = 20;
  while (!writeLockFree()) {
    if (Date.now() >= deadline) throw busy();
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(250, pause * 2);
  }
}
