import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditEvents, users, type User } from '@/db/schema';
import { can } from '../permissions';
import { forbidden, invalid, notFound } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { writeTx, type Tx } from './tx';

/**
 * Who locked an account, and how an administrator opens it again (issue 20, item 4).
 * Anyone who knows an email can lock its account with wrong passwords (the per-account
 * lockout is kept: it is what stops password guessing spread over many addresses), so
 * each lock records the addresses its failed sign-ins came from, and the users page
 * shows them beside an Unlock button.
 */

export interface LockSource { address: string; attempts: number }

export interface LockDetails {
  /** ISO time the lock ends by itself; null when it lasts until an administrator unlocks it (two-factor-lock.ts). */
  until: string | null;
  /** Failed sign-ins that caused it. */
  attempts: number;
  /** Their client addresses, most attempts first. */
  from: LockSource[];
}

/** Counts per address, most first (ties by address, so the order is stable). */
export function countSources(addresses: readonly string[]): LockSource[] {
  const counts = new Map<string, number>();
  for (const a of addresses) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts].map(([address, attempts]) => ({ address, attempts })).sort((x, y) => y.attempts - x.attempts || x.address.localeCompare(y.address));
}

const clientOf = (afterJson: string | null): string => {
  try {
    const v = JSON.parse(afterJson ?? '{}') as { client?: unknown };
    return typeof v.client === 'string' ? v.client : 'unknown';
  } catch {
    return 'unknown';
  }
};

/**
 * The addresses of an account's failed sign-ins since its counter last started again:
 * the `prior` most recent `signin.failure` events of the user (the counter is reset to 0
 * by a success, a lock, an unlock, a password reset and a reactivation, so exactly these
 * are the ones it counted), plus the failure being recorded now from `current`.
 */
export function lockSources(tx: Tx, userId: number, prior: number, current: string): LockSource[] {
  const rows = prior <= 0 ? [] : tx.select({ afterJson: auditEvents.afterJson }).from(auditEvents)
    .where(and(eq(auditEvents.userId, userId), eq(auditEvents.action, 'signin.failure')))
    .orderBy(desc(auditEvents.id)).limit(prior).all();
  return countSources([...rows.map((r) => clientOf(r.afterJson)), current]);
}

/** Locked now: for a while, or until an administrator unlocks it. */
export const isLocked = (u: Pick<User, 'lockedUntil' | 'twoFactorLockedAt'>, now = Date.now()): boolean =>
  u.twoFactorLockedAt !== null || (u.lockedUntil !== null && u.lockedUntil > now);

/** The latest lock event of a user who is locked now (the users page), or null. */
export function lockDetails(u: Pick<User, 'id' | 'lockedUntil' | 'twoFactorLockedAt'>, now = Date.now()): LockDetails | null {
  if (!isLocked(u, now)) return null;
  const row = getDb().select({ afterJson: auditEvents.afterJson }).from(auditEvents)
    .where(and(eq(auditEvents.userId, u.id), eq(auditEvents.action, 'user.locked')))
    .orderBy(desc(auditEvents.id)).limit(1).get();
  let attempts = 0;
  let from: LockSource[] = [];
  try {
    const v = JSON.parse(row?.afterJson ?? '{}') as { attempts?: unknown; from?: unknown };
    if (typeof v.attempts === 'number') attempts = v.attempts;
    if (Array.isArray(v.from)) from = v.from.filter((s): s is LockSource => typeof s?.address === 'string' && typeof s?.attempts === 'number');
  } catch {
    // A lock written before sources were recorded: shown without them.
  }
  return { until: u.twoFactorLockedAt !== null || u.lockedUntil === null ? null : new Date(u.lockedUntil).toISOString(), attempts, from };
}

/**
 * Opens a locked account now (admins): clears the lock (timed, or until unlocked) and the
 * failure count, audited as `user.unlock` with the lock it ended. Sessions are untouched (a locked account
 * has none it could have gained by the lock).
 */
export function unlockUser(actor: Actor, id: number): { name: string } {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage', target: `user ${id}` });
  return writeTx((tx) => {
    const u = tx.select().from(users).where(eq(users.id, id)).get();
    if (!u) throw notFound('User');
    const now = Date.now();
    if (!isLocked(u, now)) throw invalid(`${u.name}'s account is not locked.`);
    tx.update(users).set({ failedLogins: 0, lockedUntil: null, twoFactorLockedAt: null, updatedAt: new Date(now).toISOString() }).where(eq(users.id, id)).run();
    const before = u.twoFactorLockedAt !== null ? { untilUnlocked: new Date(u.twoFactorLockedAt).toISOString() } : { lockedUntil: new Date(u.lockedUntil ?? now).toISOString() };
    appendAudit(tx, actor, {
      action: 'user.unlock', entity: 'user', entityId: id,
      before: { email: u.email, ...before }, after: { email: u.email, lockedUntil: null },
    });
    return { name: u.name };
  });
}
