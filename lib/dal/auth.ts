import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { authSessions, signinAttempts, users, type User } from '@/db/schema';
import { isRole } from '../permissions';
import { signInSchema } from '../validation/users';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { authLimits } from './auth-config';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { countSources, lockSources } from './signin-locks';
import { ssoConfig } from './sso-config';
import { passwordSignInAllowed, SSO_ONLY_PREFIX } from './sso-decision';
import { enrolmentState, readTwoFactorPolicy } from './two-factor-policy';
import { lockedUntilUnlocked, lockUntilUnlockedIfRepeated } from './two-factor-lock';
import { checkSecondStep, codeFrom, consumeSecondStep, matchRecoveryCode } from './two-factor-signin';
import { writeTx, type Tx } from './tx';
import { awaitWriteLock, isBusyError, tryWithoutWaiting } from './write-lock';

export type SignInResult =
  | { ok: true; userId: number; sessionId: string; sessionVersion: number; email: string; name: string; role: string }
  | { ok: false; reason: 'invalid' | 'locked' | 'locked-until-unlocked' | 'code-needed' | 'code-invalid' | 'sso-only' };

const actorOf = (u: Pick<User, 'id' | 'email' | 'role'>) => ({ userId: u.id, email: u.email, role: u.role, origin: 'ui' as const });

/**
 * Counts a failure against a throttling key (an unknown email or a client address)
 * and reports whether the key is now over its limit for the current window.
 */
function bumpAttempts(tx: Tx, key: string, limit: number, now: number): boolean {
  const { lockoutMs } = authLimits();
  const row = tx.select().from(signinAttempts).where(eq(signinAttempts.clientKey, key)).get();
  const fresh = !row || now - row.windowStart > lockoutMs;
  const failures = fresh ? 1 : row.failures + 1;
  tx.insert(signinAttempts)
    .values({ clientKey: key, failures, windowStart: fresh ? now : row.windowStart })
    .onConflictDoUpdate({ target: signinAttempts.clientKey, set: { failures, windowStart: fresh ? now : row.windowStart } })
    .run();
  return failures > limit;
}

/**
 * Counts a failed sign-in for an unknown email exactly as an account counts its own
 * (`users.failed_logins` / `locked_until`): failures add up with no time window, the
 * `limit`-th one locks the email for `lockoutMs` from now (stored as failures = limit,
 * window_start = lock time), and counting starts again after the lock. Any other rule
 * lets a caller tell real accounts from unknown emails by timing their failures.
 */
function bumpUnknownEmail(tx: Tx, key: string, limit: number, now: number): boolean {
  const row = tx.select().from(signinAttempts).where(eq(signinAttempts.clientKey, key)).get();
  const prior = !row || row.failures >= limit ? 0 : row.failures;
  const failures = prior + 1;
  const lockedNow = failures >= limit;
  const values = { failures: lockedNow ? limit : failures, windowStart: lockedNow ? now : (row?.windowStart ?? now) };
  tx.insert(signinAttempts)
    .values({ clientKey: key, ...values })
    .onConflictDoUpdate({ target: signinAttempts.clientKey, set: values })
    .run();
  return lockedNow;
}

function keyOverLimit(tx: Tx, key: string, limit: number, now: number): boolean {
  const row = tx.select().from(signinAttempts).where(eq(signinAttempts.clientKey, key)).get();
  return !!row && now - row.windowStart <= authLimits().lockoutMs && row.failures >= limit;
}

/**
 * Checks a sign-in. Unknown emails and wrong passwords give the same answer and cost
 * the same argon2 time; after `lockoutAttempts` failures the account (or the unknown
 * email) is locked for `lockoutMs`, and a client address is throttled on its own.
 * An account with a second factor then needs a code (`code-needed` when none came; the
 * sign-in page asks for it and sends the password again with it): a wrong or reused
 * code counts against the same lockout as a wrong password (issue 21).
 * Every outcome is audited. The session row needs the write lock: during another
 * process's long write (an import) the sign-in waits for it without blocking the
 * server (awaitWriteLock), then throws `busy` if it is still held: nothing is written,
 * so a busy database never counts as a failed attempt.
 */
