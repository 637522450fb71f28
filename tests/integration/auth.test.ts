import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { authenticate, countOpenSessions, endSession, resolveSession, type SignInResult } from '@/lib/dal/auth';
import { verifyAuditChain } from '@/lib/dal/audit';
import { setUserActive } from '@/lib/dal/users';
import { useTempDatabase } from '../setup/temp-db';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import type { Actor } from '@/lib/dal/actor';

const ENV_KEYS = [
  'TITERLINE_IDLE_MINUTES',
  'TITERLINE_SESSION_HOURS',
  'TITERLINE_LOCKOUT_ATTEMPTS',
  'TITERLINE_LOCKOUT_MINUTES',
  'TITERLINE_CLIENT_ATTEMPTS',
] as const;

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor;
let nurse: Actor;
const NURSE = 'nurse@clinic.test';
const WRONG = 'not the right password';
const MIN = 60_000;

beforeEach(async () => {
  for (const k of ENV_KEYS) delete process.env[k];
  db = useTempDatabase();
  admin = await makeActor('admin', 'admin@clinic.test');
  nurse = await makeActor('nurse', NURSE);
});
afterEach(() => {
  vi.useRealTimers();
  for (const k of ENV_KEYS) delete process.env[k];
  db.dispose();
});

interface AuditRow {
  id: number;
  user_id: number | null;
  user_email: string | null;
  role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  after_json: string | null;
}
const sqlite = () => getDb().$client;
const auditRows = (): AuditRow[] => sqlite().prepare('SELECT * FROM audit_events ORDER BY id').all() as AuditRow[];
/** Audit actions written after the test's own setup (user creation). */
const actionsSince = (id: number) => auditRows().filter((r) => r.id > id).map((r) => r.action);
const lastAuditId = () => (sqlite().prepare('SELECT coalesce(max(id), 0) AS n FROM audit_events').get() as { n: number }).n;
const userRow = (id: number) =>
  sqlite().prepare('SELECT failed_logins, locked_until FROM users WHERE id = ?').get(id) as { failed_logins: number; locked_until: number | null };
const sessionCount = () => (sqlite().prepare('SELECT count(*) AS n FROM auth_sessions').get() as { n: number }).n;
const sessionRow = (id: string) =>
  sqlite().prepare('SELECT * FROM auth_sessions WHERE id = ?').get(id) as {
    user_id: number;
    created_at: number;
    last_seen_at: number;
    ended_at: number | null;
    end_reason: string | null;
  };

async function attempts(n: number, email: string, password: string, client: string): Promise<SignInResult[]> {
  const out: SignInResult[] = [];
  for (let i = 0; i < n; i++) out.push(await authenticate(email, password, client));
  return out;
}

async function signIn(email = NURSE): Promise<string> {
  const r = await authenticate(email, TEST_PASSWORD, '10.9.9.9');
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  return r.sessionId;
}

const INVALID = { ok: false, reason: 'invalid' } as const;
const LOCKED = { ok: false, reason: 'locked' } as const;

