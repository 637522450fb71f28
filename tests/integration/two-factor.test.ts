import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { getDb } from '@/db/client';
import { authenticate, resolveSession } from '@/lib/dal/auth';
import { verifyAuditChain } from '@/lib/dal/audit';
import type { Actor } from '@/lib/dal/actor';
import { confirmEnrolment, resetSecondFactor, startEnrolment, twoFactorStatus } from '@/lib/dal/two-factor';
import { readTwoFactorPolicy, updateTwoFactorPolicy } from '@/lib/dal/two-factor-policy';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { makeActor, TEST_PASSWORD } from '../setup/actors';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor;
let nurse: Actor;
const sqlite = () => getDb().$client;
const user = (id: number | null) => sqlite().prepare('SELECT * FROM users WHERE id = ?').get(id) as Record<string, unknown>;
const actions = (after: number) => (sqlite().prepare('SELECT action, after_json FROM audit_events WHERE id > ? ORDER BY id').all(after) as { action: string; after_json: string | null }[]);
const lastAudit = () => (sqlite().prepare('SELECT coalesce(max(id), 0) AS n FROM audit_events').get() as { n: number }).n;
const app = (key: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(key.replace(/\s/g, '')) });
const signIn = (email: string, code?: unknown) => authenticate(email, TEST_PASSWORD, '127.0.0.1', code);

/** Enrols `actor` as a user would: QR code, then a code from the app. Returns the app and the recovery codes. */
async function enrol(actor: Actor, at = Date.now()) {
  const { key, qr } = await startEnrolment(actor);
  expect(qr).toMatch(/^data:image\/png;base64,/);
  const totp = app(key);
  const { recoveryCodes } = await confirmEnrolment(actor, totp.generate({ timestamp: at }), at);
  return { totp, recoveryCodes };
}

beforeEach(async () => {
  process.env.NEXTAUTH_SECRET = 'integration-secret-0123456789-0123456789';
  delete process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS;
  db = useTempDatabase();
  admin = await makeActor('admin', 'admin@clinic.test');
  nurse = await makeActor('nurse', 'nurse@clinic.test');
});
afterEach(() => {
  delete process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS;
  db.dispose();
});