export async function authenticate(rawEmail: unknown, rawPassword: unknown, clientAddress: string, rawCode?: unknown): Promise<SignInResult> {
  const parsed = signInSchema.safeParse({ email: rawEmail, password: rawPassword });
  const email = parsed.success ? parsed.data.email : '';
  const password = parsed.success ? parsed.data.password : '';
  const code = codeFrom(rawCode);
  const { lockoutAttempts, lockoutMs, clientAttempts } = authLimits();
  const db = getDb();
  const user = email ? db.select().from(users).where(eq(users.email, email)).get() : undefined;
  const passwordOk = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  const recoveryId = user && passwordOk && user.totpEnrolledAt !== null && code ? await matchRecoveryCode(user.id, code) : null;
  const now = Date.now();
  const clientKey = `client:${clientAddress}`;

  await awaitWriteLock();
  return writeTx((tx): SignInResult => {
    const fresh = user ? tx.select().from(users).where(eq(users.id, user.id)).get() : undefined;
    const untilUnlocked = !!fresh && lockedUntilUnlocked(fresh);
    const accountLocked = fresh ? untilUnlocked || (fresh.lockedUntil !== null && fresh.lockedUntil > now) : keyOverLimit(tx, `email:${email}`, lockoutAttempts, now);
    const clientLocked = keyOverLimit(tx, clientKey, clientAttempts, now);
    const who = fresh ? actorOf(fresh) : { userId: null, email: email || null, role: null as string | null, origin: 'ui' as const };
    if (accountLocked || clientLocked) {
      appendAudit(tx, who, { action: 'signin.refused-locked', entity: 'user', entityId: fresh?.id ?? null, after: { email, client: clientAddress, by: accountLocked ? 'account' : 'client', ...(untilUnlocked ? { untilUnlocked } : {}) } });
      // "Ask an administrator" only to someone with the right password: to anyone else it
      // would tell a real account from an unknown email. So that answer is no free password
      // check, wrong passwords on such an account still count (address and account: a
      // timed lock after the usual number), and while either lock holds everyone gets "locked".
      const timedLock = !!fresh && fresh.lockedUntil !== null && fresh.lockedUntil > now;
      if (untilUnlocked && !clientLocked && !timedLock) {
        if (passwordOk) return { ok: false, reason: 'locked-until-unlocked' };
        bumpAttempts(tx, clientKey, clientAttempts, now);
        const failedLogins = fresh.failedLogins + 1;
        const lockedNow = failedLogins >= lockoutAttempts;
        tx.update(users).set({ failedLogins: lockedNow ? 0 : failedLogins, lockedUntil: lockedNow ? now + lockoutMs : null }).where(eq(users.id, fresh.id)).run();
      }
      return { ok: false, reason: 'locked' };
    }
    // With single sign-on, password sign-in may be kept for named break-glass administrators only.
    const passwordAllowed = !!fresh && passwordSignInAllowed(ssoConfig(), fresh.email, fresh.role, fresh.oidcSubject !== null);
    const firstStepOk = !!fresh && passwordOk && fresh.active && isRole(fresh.role) && passwordAllowed;
    const second = firstStepOk && fresh.totpEnrolledAt !== null ? checkSecondStep(tx, fresh, code, recoveryId, now) : null;
    if (second && !second.ok && second.why === 'code needed') {
      // The password was right: not a failure, but on record (someone holds the password).
      appendAudit(tx, who, { action: 'signin.code-needed', entity: 'user', entityId: fresh!.id, after: { client: clientAddress } });
      return { ok: false, reason: 'code-needed' };
    }
    if (!firstStepOk || (second && !second.ok)) {
      bumpAttempts(tx, clientKey, clientAttempts, now);
      let lockedNow = false;
      let lockedForGood = false;
      // Who caused a lock: the addresses of the failures it counted (read before this failure is appended).
      let sources = countSources([clientAddress]);
      if (fresh) {
        const failedLogins = fresh.failedLogins + 1;
        lockedNow = failedLogins >= lockoutAttempts;
        if (lockedNow) sources = lockSources(tx, fresh.id, fresh.failedLogins, clientAddress);
        // A lock completed by a wrong code (the password was right): repeated ones keep the account locked (two-factor-lock.ts).
        if (lockedNow && firstStepOk) lockedForGood = lockUntilUnlockedIfRepeated(tx, fresh.id, now);
        tx.update(users).set({ failedLogins: lockedNow ? 0 : failedLogins, lockedUntil: lockedNow ? now + lockoutMs : null }).where(eq(users.id, fresh.id)).run();
      } else if (email) {
        lockedNow = bumpUnknownEmail(tx, `email:${email}`, lockoutAttempts, now);
      }
      const why = !fresh ? 'unknown email' : !fresh.active ? 'deactivated account' : second && !second.ok ? second.why
        : passwordOk && !passwordAllowed ? 'password sign-in off' : 'wrong password';
      appendAudit(tx, who, { action: 'signin.failure', entity: 'user', entityId: fresh?.id ?? null, after: { email, client: clientAddress, why } });
      if (lockedNow) {
        // An unknown email's earlier failures are not looked up (no index leads to them): its lock names the address that completed it.
        appendAudit(tx, who, {
          action: 'user.locked', entity: 'user', entityId: fresh?.id ?? null,
          after: { email, minutes: lockoutMs / 60_000, until: new Date(now + lockoutMs).toISOString(), attempts: lockoutAttempts, from: sources, step: firstStepOk ? 'code' : 'password', ...(lockedForGood ? { untilUnlocked: true } : {}) },
        });
      }
      if (lockedForGood) return { ok: false, reason: 'locked-until-unlocked' };
      return { ok: false, reason: firstStepOk ? 'code-invalid' : passwordOk && fresh?.active && !passwordAllowed ? 'sso-only' : 'invalid' };
    }
    if (second?.ok) consumeSecondStep(tx, fresh.id, second, now);
    tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, fresh.id)).run();
    const sessionId = randomBytes(24).toString('base64url');
    tx.insert(authSessions).values({ id: sessionId, userId: fresh.id, sessionVersion: fresh.sessionVersion, createdAt: now, lastSeenAt: now }).run();
    appendAudit(tx, who, { action: 'signin.success', entity: 'user', entityId: fresh.id, after: { client: clientAddress, ...(second?.ok ? { factor: second.factor } : {}) } });
    return { ok: true, userId: fresh.id, sessionId, sessionVersion: fresh.sessionVersion, email: fresh.email, name: fresh.name, role: fresh.role };
  });
}