describe('authenticate', () => {
  it('a correct sign-in creates a session and audits signin.success', async () => {
    const mark = lastAuditId();
    const r = await authenticate('  Nurse@Clinic.TEST ', TEST_PASSWORD, '192.0.2.10');
    expect(r).toMatchObject({ ok: true, userId: nurse.userId, email: NURSE, name: 'Test nurse', role: 'nurse', sessionVersion: 1 });
    if (!r.ok) throw new Error('unreachable');
    expect(r.sessionId).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const s = sessionRow(r.sessionId);
    expect(s).toMatchObject({ user_id: nurse.userId, ended_at: null });
    expect(countOpenSessions(nurse.userId!)).toBe(1);

    const events = auditRows().filter((e) => e.id > mark);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'signin.success', user_id: nurse.userId, user_email: NURSE, role: 'nurse', entity: 'user', entity_id: String(nurse.userId) });
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ client: '192.0.2.10' });
  });

  it('a wrong password returns invalid, creates no session and audits signin.failure', async () => {
    const mark = lastAuditId();
    expect(await authenticate(NURSE, WRONG, '192.0.2.11')).toEqual(INVALID);
    expect(sessionCount()).toBe(0);
    expect(userRow(nurse.userId!)).toEqual({ failed_logins: 1, locked_until: null });
    const events = auditRows().filter((e) => e.id > mark);
    expect(events.map((e) => e.action)).toEqual(['signin.failure']);
    expect(events[0]).toMatchObject({ user_id: nurse.userId, user_email: NURSE, entity_id: String(nurse.userId) });
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ email: NURSE, client: '192.0.2.11', why: 'wrong password' });
    expect(events[0]!.after_json).not.toContain(WRONG);
  });

  it('an unknown email returns the very same answer and audits signin.failure', async () => {
    const mark = lastAuditId();
    const r = await authenticate('ghost@clinic.test', TEST_PASSWORD, '192.0.2.12');
    expect(r).toEqual(INVALID);
    expect(Object.keys(r).sort()).toEqual(['ok', 'reason']);
    expect(sessionCount()).toBe(0);
    const events = auditRows().filter((e) => e.id > mark);
    expect(events.map((e) => e.action)).toEqual(['signin.failure']);
    expect(events[0]).toMatchObject({ user_id: null, user_email: 'ghost@clinic.test', role: null, entity_id: null });
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ email: 'ghost@clinic.test', client: '192.0.2.12', why: 'unknown email' });
  });

  it.each<[string, unknown, unknown]>([
    ['an object as email', { $ne: null }, TEST_PASSWORD],
    ['a number as password', NURSE, 12345678901234],
    ['a 10k-character password', NURSE, 'x'.repeat(10_000)],
    ['a 10k-character email', `${'a'.repeat(10_000)}@clinic.test`, TEST_PASSWORD],
    ['empty strings', '', ''],
    ['nulls', null, null],
  ])('hostile input (%s) is a plain invalid, audited, with no session', async (_label, email, password) => {
    const mark = lastAuditId();
    expect(await authenticate(email, password, '192.0.2.13')).toEqual(INVALID);
    expect(sessionCount()).toBe(0);
    expect(actionsSince(mark)).toEqual(['signin.failure']);
    expect(userRow(nurse.userId!).failed_logins).toBe(0);
  });

  it('a successful sign-in resets the failure counter', async () => {
    await attempts(4, NURSE, WRONG, '192.0.2.14');
    expect(userRow(nurse.userId!).failed_logins).toBe(4);
    expect((await authenticate(NURSE, TEST_PASSWORD, '192.0.2.14')).ok).toBe(true);
    expect(userRow(nurse.userId!).failed_logins).toBe(0);
    // Four more failures do not lock: the count started again.
    expect(await attempts(4, NURSE, WRONG, '192.0.2.14')).toEqual([INVALID, INVALID, INVALID, INVALID]);
    expect((await authenticate(NURSE, TEST_PASSWORD, '192.0.2.14')).ok).toBe(true);
  });

  it('a deactivated user cannot sign in, even with the right password', async () => {
    setUserActive(admin, nurse.userId!, false);
    const mark = lastAuditId();
    expect(await authenticate(NURSE, TEST_PASSWORD, '192.0.2.15')).toEqual(INVALID);
    expect(sessionCount()).toBe(0);
    const events = auditRows().filter((e) => e.id > mark);
    expect(events.map((e) => e.action)).toEqual(['signin.failure']);
    expect(JSON.parse(events[0]!.after_json!)).toMatchObject({ why: 'deactivated account' });
  });
});

