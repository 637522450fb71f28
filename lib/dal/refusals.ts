import 'server-only';
import { isAppError, type Refusal } from '../errors';
import { appendAudit } from './audit';
import { writeTx } from './tx';
import { logFailure } from '../ops/log';

/**
 * Refused attempts as security events (issue 20, item 8): a signed-in user or an API
 * token asking for something its role does not allow (403) used to leave no trace, so
 * an escalation attempt was invisible. Each one is now appended to the audit trail as
 * `security.refused`, with the actor, the permission it lacked, the target and the way
 * it came (a form, a page, a route or the API) - rate-limited so that a loop cannot flood the chain:
 *
 * - one event per minute per actor, permission and target; the refusals in between are
 *   counted and the next event carries the count (`count`: this one plus those);
 * - at most PER_ACTOR_PER_MINUTE events per actor per minute over all targets (a loop
 *   over ids); the rest are counted and reported by that actor's next event
 *   (`othersNotRecorded`).
 *
 * The counters are kept in memory, per server process: no write per refused request
 * (a loop must not take the write lock from real work), at the price of losing the
 * counts of the last minute of a loop when the process stops. Recorded by the code
 * that answers the request (lib/actions/form-state.ts, lib/api/http.ts, pages), after
 * the transaction the refusal interrupted has rolled back, so the event is never
 * rolled back with it. docs/decisions/0021-refused-attempts.md.
 */

export const REFUSAL_WINDOW_MS = 60_000;
export const PER_ACTOR_PER_MINUTE = 20;
const MAX_TRACKED = 5_000;
const MAX_TARGET = 200;

export type RefusalVia = 'form' | 'page' | 'route';

interface Slot { recordedAt: number; notRecorded: number }
interface ActorWindow { start: number; events: number; othersNotRecorded: number }

const slots = new Map<string, Slot>();
const actors = new Map<string, ActorWindow>();

/** Forgets every counter (tests). */
export function resetRefusalThrottle(): void {
  slots.clear();
  actors.clear();
}

function prune(now: number): void {
  if (slots.size > MAX_TRACKED) for (const [k, s] of slots) if (now - s.recordedAt >= REFUSAL_WINDOW_MS) slots.delete(k);
  if (actors.size > MAX_TRACKED) for (const [k, a] of actors) if (now - a.start >= REFUSAL_WINDOW_MS && a.othersNotRecorded === 0) actors.delete(k);
}

const actorKey = (r: Refusal) => (r.actor.userId !== null ? `user:${r.actor.userId}` : `name:${r.actor.email ?? r.actor.origin}`);

/**
 * Records `refusal` (rate-limited as above). Never throws: a failure to record is
 * logged, and the caller still answers 403.
 */
export function recordRefusalOf(refusal: Refusal, via: RefusalVia, fallbackTarget: string | null = null, now = Date.now()): void {
  const target = (refusal.target ?? fallbackTarget)?.slice(0, MAX_TARGET) ?? null;
  const who = actorKey(refusal);
  const key = `${who}\u0000${refusal.permission}\u0000${target ?? ''}`;
  const slot = slots.get(key);
  if (slot && now - slot.recordedAt < REFUSAL_WINDOW_MS) {
    slot.notRecorded++;
    return;
  }
  let win = actors.get(who);
  if (!win || now - win.start >= REFUSAL_WINDOW_MS) {
    win = { start: now, events: 0, othersNotRecorded: win?.othersNotRecorded ?? 0 };
    actors.set(who, win);
  }
  if (win.events >= PER_ACTOR_PER_MINUTE) {
    win.othersNotRecorded++;
    return;
  }
  const count = 1 + (slot?.notRecorded ?? 0);
  const others = win.othersNotRecorded;
  try {
    writeTx((tx) => appendAudit(tx, { userId: refusal.actor.userId, email: refusal.actor.email, role: refusal.actor.role, origin: refusal.actor.origin }, {
      action: 'security.refused', entity: 'permission', entityId: refusal.permission,
      after: { permission: refusal.permission, target, via, count, ...(others ? { othersNotRecorded: others } : {}) },
    }));
  } catch (e) {
    logFailure('could not record a refused attempt', e);
    return;
  }
  win.events++;
  win.othersNotRecorded = 0;
  slots.set(key, { recordedAt: now, notRecorded: 0 });
  prune(now);
}

/** Records the refusal a `forbidden` error carries; other errors are ignored. */
export function recordRefusal(e: unknown, via: RefusalVia, fallbackTarget: string | null = null): void {
  if (isAppError(e) && e.code === 'forbidden' && e.refusal) recordRefusalOf(e.refusal, via, fallbackTarget);
}
