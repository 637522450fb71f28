import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { authenticate, resolveSession } from '@/lib/dal/auth';
import { verifyAuditChain } from '@/lib/dal/audit';
import { completeSsoSignIn } from '@/lib/dal/sso';
import { updateTwoFactorPolicy } from '@/lib/dal/two-factor-policy';
import { setUserActive } from '@/lib/dal/users';
import type { Actor } from '@/lib/dal/actor';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import { ssoTestEnv } from '../setup/sso-env';

const ENV = ssoTestEnv();
let db: ReturnType<typeof useTempDatabase>;
let admin: Actor;
const sqlite = () => getDb().$client;
const userByEmail = (email: string) => sqlite().prepare('SELECT * FROM users WHERE email = ?').get(email) as { id: number; role: string; oidc_subject: string | null; password_hash: string } | undefined;
const lastActions = (n: number) => (sqlite().prepare('SELECT action FROM audit_events ORDER BY id DESC LIMIT ?').pluck().all(n) as string[]).reverse();

beforeEach(async () => {
  Object.assign(process.env, ENV);
  db = useTempDatabase();
  admin = await makeActor('admin', 'admin@clinic.test');
});
afterEach(() => {
  for (const k of [...Object.keys(ENV), 'TITERLINE_PASSWORD_SIGNIN', 'TITERLINE_BREAK_GLASS_ADMINS', 'TITERLINE_TWO_FACTOR_GRACE_DAYS']) delete process.env[k];
  db.dispose();
});

describe('single sign-on on a real database', () => {
  it('provisions a person by group, audited, and opens a session like a password sign-in', async () => {
    const r = await completeSsoSignIn({ sub: 'kc-1', email: 'Ann@Clinic.test', emailVerified: true, name: 'Ann Ward', groups: ['titerline-nurses'] }, '10.1.1.1');
    expect(r.ok).toBe(true);
    const ann = userByEmail('ann@clinic.test')!;
    expect(ann).toMatchObject({ role: 'nurse', oidc_subject: 'kc-1' });
    expect(lastActions(2)).toEqual(['user.provision', 'signin.success']);
    if (r.ok) expect(resolveSession(r.sessionId)).toMatchObject({ role: 'nurse', email: 'ann@clinic.test' });
    // No password reaches this account.
    expect(await authenticate('ann@clinic.test', ann.password_hash, '10.1.1.1')).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('refuses a person without a mapped group and creates nothing', async () => {
    const before = tableCounts();
    expect(await completeSsoSignIn({ sub: 'kc-2', email: 'bob@clinic.test', emailVerified: true, groups: ['everyone'] }, '10.1.1.1')).toEqual({ ok: false, why: 'no mapped group' });
    const after = tableCounts();
    expect({ ...after, audit_events: before.audit_events }).toEqual(before);
    expect(lastActions(1)).toEqual(['signin.failure']);
  });

  it('changes the role when the claims change, ending the user\'s other sessions; a lost group loses access', async () => {
    const first = await completeSsoSignIn({ sub: 'kc-3', email: 'cy@clinic.test', emailVerified: true, groups: ['titerline-nurses'] }, '10.1.1.1');
    const second = await completeSsoSignIn({ sub: 'kc-3', email: 'cy@clinic.test', emailVerified: true, groups: ['titerline-physicians'] }, '10.1.1.1');
    expect(userByEmail('cy@clinic.test')!.role).toBe('physician');
    expect(lastActions(2)).toEqual(['user.role', 'signin.success']);
    if (first.ok) expect(resolveSession(first.sessionId)).toBeNull();
    if (second.ok) expect(resolveSession(second.sessionId)).toMatchObject({ role: 'physician' });
    expect(await completeSsoSignIn({ sub: 'kc-3', groups: [] }, '10.1.1.1')).toEqual({ ok: false, why: 'no mapped group' });
  });

  it('deactivation in Titerline wins over a valid provider sign-in', async () => {
    await completeSsoSignIn({ sub: 'kc-4', email: 'di@clinic.test', emailVerified: true, groups: ['titerline-nurses'] }, '10.1.1.1');
    setUserActive(admin, userByEmail('di@clinic.test')!.id, false);
    expect(await completeSsoSignIn({ sub: 'kc-4', email: 'di@clinic.test', emailVerified: true, groups: ['titerline-nurses'] }, '10.1.1.1')).toEqual({ ok: false, why: 'deactivated' });
  });

  it('links an existing password account by verified email, once', async () => {
    const nurse = await makeActor('nurse', 'eve@clinic.test');
    const r = await completeSsoSignIn({ sub: 'kc-5', email: 'eve@clinic.test', emailVerified: true, groups: ['titerline-nurses'] }, '10.1.1.1');
    expect(r).toMatchObject({ ok: true, userId: nurse.userId });
    expect(userByEmail('eve@clinic.test')!.oidc_subject).toBe('kc-5');
    expect(lastActions(2)).toEqual(['user.link-sso', 'signin.success']);
    expect(await completeSsoSignIn({ sub: 'kc-other', email: 'eve@clinic.test', emailVerified: true, groups: ['titerline-nurses'] }, '10.1.1.1')).toEqual({ ok: false, why: 'subject mismatch' });
    // Once linked, the old password no longer opens a session: a leaver disabled at the provider must not get in with it.
    expect(await authenticate('eve@clinic.test', TEST_PASSWORD, '10.1.1.1')).toEqual({ ok: false, reason: 'sso-only' });
  });

  it('only an account made by single sign-on skips Titerline\'s second factor; a linked password account does not', async () => {
    process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS = '0';
    updateTwoFactorPolicy(admin, { scope: 'everyone' });
    const made = await completeSsoSignIn({ sub: 'kc-7', email: 'gus@clinic.test', emailVerified: true, groups: ['titerline-nurses'] }, '10.1.1.1');
    await makeActor('nurse', 'hal@clinic.test');
    const linked = await completeSsoSignIn({ sub: 'kc-8', email: 'hal@clinic.test', emailVerified: true, groups: ['titerline-nurses'] }, '10.1.1.1');
    if (!made.ok || !linked.ok) throw new Error('single sign-on refused');
    expect(resolveSession(made.sessionId)?.secondFactorOverdue).toBeUndefined();
    // Its password still exists (a break-glass administrator's would still work): Titerline's own rule applies.
    expect(resolveSession(linked.sessionId)?.secondFactorOverdue).toBe(true);
  });

  it('with password sign-in switched off, only the named break-glass administrator may use a password', async () => {
    await makeActor('nurse', 'fay@clinic.test');
    process.env.TITERLINE_PASSWORD_SIGNIN = 'break-glass';
    process.env.TITERLINE_BREAK_GLASS_ADMINS = 'admin@clinic.test';
    // The right password is told to use single sign-on; a wrong one is just wrong (no hint either way).
    expect(await authenticate('fay@clinic.test', TEST_PASSWORD, '10.1.1.1')).toEqual({ ok: false, reason: 'sso-only' });
    expect(await authenticate('fay@clinic.test', 'not the password at all', '10.1.1.1')).toEqual({ ok: false, reason: 'invalid' });
    expect((await authenticate('admin@clinic.test', TEST_PASSWORD, '10.1.1.1')).ok).toBe(true);
  });
});