describe('lockout', () => {
  it('after 5 wrong passwords the 6th attempt is locked, even with the right password', async () => {
    const mark = lastAuditId();
    const results = await attempts(5, NURSE, WRONG, '198.51.100.1');
    expect(results).toEqual([INVALID, INVALID, INVALID, INVALID, INVALID]);
    const before = Date.now();
    expect(await authenticate(NURSE, TEST_PASSWORD, '198.51.100.1')).toEqual(LOCKED);
    expect(sessionCount()).toBe(0);

    const u = userRow(nurse.userId!);
    expect(u.locked_until).not.toBeNull();
    // Default lockout: 15 minutes from the 5th failure.
    expect(u.locked_until! - before).toBeGreaterThan(14 * MIN);
    expect(u.locked_until! - before).toBeLessThanOrEqual(15 * MIN);

    expect(actionsSince(mark)).toEqual([
      'signin.failure',
      'signin.failure',
      'signin.failure',
      'signin.failure',
      'signin.failure',
      'user.locked',
      'signin.refused-locked',
    ]);
    const lockedEvent = auditRows().find((e) => e.id > mark && e.action === 'user.locked')!;
    expect(lockedEvent).toMatchObject({ user_id: nurse.userId });
    // Who caused it: the five failures and the address they came from (issue 20, item 4).
    expect(JSON.parse(lockedEvent.after_json!)).toEqual({ email: NURSE, minutes: 15, until: expect.any(String), attempts: 5, from: [{ address: '198.51.100.1', attempts: 5 }], step: 'password' });
  });

  it('the lock holds from another client address too', async () => {
    await attempts(5, NURSE, WRONG, '198.51.100.2');
    expect(await authenticate(NURSE, TEST_PASSWORD, '203.0.113.77')).toEqual(LOCKED);
  });

  it('once locked_until has passed, the right password works again', async () => {
    await attempts(5, NURSE, WRONG, '198.51.100.3');
    expect(await authenticate(NURSE, TEST_PASSWORD, '198.51.100.3')).toEqual(LOCKED);
    // The users table is not append-only: move the lock into the past.
    sqlite().prepare('UPDATE users SET locked_until = ? WHERE id = ?').run(Date.now() - 1, nurse.userId);
    const r = await authenticate(NURSE, TEST_PASSWORD, '198.51.100.3');
    expect(r).toMatchObject({ ok: true, userId: nurse.userId });
    expect(userRow(nurse.userId!)).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('the lockout window follows the clock: still locked at 14 minutes, open at 16', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    await attempts(5, NURSE, WRONG, '198.51.100.4');
    vi.setSystemTime(Date.now() + 14 * MIN);
    expect(await authenticate(NURSE, TEST_PASSWORD, '198.51.100.4')).toEqual(LOCKED);
    vi.setSystemTime(Date.now() + 2 * MIN);
    expect((await authenticate(NURSE, TEST_PASSWORD, '198.51.100.4')).ok).toBe(true);
  });

  it('TITERLINE_LOCKOUT_ATTEMPTS and TITERLINE_LOCKOUT_MINUTES are honoured', async () => {
    process.env.TITERLINE_LOCKOUT_ATTEMPTS = '3';
    process.env.TITERLINE_LOCKOUT_MINUTES = '2';
    const before = Date.now();
    expect(await attempts(3, NURSE, WRONG, '198.51.100.5')).toEqual([INVALID, INVALID, INVALID]);
    expect(await authenticate(NURSE, TEST_PASSWORD, '198.51.100.5')).toEqual(LOCKED);
    const u = userRow(nurse.userId!);
    expect(u.locked_until! - before).toBeGreaterThan(1 * MIN);
    expect(u.locked_until! - before).toBeLessThanOrEqual(2 * MIN + 5_000);
  });

  it('ignores nonsense limits in the environment and keeps the defaults', async () => {
    process.env.TITERLINE_LOCKOUT_ATTEMPTS = '0';
    process.env.TITERLINE_LOCKOUT_MINUTES = 'soon';
    expect(await attempts(5, NURSE, WRONG, '198.51.100.6')).toEqual([INVALID, INVALID, INVALID, INVALID, INVALID]);
    expect(await authenticate(NURSE, TEST_PASSWORD, '198.51.100.6')).toEqual(LOCKED);
  });

  it('an unknown email locks after 5 attempts exactly like a real account (no enumeration)', async () => {
    const markKnown = lastAuditId();
    const known = await attempts(6, NURSE, WRONG, '198.51.100.7');
    const knownActions = actionsSince(markKnown);

    const markGhost = lastAuditId();
    const ghost = await attempts(6, 'ghost@clinic.test', WRONG, '198.51.100.8');
    const ghostActions = actionsSince(markGhost);

    expect(ghost).toEqual([INVALID, INVALID, INVALID, INVALID, INVALID, LOCKED]);
    expect(ghost).toEqual(known);
    expect(ghostActions).toEqual(knownActions);
    expect(ghostActions).toEqual([
      'signin.failure',
      'signin.failure',
      'signin.failure',
      'signin.failure',
      'signin.failure',
      'user.locked',
      'signin.refused-locked',
    ]);
    // The counter is per email: another unknown email and the real user from elsewhere are unaffected by the ghost's lock.
    expect(await authenticate('other-ghost@clinic.test', WRONG, '198.51.100.9')).toEqual(INVALID);
    expect((await authenticate('admin@clinic.test', TEST_PASSWORD, '198.51.100.9')).ok).toBe(true);
  });

  // 'x' is a sign-in with a wrong password, a number is a pause of that many minutes.
  const I = INVALID;
  const L = LOCKED;
  it.each<[string, ('x' | number)[], SignInResult[]]>([
    // 4 failures, a long pause, then 2 more: the 5th failure locks in both cases.
    ['failures spread across more than one lockout window', ['x', 'x', 'x', 'x', 16, 'x', 'x'], [I, I, I, I, I, L]],
    // The lock lasts 15 minutes from the 5th failure, not from the 1st.
    ['a lock that started late in the window', ['x', 10, 'x', 'x', 'x', 'x', 6, 'x'], [I, I, I, I, I, L]],
    // It ends 15 minutes after the 5th failure, and counting starts again from zero.
    ['a lock that has run out', ['x', 'x', 'x', 'x', 'x', 'x', 16, 'x', 'x', 'x', 'x', 'x'], [I, I, I, I, I, L, I, I, I, I, I]],
  ])('a known and an unknown email answer alike over time: %s', async (_label, script, expected) => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const run = async (email: string, client: string) => {
      const out: SignInResult[] = [];
      for (const step of script) {
        if (step === 'x') out.push(await authenticate(email, WRONG, client));
        else vi.setSystemTime(Date.now() + step * MIN);
      }
      return out;
    };
    const t0 = Date.now();
    const known = await run(NURSE, '198.51.100.20');
    vi.setSystemTime(t0);
    const ghost = await run('ghost@clinic.test', '198.51.100.21');
    expect(known).toEqual(expected);
    expect(ghost).toEqual(expected);
  });

  it('after an unknown email’s lock has passed, it is answered invalid again, not locked', async () => {
    await attempts(5, 'ghost@clinic.test', WRONG, '198.51.100.10');
    expect(await authenticate('ghost@clinic.test', WRONG, '198.51.100.10')).toEqual(LOCKED);
    sqlite().prepare("UPDATE signin_attempts SET window_start = ? WHERE client_key = 'email:ghost@clinic.test'").run(Date.now() - 16 * MIN);
    expect(await authenticate('ghost@clinic.test', WRONG, '198.51.100.10')).toEqual(INVALID);
  });

  it('one client address is throttled after TITERLINE_CLIENT_ATTEMPTS failures, others are not', async () => {
    process.env.TITERLINE_CLIENT_ATTEMPTS = '3';
    expect(await authenticate('a@clinic.test', WRONG, '203.0.113.5')).toEqual(INVALID);
    expect(await authenticate('b@clinic.test', WRONG, '203.0.113.5')).toEqual(INVALID);
    expect(await authenticate('c@clinic.test', WRONG, '203.0.113.5')).toEqual(INVALID);
    const mark = lastAuditId();
    expect(await authenticate(NURSE, TEST_PASSWORD, '203.0.113.5')).toEqual(LOCKED);
    const refused = auditRows().filter((e) => e.id > mark);
    expect(refused.map((e) => e.action)).toEqual(['signin.refused-locked']);
    expect(JSON.parse(refused[0]!.after_json!)).toMatchObject({ by: 'client' });
    expect((await authenticate(NURSE, TEST_PASSWORD, '203.0.113.6')).ok).toBe(true);
  });
});

