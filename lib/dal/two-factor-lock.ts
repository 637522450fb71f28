import 'server-only';
import { and, desc, eq, gt, gte, inArray } from 'drizzle-orm';
import { auditEvents, users, type User } from '@/db/schema';
import { authLimits } from './auth-config';
import type { Tx } from './tx';

/**
 * Lock until an administrator unlocks it (issue 21): a timed lock completed by a wrong
 * or reused second-step code means someone holds the password and is guessing codes.
 * After `twoFactorLockouts` such locks (default 3) within 24 hours the account stays
 * locked (users.two_factor_locked_at) until an administrator unlocks it or resets its
 * password; the timed lock alone would let the guessing go on every 15 minutes.
 * The locks counted are the `user.locked` events with `step: 'code'` since the later
 * of 24 hours ago and the last administrator unlock, password reset or reactivation
 * (each of which clears the lock, so the count starts again from it).
 */
export const CODE_LOCKOUT_WINDOW_MS = 24 * 3_600_000;

/** An account locked until an administrator unlocks it. */
export const lockedUntilUnlocked = (u: Pick<User, 'twoFactorLockedAt'>): boolean => u.twoFactorLockedAt !== null;

function codeLockoutsSince(tx: Tx, userId: number, now: number): number {
  const opened = tx.select({ id: auditEvents.id }).from(auditEvents)
    .where(and(eq(auditEvents.entity, 'user'), eq(auditEvents.entityId, String(userId)), inArray(auditEvents.action, ['user.unlock', 'user.password-reset', 'user.reactivate'])))
    .orderBy(desc(auditEvents.id)).limit(1).get();
  const rows = tx.select({ afterJson: auditEvents.afterJson }).from(auditEvents)
    .where(and(
      eq(auditEvents.userId, userId), eq(auditEvents.action, 'user.locked'),
      gte(auditEvents.at, new Date(now - CODE_LOCKOUT_WINDOW_MS).toISOString()),
      ...(opened ? [gt(auditEvents.id, opened.id)] : []),
    )).all();
  return rows.filter((r) => {
    try {
      return (JSON.parse(r.afterJson ?? '{}') as { step?: unknown }).step === 'code';
    } catch {
      return false;
    }
  }).length;
}

/**
 * Called as a code failure completes a timed lock, before its `user.locked` event is
 * written: true when this lock is the one that keeps the account locked until an
 * administrator unlocks it (and sets that).
 */
export function lockUntilUnlockedIfRepeated(tx: Tx, userId: number, now: number): boolean {
  if (codeLockoutsSince(tx, userId, now) + 1 < authLimits().twoFactorLockouts) return false;
  tx.update(users).set({ twoFactorLockedAt: now }).where(eq(users.id, userId)).run();
  return true;
}
