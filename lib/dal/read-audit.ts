import 'server-only';
import { getDb, openDatabaseFile } from '@/db/client';
import type { AuditActor, AuditInput } from './audit';
import { appendToJournal, journalBacklog } from './audit-journal';
import { writeTx } from './tx';
import { tryWithoutWaiting } from './write-lock';
import { log } from '../ops/log';

/**
 * Audit events of reads (record views, exports): written to the read journal at once,
 * without the database's write lock, and chained into audit_events by the next write,
 * by a drain shortly after, or at start-up (audit-journal.ts, docs/decisions/0025-concurrent-load).
 */

/** How soon after a read its event is chained when no write comes first; retried as long as the lock is held. */
const DRAIN_AFTER_MS = 1_000;
const timers = globalThis as unknown as { __titerlineDrain?: ReturnType<typeof setTimeout> };

/**
 * Records a read's event. `durable` for exports (the data has left the system): the
 * journal commits it with a full sync, as a change would be. Never waits for the
 * database's write lock.
 */
export function recordRead(actor: AuditActor, input: AuditInput, opts: { durable?: boolean } = {}): void {
  appendToJournal(actor, input, opts.durable ?? false);
  scheduleDrain();
}

/**
 * In a server (Next's Node runtime) a timer chains the journal a second after a read
 * when no write has: without waiting for the lock (a held lock means a retry later,
 * never a blocked event loop), and only on the connection that was open when it was
 * set. CLIs and tests leave it to their next write and to start-up.
 */
function scheduleDrain(delayMs = DRAIN_AFTER_MS): void {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || timers.__titerlineDrain) return;
  const file = openDatabaseFile();
  timers.__titerlineDrain = setTimeout(() => {
    timers.__titerlineDrain = undefined;
    if (!file || openDatabaseFile() !== file) return;
    try {
      const backlog = drainReadEvents({ wait: false });
      if (backlog > 0) scheduleDrain(backlog === Infinity ? 2 * DRAIN_AFTER_MS : 0);
    } catch (e) {
      log().error({ err: e }, 'Chaining the audit journal failed; the next write retries');
    }
  }, delayMs);
  timers.__titerlineDrain.unref?.();
}

/**
 * Chains the journal's waiting events now (one write transaction; a large backlog
 * takes several calls). `wait: false` gives up at once when another process holds the
 * write lock (a page, a timer), `wait: true` waits the usual busy timeout (CLIs,
 * start-up) and may throw `busy`. Returns the events still waiting after it,
 * Infinity when it could not take the lock.
 */
export function drainReadEvents(opts: { wait: boolean }): number {
  const drain = () => writeTx((tx) => journalBacklog(tx));
  const done = opts.wait ? drain() : tryWithoutWaiting(drain);
  return done === undefined ? Infinity : done;
}

/** Chains everything waiting in the journal, waiting for the lock as CLIs do (start-up, backup, verify); returns how many were chained. */
export function chainWaitingReadEvents(): number {
  const before = readEventsWaiting();
  while (drainReadEvents({ wait: true }) > 0);
  return before;
}

/** Events in the journal not yet in audit_events (the audit page says so). */
export function readEventsWaiting(): number {
  return journalBacklog(getDb());
}