describe('resolveSession', () => {
  it('resolves a fresh session to the acting user, re-read from the database', async () => {
    const id = await signIn();
    expect(resolveSession(id)).toEqual({
      userId: nurse.userId,
      email: NURSE,
      name: 'Test nurse',
      role: 'nurse',
      active: true,
      origin: 'ui',
      sessionId: id,
    });
  });

  it('returns null for an unknown session id', () => {
    expect(resolveSession('no-such-session')).toBeNull();
    expect(resolveSession('')).toBeNull();
  });

  it('ends a session idle for longer than TITERLINE_IDLE_MINUTES (default 30)', async () => {
    const a = await signIn();
    const b = await signIn();
    const lastSeen = sessionRow(a).last_seen_at;
    // last_seen_at is written at most once a minute, so the last activity may be up to a
    // minute after it: judged from it, the session lives up to the limit plus that minute
    // (never less than the limit: issue 20, item 8; tests/security/sessions.test.ts)...
    expect(resolveSession(b, sessionRow(b).last_seen_at + 31 * MIN)).not.toBeNull();
    // ...one millisecond beyond it, it is over.
    const mark = lastAuditId();
    expect(resolveSession(a, lastSeen + 31 * MIN + 1)).toBeNull();
    expect(sessionRow(a)).toMatchObject({ end_reason: 'idle timeout' });
    expect(sessionRow(a).ended_at).not.toBeNull();
    const events = auditRows().filter((e) => e.id > mark);
    expect(events.map((e) => e.action)).toEqual(['session.end']);
    expect(events[0]).toMatchObject({ user_id: nurse.userId, entity: 'session' });
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ reason: 'idle timeout' });
    // Ended stays ended, even when asked with the current time.
    expect(resolveSession(a)).toBeNull();
    expect(actionsSince(mark)).toEqual(['session.end']);
  });

  it('honours a shorter TITERLINE_IDLE_MINUTES', async () => {
    process.env.TITERLINE_IDLE_MINUTES = '5';
    const id = await signIn();
    const lastSeen = sessionRow(id).last_seen_at;
    expect(resolveSession(id, lastSeen + 4 * MIN)).not.toBeNull();
    // The call above touched last_seen_at, so idleness counts from there.
    expect(sessionRow(id).last_seen_at).toBe(lastSeen + 4 * MIN);
    expect(resolveSession(id, lastSeen + 9 * MIN)).not.toBeNull();
    // A 5-minute limit is judged with a 10-second margin (activity is written at most every 10 s).
    expect(resolveSession(id, lastSeen + 14 * MIN + 10_000)).not.toBeNull();
    expect(resolveSession(id, lastSeen + 19 * MIN + 20_001)).toBeNull();
    expect(sessionRow(id).end_reason).toBe('idle timeout');
  });

  it('an active session still ends at its absolute lifetime (default 12 hours)', async () => {
    const id = await signIn();
    const created = sessionRow(id).created_at;
    // Activity every 20 minutes keeps it alive up to exactly 12 hours.
    for (let t = 20 * MIN; t <= 12 * 60 * MIN; t += 20 * MIN) {
      expect(resolveSession(id, created + t), `at ${t / MIN} min`).not.toBeNull();
    }
    expect(resolveSession(id, created + 12 * 60 * MIN + 1)).toBeNull();
    expect(sessionRow(id).end_reason).toBe('lifetime reached');
  });

  it('honours TITERLINE_SESSION_HOURS', async () => {
    process.env.TITERLINE_SESSION_HOURS = '1';
    const id = await signIn();
    const created = sessionRow(id).created_at;
    expect(resolveSession(id, created + 25 * MIN)).not.toBeNull();
    expect(resolveSession(id, created + 50 * MIN)).not.toBeNull();
    expect(resolveSession(id, created + 61 * MIN)).toBeNull();
    expect(sessionRow(id).end_reason).toBe('lifetime reached');
  });

  it('a session of a user deactivated behind its back resolves to null', async () => {
    const id = await signIn();
    // Simulate a change that did not go through the DAL: the session row is still open.
    sqlite().prepare('UPDATE users SET active = 0 WHERE id = ?').run(nurse.userId);
    expect(resolveSession(id)).toBeNull();
    expect(sessionRow(id).end_reason).toBe('deactivated');
  });

  it('a session whose user has a newer session version resolves to null', async () => {
    const id = await signIn();
    sqlite().prepare('UPDATE users SET session_version = session_version + 1 WHERE id = ?').run(nurse.userId);
    expect(resolveSession(id)).toBeNull();
    expect(sessionRow(id).end_reason).toBe('superseded');
  });
});

