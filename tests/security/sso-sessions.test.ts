import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { resolveSession } from '@/lib/dal/auth';
import { completeSsoSignIn } from '@/lib/dal/sso';
import { createUser, listUsers, setUserActive } from '@/lib/dal/users';
import { can, ACTIONS } from '@/lib/permissions';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { makeActor } from '../setup/actors';
import { ssoTestEnv } from '../setup/sso-env';

/**
 * A session opened through single sign-on is the same kind of session as a password one:
 * the same row, the same re-read of role and active flag, the same limits, the same
 * permission matrix (issue 21: "the security matrix runs for SSO users too").
 */
const ENV = ssoTestEnv('g-admin=admin, g-physician=physician, g-nurse=nurse, g-reviewer=reviewer', 'https://login.clinic.example');
let db: ReturnType<typeof useTempDatabase>;
beforeEach(() => {
  Object.assign(process.env, ENV);
  db = useTempDatabase();
});
afterEach(() => {
  for (const k of Object.keys(ENV)) delete process.env[k];
  db.dispose();
});

async function ssoSession(role: string) {
  const r = await completeSsoSignIn({ sub: `sub-${role}`, email: `${role}@sso.test`, emailVerified: true, groups: [`g-${role}`] }, '10.2.2.2');
  if (!r.ok) throw new Error(r.why);
  return r.sessionId;
}

describe('single sign-on sessions under the same rules', () => {
  it('grant exactly what the role grants, per the permission matrix', async () => {
    for (const role of ['admin', 'physician', 'nurse', 'reviewer'] as const) {
      const actor = resolveSession(await ssoSession(role));
      expect(actor).toMatchObject({ role, origin: 'ui', active: true });
      const reference = await makeActor(role);
      for (const action of ACTIONS) expect(can(actor!, action), `${role} ${action}`).toBe(can(reference, action));
    }
  });

  it('a nurse signed in through the provider is refused user management, and nothing changes', async () => {
    const nurse = resolveSession(await ssoSession('nurse'))!;
    const before = tableCounts();
    expect(() => listUsers(nurse)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    await expect(createUser(nurse, { email: 'x@sso.test', name: 'X', role: 'admin', password: 'a long enough passphrase' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(tableCounts()).toEqual(before);
  });

  it('end on deactivation and on the idle limit like any session', async () => {
    const admin = await makeActor('admin', 'boss@clinic.test');
    const sid = await ssoSession('physician');
    const other = await ssoSession('nurse');
    const physicianId = resolveSession(sid)!.userId!;
    setUserActive(admin, physicianId, false);
    expect(resolveSession(sid)).toBeNull();
    getDb().$client.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE id = ?').run(Date.now() - 3 * 3_600_000, other);
    expect(resolveSession(other)).toBeNull();
  });

  it('are not held to Titerline\'s own second factor (the provider\'s applies)', async () => {
    process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS = '0';
    try {
      expect(resolveSession(await ssoSession('admin'))?.secondFactorOverdue).toBeUndefined();
    } finally {
      delete process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS;
    }
  });
});