/**
 * How stale last_seen_at may get: a read should not always cost a write, so activity
 * is written at most once per interval - a minute, or a thirtieth of the idle limit
 * when that is shorter (2 s for a 1-minute limit).
 */
export function touchIntervalMs(idleMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.floor(idleMs / 30)));
}

/**
 * Idle for longer than the limit, judged from a last_seen_at that may lag the last
 * activity by up to one touch interval: only when even the latest possible activity
 * is older than the limit, so a session never ends early (issue 20, item 8: with a
 * 1-minute limit and a once-a-minute touch, a session ended after 35 s idle). It ends
 * at most one touch interval late.
 */
export function idleExpired(lastSeenAt: number, now: number, idleMs: number): boolean {
  return now - lastSeenAt > idleMs + touchIntervalMs(idleMs);
}

/**
 * Resolves a session id from the JWT to the acting user, re-read from the database:
 * ended, idle, expired, deactivated, or superseded (password/role change) sessions
 * resolve to null and are closed.
 */
export function resolveSession(sessionId: string, now = Date.now()): Actor | null {
  const db = getDb();
  const row = db
    .select({ s: authSessions, u: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(eq(authSessions.id, sessionId))
    .get();
  if (!row || row.s.endedAt !== null) return null;
  const { idleMs, absoluteMs } = authLimits();
  const reason =
    !row.u.active ? 'deactivated'
    : row.u.sessionVersion !== row.s.sessionVersion ? 'superseded'
    : idleExpired(row.s.lastSeenAt, now, idleMs) ? 'idle timeout'
    : now - row.s.createdAt > absoluteMs ? 'lifetime reached'
    : null;
  if (reason) {
    // Ending it is a write: while another process holds the lock the session is
    // refused all the same, and a later request records the end.
    try {
      endSession(sessionId, reason);
    } catch (e) {
      if (!isBusyError(e)) throw e;
    }
    return null;
  }
  if (!isRole(row.u.role)) return null;
  if (now - row.s.lastSeenAt >= touchIntervalMs(idleMs)) {
    // Never waits for the write lock (a page must not stall behind an import): if it is
    // held, this touch is skipped and a later request makes it.
    tryWithoutWaiting(() => db.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.id, sessionId)).run());
  }
  // An account made by single sign-on has no password: it signs in at the provider, with the provider's own second factor.
  const overdue = row.u.totpEnrolledAt === null && !row.u.passwordHash.startsWith(SSO_ONLY_PREFIX) && enrolmentState(row.u, readTwoFactorPolicy(), now) === 'overdue';
  return { userId: row.u.id, email: row.u.email, name: row.u.name, role: row.u.role, active: row.u.active, origin: 'ui', sessionId, ...(overdue ? { secondFactorOverdue: true as const } : {}) };
}

/** Ends a session (sign-out, timeout) and audits it once. */
/**
 * Ends a live session (audited) and returns the sealed ID token a single sign-on session
 * kept for ending it at the provider too (lib/dal/sso-logout.ts), else null. The token
 * is cleared from the row in the same transaction.
 */
export function endSession(sessionId: string, reason: string): string | null {
  return writeTx((tx) => {
    const s = tx.select({ s: authSessions, u: users }).from(authSessions).innerJoin(users, eq(users.id, authSessions.userId))
      .where(and(eq(authSessions.id, sessionId), isNull(authSessions.endedAt))).get();
    if (!s) return null;
    tx.update(authSessions).set({ endedAt: Date.now(), endReason: reason, idToken: null }).where(eq(authSessions.id, sessionId)).run();
    const after = s.s.idToken ? { reason, via: 'single sign-on' } : { reason };
    appendAudit(tx, actorOf(s.u), { action: reason === 'signed out' ? 'signout' : 'session.end', entity: 'session', entityId: null, after });
    return s.s.idToken;
  });
}

/** Active sessions count (admin overview and tests). */
export function countOpenSessions(userId: number): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(authSessions)
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.endedAt))).get()?.n ?? 0;
}