describe('endSession', () => {
  it('sign-out ends the session and is audited as signout exactly once', async () => {
    const id = await signIn();
    const other = await signIn();
    const mark = lastAuditId();
    endSession(id, 'signed out');
    expect(resolveSession(id)).toBeNull();
    expect(sessionRow(id).end_reason).toBe('signed out');
    endSession(id, 'signed out');
    endSession(id, 'signed out');

    const events = auditRows().filter((e) => e.id > mark);
    expect(events.map((e) => e.action)).toEqual(['signout']);
    expect(events[0]).toMatchObject({ user_id: nurse.userId, user_email: NURSE, role: 'nurse', entity: 'session' });
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ reason: 'signed out' });

    // The user's other session is untouched.
    expect(resolveSession(other)).toMatchObject({ userId: nurse.userId });
    expect(countOpenSessions(nurse.userId!)).toBe(1);
  });

  it('ending an unknown session writes nothing', () => {
    const mark = lastAuditId();
    endSession('no-such-session', 'signed out');
    expect(actionsSince(mark)).toEqual([]);
  });

  it('the whole sign-in/sign-out history forms a valid audit chain', async () => {
    await authenticate(NURSE, WRONG, '10.0.0.1');
    await authenticate('ghost@clinic.test', WRONG, '10.0.0.1');
    const id = await signIn();
    endSession(id, 'signed out');
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: true, checked: lastAuditId(), firstBrokenId: null });
  });
});
