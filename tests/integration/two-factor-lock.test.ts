import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { getDb } from '@/db/client';
import { authenticate } from '@/lib/dal/auth';
import { verifyAuditChain } from '@/lib/dal/audit';
import type { Actor } from '@/lib/dal/actor';
import { unlockUser } from '@/lib/dal/signin-locks';
import { confirmEnrolment, startEnrolment } from '@/lib/dal/two-factor';
import { listUsers, resetUserPassword, setUserActive } from '@/lib/dal/users';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { makeActor, TEST_PASSWORD } from '../setup/actors';

/**
 * Repeated lockouts by wrong two-factor codes (the password was right) keep the account
 * locked until an administrator unlocks it (issue 21): three within 24 hours by default.
 * The clock is moved on (fake Date) past each 15-minute lock, as a person would wait.
 */
let db: ReturnType<typeof useTempDatabase>;
let admin: Actor;
let nurse: Actor;
let totp: TOTP;
const sqlite = () => getDb().$client;
const row = () => sqlite().prepare('SELECT locked_until, two_factor_locked_at FROM users WHERE id = ?').get(nurse.userId) as { locked_until: number | null; two_factor_locked_at: number | null };
const locks = () => (sqlite().prepare("SELECT after_json FROM audit_events WHERE action = 'user.locked' ORDER BY id").pluck().all() as string[]).map((j) => JSON.parse(j) as Record<string, unknown>);
const signIn = (code: string, password = TEST_PASSWORD) => authenticate('nurse@clinic.test', password, '10.9.9.9', code);
const later = (ms: number) => vi.setSystemTime(Date.now() + ms);
const wrongCode = () => (totp.generate() === '000000' ? '111111' : '000000');

/** Five wrong codes after the right password: one timed lock. */
async function lockByCodes(): Promise<void> {
  for (let i = 0; i < 5; i++) await signIn(wrongCode());
  expect(row().locked_until).toBeGreaterThan(Date.now());
}
async function lastAnswer(code: string, password = TEST_PASSWORD) {
  const r = await signIn(code, password);
  return r.ok ? 'signed in' : r.reason;
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  process.env.NEXTAUTH_SECRET = 'integration-secret-0123456789-0123456789';
  db = useTempDatabase();
  admin = await makeActor('admin', 'admin@clinic.test');
  nurse = await makeActor('nurse', 'nurse@clinic.test');
  const { key } = await startEnrolment(nurse);
  totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(key.replace(/\s/g, '')) });
  await confirmEnrolment(nurse, totp.generate());
  later(60_000);
});
afterEach(() => {
  expect(verifyAuditChain(getDb()).ok).toBe(true);
  vi.useRealTimers();
  db.dispose();
});

describe('lock until an administrator unlocks it, after repeated two-factor lockouts', () => {
  it('the third lockout by wrong codes within a day keeps the account locked; the right code no longer opens it', async () => {
    await lockByCodes();
    later(16 * 60_000);
    await lockByCodes();
    later(16 * 60_000);
    expect(row().two_factor_locked_at).toBeNull();
    for (let i = 0; i < 4; i++) await signIn(wrongCode());
    expect(await lastAnswer(wrongCode())).toBe('locked-until-unlocked');
    expect(row().two_factor_locked_at).not.toBeNull();
    expect(locks().map((l) => [l.step, l.untilUnlocked ?? false])).toEqual([['code', false], ['code', false], ['code', true]]);
    // Long after the timed lock: the right password and code are refused, in words that say to ask an administrator...
    later(3 * 3_600_000);
    expect(await lastAnswer(totp.generate())).toBe('locked-until-unlocked');
    // ...but a wrong password gets only the usual answer, which an unknown email gets too.
    expect(await lastAnswer(totp.generate(), 'not the password at all')).toBe('locked');
    // Wrong passwords still count: after the usual number a timed lock, and then even the right password gets only "locked".
    for (let i = 0; i < 4; i++) expect(await lastAnswer(totp.generate(), `wrong ${i}`)).toBe('locked');
    expect(row().locked_until).toBeGreaterThan(Date.now());
    expect(await lastAnswer(totp.generate())).toBe('locked');
    later(16 * 60_000);
    expect(await lastAnswer(totp.generate())).toBe('locked-until-unlocked');
    // The administrator sees it on the users page.
    const shown = listUsers(admin).find((u) => u.id === nurse.userId)!;
    expect(shown).toMatchObject({ locked: true, lock: { until: null, attempts: 5 } });
  });

  it('an administrator unlocks it (audited); the count starts again from the unlock', async () => {
    for (let n = 0; n < 3; n++) {
      await lockByCodes();
      later(16 * 60_000);
    }
    expect(() => unlockUser(nurse, nurse.userId!)).toThrow('Your role does not allow this.');
    expect(row().two_factor_locked_at).not.toBeNull();
    unlockUser(admin, nurse.userId!);
    expect(row()).toEqual({ locked_until: null, two_factor_locked_at: null });
    const unlock = sqlite().prepare("SELECT before_json FROM audit_events WHERE action = 'user.unlock'").pluck().get() as string;
    expect(JSON.parse(unlock)).toHaveProperty('untilUnlocked');
    expect(await lastAnswer(totp.generate())).toBe('signed in');
    // One more lockout after the unlock is a timed lock only.
    later(60_000);
    await lockByCodes();
    later(16 * 60_000);
    expect(await lastAnswer(totp.generate())).toBe('signed in');
    expect(() => unlockUser(admin, nurse.userId!)).toThrow('account is not locked');
  });

  it('a password reset by an administrator also opens it', async () => {
    for (let n = 0; n < 3; n++) {
      await lockByCodes();
      later(16 * 60_000);
    }
    await resetUserPassword(admin, nurse.userId!, 'a brand new long passphrase');
    expect(row().two_factor_locked_at).toBeNull();
    expect(await lastAnswer(totp.generate(), 'a brand new long passphrase')).toBe('signed in');
  });

  it('reactivation opens it too, and the count starts again from it', async () => {
    for (let n = 0; n < 3; n++) {
      await lockByCodes();
      later(16 * 60_000);
    }
    setUserActive(admin, nurse.userId!, false);
    setUserActive(admin, nurse.userId!, true);
    expect(row().two_factor_locked_at).toBeNull();
    // One lockout after the reactivation is a timed lock only, not the fourth of the day.
    later(60_000);
    await lockByCodes();
    later(16 * 60_000);
    expect(row().two_factor_locked_at).toBeNull();
    expect(await lastAnswer(totp.generate())).toBe('signed in');
  });

  it('lockouts more than a day apart, or by wrong passwords, do not add up to it', async () => {
    await lockByCodes();
    later(25 * 3_600_000);
    await lockByCodes();
    later(16 * 60_000);
    await lockByCodes();
    later(16 * 60_000);
    expect(row().two_factor_locked_at).toBeNull();
    // Wrong passwords: anyone who knows the email can cause these; they stay timed locks.
    for (let n = 0; n < 3; n++) {
      for (let i = 0; i < 5; i++) await signIn(totp.generate(), 'not the password at all');
      later(16 * 60_000);
    }
    expect(row().two_factor_locked_at).toBeNull();
    expect(await lastAnswer(totp.generate())).toBe('signed in');
  });

  it('hostile unlock input changes nothing', () => {
    const before = tableCounts();
    for (const id of [0, -1, 987654, Number.NaN]) expect(() => unlockUser(admin, id)).toThrow();
    expect(tableCounts()).toEqual(before);
  });
});