describe('enrolment from the account page', () => {
  it('stores the secret encrypted, confirms with a code and gives ten recovery codes stored hashed', async () => {
    const { key } = await startEnrolment(nurse);
    const stored = String(user(nurse.userId).totp_secret);
    expect(stored.startsWith('v1:')).toBe(true);
    expect(stored).not.toContain(key.replace(/\s/g, ''));
    expect(user(nurse.userId).totp_enrolled_at).toBeNull();
    const { recoveryCodes } = await confirmEnrolment(nurse, app(key).generate());
    expect(recoveryCodes).toHaveLength(10);
    const hashes = sqlite().prepare('SELECT code_hash FROM recovery_codes WHERE user_id = ?').pluck().all(nurse.userId) as string[];
    expect(hashes).toHaveLength(10);
    for (const h of hashes) {
      expect(h.startsWith('$argon2id$')).toBe(true);
      expect(recoveryCodes.some((c) => h.includes(c))).toBe(false);
    }
    expect(twoFactorStatus(nurse)).toMatchObject({ enrolled: true, recoveryLeft: 10 });
    await expect(startEnrolment(nurse)).rejects.toMatchObject({ code: 'invalid' });
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('refuses a wrong, hostile or missing confirmation code and changes nothing', async () => {
    await expect(confirmEnrolment(nurse, '123456')).rejects.toMatchObject({ code: 'invalid' }); // nothing started
    const { key } = await startEnrolment(nurse);
    const before = tableCounts();
    const good = app(key).generate();
    for (const bad of [good === '000000' ? '111111' : '000000', '', 42, null, { code: good }, [good], 'x'.repeat(100_000), `${good}${good}`]) {
      await expect(confirmEnrolment(nurse, bad)).rejects.toMatchObject({ code: 'invalid' });
    }
    expect(tableCounts()).toEqual(before);
    expect(user(nurse.userId).totp_enrolled_at).toBeNull();
  });

  it('refuses a caller with no user behind it', async () => {
    const ghost: Actor = { ...nurse, userId: 9999 };
    await expect(startEnrolment(ghost)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('sign-in with a second step', () => {
  it('asks for the code after the right password, then signs in; the same code is refused the second time', async () => {
    const { totp } = await enrol(nurse, Date.now() - 60_000);
    const mark = lastAudit();
    expect(await signIn('nurse@clinic.test')).toEqual({ ok: false, reason: 'code-needed' });
    expect(user(nurse.userId).failed_logins).toBe(0);
    const code = totp.generate();
    const ok = await signIn('nurse@clinic.test', code);
    expect(ok.ok).toBe(true);
    expect(await signIn('nurse@clinic.test', code)).toEqual({ ok: false, reason: 'code-invalid' });
    const log = actions(mark);
    expect(log.map((r) => r.action)).toEqual(['signin.code-needed', 'signin.success', 'signin.failure']);
    expect(log[1]!.after_json).toContain('authenticator app');
    expect(log[2]!.after_json).toContain('reused code');
  });

  it('accepts a code from a phone one step behind, not two', async () => {
    const { totp } = await enrol(nurse, Date.now() - 5 * 60_000);
    expect(await signIn('nurse@clinic.test', totp.generate({ timestamp: Date.now() - 60_000 }))).toEqual({ ok: false, reason: 'code-invalid' });
    expect((await signIn('nurse@clinic.test', totp.generate({ timestamp: Date.now() - 30_000 }))).ok).toBe(true);
  });

  it('a wrong password with a right code is still a wrong password', async () => {
    const { totp } = await enrol(nurse, Date.now() - 60_000);
    expect(await authenticate('nurse@clinic.test', 'not the password', '127.0.0.1', totp.generate())).toEqual({ ok: false, reason: 'invalid' });
  });

  it('takes each recovery code once, however it is typed', async () => {
    const { recoveryCodes } = await enrol(nurse);
    const [first, second] = recoveryCodes;
    expect((await signIn('nurse@clinic.test', first!.toLowerCase().replace('-', ' '))).ok).toBe(true);
    expect(await signIn('nurse@clinic.test', first)).toEqual({ ok: false, reason: 'code-invalid' });
    expect((await signIn('nurse@clinic.test', second)).ok).toBe(true);
    expect(twoFactorStatus(nurse).recoveryLeft).toBe(8);
    expect(actions(0).filter((r) => r.action === 'signin.success').at(-1)!.after_json).toContain('recovery code');
  });

  it('locks the account after five wrong codes, like wrong passwords; then even a right code is refused', async () => {
    const { totp } = await enrol(nurse, Date.now() - 60_000);
    const good = totp.generate();
    const wrong = good === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect(await signIn('nurse@clinic.test', wrong)).toEqual({ ok: false, reason: 'code-invalid' });
    expect(user(nurse.userId).locked_until).toBeNull();
    expect(await signIn('nurse@clinic.test', 'ABCDE-FGHJK')).toEqual({ ok: false, reason: 'code-invalid' });
    expect(Number(user(nurse.userId).locked_until)).toBeGreaterThan(Date.now());
    expect(await signIn('nurse@clinic.test', good)).toEqual({ ok: false, reason: 'locked' });
    expect(actions(0).filter((r) => r.action === 'user.locked')).toHaveLength(1);
  });

  it('treats a hostile code as no code, and a secret that cannot be opened as a failure', async () => {
    await enrol(nurse, Date.now() - 60_000);
    for (const hostile of [{ a: 1 }, ['123456'], 123456, null]) expect(await signIn('nurse@clinic.test', hostile)).toEqual({ ok: false, reason: 'code-needed' });
    expect(await signIn('nurse@clinic.test', 'x'.repeat(1_000_000))).toEqual({ ok: false, reason: 'code-invalid' });
    sqlite().prepare("UPDATE users SET totp_secret = 'v1:AAAA' WHERE id = ?").run(nurse.userId);
    expect(await signIn('nurse@clinic.test', '123456')).toEqual({ ok: false, reason: 'code-invalid' });
    expect(actions(0).at(-1)!.after_json).toContain('unreadable secret');
  });
});

describe('administrator reset', () => {
  it('removes the second factor and recovery codes, audited; a nurse may not', async () => {
    await enrol(nurse);
    const before = tableCounts();
    expect(() => resetSecondFactor(nurse, nurse.userId ?? 0)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(tableCounts()).toEqual(before);
    expect(resetSecondFactor(admin, nurse.userId ?? 0).name).toBe('Test nurse');
    expect(user(nurse.userId).totp_secret).toBeNull();
    expect(sqlite().prepare('SELECT count(*) FROM recovery_codes WHERE user_id = ?').pluck().get(nurse.userId)).toBe(0);
    expect(actions(0).at(-1)!.action).toBe('two-factor.reset');
    expect((await signIn('nurse@clinic.test')).ok).toBe(true);
    expect(() => resetSecondFactor(admin, nurse.userId ?? 0)).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => resetSecondFactor(admin, 4242)).toThrow(expect.objectContaining({ code: 'not-found' }));
    // An administrator's own factor is reset by another one: a stolen session cannot move it.
    await enrol(admin);
    expect(() => resetSecondFactor(admin, admin.userId ?? 0)).toThrow(/Another administrator must reset/);
    expect(user(admin.userId).totp_secret).not.toBeNull();
  });
});

describe('the site rule', () => {
  const sessionOf = async (email: string) => {
    const r = await signIn(email);
    if (!r.ok) throw new Error(r.reason);
    return resolveSession(r.sessionId);
  };

  it('requires administrators by default, after their grace period: until they enrol they reach only the set-up', async () => {
    expect(readTwoFactorPolicy().scope).toBe('admins');
    expect((await sessionOf('admin@clinic.test'))?.secondFactorOverdue).toBeUndefined(); // in the grace period
    process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS = '0';
    expect((await sessionOf('admin@clinic.test'))?.secondFactorOverdue).toBe(true);
    expect((await sessionOf('nurse@clinic.test'))?.secondFactorOverdue).toBeUndefined();
    await enrol(admin);
    const r = await signIn('admin@clinic.test', 'ABCDE-FGHJK');
    expect(r.ok).toBe(false);
  });

  it('an administrator older than the grace period gets it from the upgrade that brought the rule, not from account creation', async () => {
    // Made 90 days before this database had two-factor sign-in (the migration starts the rule's clock).
    sqlite().prepare('UPDATE users SET created_at = ? WHERE id = ?').run(new Date(Date.now() - 90 * 86_400_000).toISOString(), admin.userId);
    expect(readTwoFactorPolicy().since).not.toBeNull();
    expect((await sessionOf('admin@clinic.test'))?.secondFactorOverdue).toBeUndefined();
    process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS = '0';
    expect((await sessionOf('admin@clinic.test'))?.secondFactorOverdue).toBe(true);
  });

  it('can require everyone, audited; bad input and non-admins change nothing', async () => {
    process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS = '0';
    const before = tableCounts();
    for (const bad of [{ scope: 'all' }, { scope: '' }, {}, null, { scope: ['everyone'] }]) {
      expect(() => updateTwoFactorPolicy(admin, bad)).toThrow(expect.objectContaining({ code: 'invalid' }));
    }
    expect(() => updateTwoFactorPolicy(nurse, { scope: 'nobody' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(tableCounts()).toEqual(before);
    updateTwoFactorPolicy(admin, { scope: 'everyone' });
    expect(actions(0).at(-1)!.action).toBe('settings.two-factor');
    // Tightening starts a new grace period: with 0 days, at once.
    expect((await sessionOf('nurse@clinic.test'))?.secondFactorOverdue).toBe(true);
    updateTwoFactorPolicy(admin, { scope: 'nobody' });
    expect((await sessionOf('admin@clinic.test'))?.secondFactorOverdue).toBeUndefined();
  });
});
