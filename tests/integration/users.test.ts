import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { AppError, type ErrorCode } from '@/lib/errors';
import { cliActor, type Actor } from '@/lib/dal/actor';
import { authenticate, resolveSession } from '@/lib/dal/auth';
import { verifyAuditChain } from '@/lib/dal/audit';
import { changeUserRole, countUsers, createFirstAdmin, createUser, listUsers, resetUserPassword, setUserActive } from '@/lib/dal/users';
import { databasePerTest } from '../setup/temp-db';
import { expectRefused } from '../setup/dal-helpers';
import { makeActor, TEST_PASSWORD } from '../setup/actors';

databasePerTest();



interface AuditRow {
  id: number;
  user_id: number | null;
  user_email: string | null;
  role: string | null;
  origin: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
}
const auditRows = (action?: string): AuditRow[] =>
  (action
    ? getDb().$client.prepare('SELECT * FROM audit_events WHERE action = ? ORDER BY id').all(action)
    : getDb().$client.prepare('SELECT * FROM audit_events ORDER BY id').all()) as AuditRow[];

const userRow = (id: number) =>
  getDb().$client.prepare('SELECT * FROM users WHERE id = ?').get(id) as {
    email: string;
    name: string;
    role: string;
    active: number;
    password_hash: string;
    session_version: number;
    failed_logins: number;
    locked_until: number | null;
  };

const sessionRow = (id: string) =>
  getDb().$client.prepare('SELECT * FROM auth_sessions WHERE id = ?').get(id) as { ended_at: number | null; end_reason: string | null };

async function signIn(email: string, password = TEST_PASSWORD): Promise<string> {
  const r = await authenticate(email, password, '10.0.0.1');
  if (!r.ok) throw new Error(`sign-in of ${email} failed: ${r.reason}`);
  return r.sessionId;
}

const NEW_PASSWORD = 'a brand new passphrase 42';

describe('createFirstAdmin', () => {
  it('creates the first administrator while no user exists, audited as user.create', async () => {
    expect(countUsers()).toBe(0);
    const admin = await createFirstAdmin({ email: '  First.Admin@Clinic.TEST ', name: ' Ada Admin ', password: TEST_PASSWORD });
    expect(admin).toMatchObject({ email: 'first.admin@clinic.test', name: 'Ada Admin', role: 'admin', active: true, locked: false });
    expect(countUsers()).toBe(1);
    expect(Object.keys(admin)).not.toContain('passwordHash');

    const events = auditRows();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'user.create', entity: 'user', entity_id: String(admin.id), role: 'admin', user_email: 'first.admin@clinic.test' });
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ email: 'first.admin@clinic.test', name: 'Ada Admin', role: 'admin', active: true });

    // The new administrator can sign in.
    const r = await authenticate('first.admin@clinic.test', TEST_PASSWORD, '10.0.0.9');
    expect(r.ok).toBe(true);
  });

  it('is refused as not-found once any user exists, and writes nothing', async () => {
    await createFirstAdmin({ email: 'first@clinic.test', name: 'First', password: TEST_PASSWORD });
    const err = await expectRefused(() => createFirstAdmin({ email: 'second@clinic.test', name: 'Second', password: TEST_PASSWORD }), 'not-found');
    expect(err.status).toBe(404);
    expect(countUsers()).toBe(1);
    expect(getDb().$client.prepare("SELECT count(*) AS n FROM users WHERE email = 'second@clinic.test'").get()).toEqual({ n: 0 });
  });

  it('is refused even when the only existing user is not an admin', async () => {
    await makeActor('reviewer');
    await expectRefused(() => createFirstAdmin({ email: 'sneaky@clinic.test', name: 'Sneaky', password: TEST_PASSWORD }), 'not-found');
  });

  it('rejects bad setup input with field errors and writes nothing', async () => {
    const err = await expectRefused(() => createFirstAdmin({ email: 'nope', name: '', password: 'short' }), 'invalid');
    expect(Object.keys(err.fieldErrors).sort()).toEqual(['email', 'name', 'password']);
    expect(countUsers()).toBe(0);
  });
});

describe('createUser', () => {
  it('an admin creates a user; stored lower-cased, argon2id-hashed and audited with the admin as actor', async () => {
    const admin = await makeActor('admin', 'boss@clinic.test');
    const u = await createUser(admin, { email: 'Nina.Nurse@Clinic.test', name: 'Nina Nurse', role: 'nurse', password: TEST_PASSWORD });
    expect(u).toMatchObject({ email: 'nina.nurse@clinic.test', name: 'Nina Nurse', role: 'nurse', active: true, locked: false });

    const row = userRow(u.id);
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);

    const create = auditRows('user.create').at(-1)!;
    expect(create).toMatchObject({ user_id: admin.userId, user_email: 'boss@clinic.test', role: 'admin', origin: 'ui', entity_id: String(u.id) });
    expect(JSON.parse(create.after_json!)).toEqual({ email: 'nina.nurse@clinic.test', name: 'Nina Nurse', role: 'nurse', active: true });
    expect(create.before_json).toBeNull();

    expect(listUsers(admin).map((x) => x.email).sort()).toEqual(['boss@clinic.test', 'nina.nurse@clinic.test']);
  });

  it.each(['physician', 'nurse', 'reviewer'] as const)('a %s is forbidden and nothing is written', async (role) => {
    const actor = await makeActor(role);
    const err = await expectRefused(
      () => createUser(actor, { email: 'new@clinic.test', name: 'New', role: 'admin', password: TEST_PASSWORD }),
      'forbidden',
    );
    expect(err.status).toBe(403);
    expect(() => listUsers(actor)).toThrow(AppError);
  });

  it('a deactivated admin is forbidden', async () => {
    const admin = await makeActor('admin');
    await expectRefused(
      () => createUser({ ...admin, active: false }, { email: 'new@clinic.test', name: 'New', role: 'nurse', password: TEST_PASSWORD }),
      'forbidden',
    );
  });

  describe('bad input is refused with a field error and nothing is written', () => {
    let admin: Actor;
    beforeEach(async () => {
      admin = await makeActor('admin', 'admin@clinic.test');
      await createUser(admin, { email: 'taken@clinic.test', name: 'Taken', role: 'nurse', password: TEST_PASSWORD });
    });
    const good = { email: 'fresh@clinic.test', name: 'Fresh User', role: 'physician', password: TEST_PASSWORD };

    it.each<[string, Record<string, unknown>, ErrorCode, string]>([
      ['a malformed email', { email: 'not-an-email' }, 'invalid', 'email'],
      ['an email with a space inside', { email: 'a b@clinic.test' }, 'invalid', 'email'],
      ['a 300-char email', { email: `${'a'.repeat(290)}@clinic.test` }, 'invalid', 'email'],
      ['an email that is a number', { email: 42 }, 'invalid', 'email'],
      ['a password of 11 characters', { password: 'elevenchars' }, 'invalid', 'password'],
      ['a password of 257 characters', { password: 'p'.repeat(257) }, 'invalid', 'password'],
      ['a missing password', { password: undefined }, 'invalid', 'password'],
      ["an unknown role 'superuser'", { role: 'superuser' }, 'invalid', 'role'],
      ["the role 'Admin' in another case", { role: 'Admin' }, 'invalid', 'role'],
      ['a 10k-character name', { name: 'N'.repeat(10_000) }, 'invalid', 'name'],
      ['a blank name', { name: '   ' }, 'invalid', 'name'],
      ['a duplicate email in another case', { email: 'TAKEN@Clinic.Test' }, 'conflict', 'email'],
      ['a duplicate email with surrounding spaces', { email: '  taken@clinic.test  ' }, 'conflict', 'email'],
    ])('%s', async (_label, patch, code, field) => {
      const input = { ...good, ...patch };
      const err = await expectRefused(() => createUser(admin, input), code, field);
      // Only the offending field is reported.
      expect(Object.keys(err.fieldErrors)).toEqual([field]);
    });

    it.each<[string, unknown]>([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'fresh@clinic.test'],
      ['a number', 42],
      ['an empty array', []],
      ['an array holding a valid input', [good]],
    ])('a non-object input: %s', async (_label, input) => {
      await expectRefused(() => createUser(admin, input), 'invalid');
    });

    it('several bad fields are all reported at once', async () => {
      const err = await expectRefused(() => createUser(admin, { email: 'x', name: '', role: 'root', password: '1' }), 'invalid');
      expect(Object.keys(err.fieldErrors).sort()).toEqual(['email', 'name', 'password', 'role']);
    });

    it('a 12-character password is accepted (the boundary)', async () => {
      const u = await createUser(admin, { ...good, password: 'twelve chars' });
      expect(u.email).toBe('fresh@clinic.test');
      expect((await authenticate('fresh@clinic.test', 'twelve chars', '10.1.1.1')).ok).toBe(true);
    });
  });
});

describe('changeUserRole', () => {
  it('changes the role, audits before/after and ends the user’s sessions', async () => {
    const admin = await makeActor('admin', 'admin@clinic.test');
    const phys = await makeActor('physician', 'doc@clinic.test');
    const sessionId = await signIn('doc@clinic.test');
    expect(resolveSession(sessionId)).toMatchObject({ userId: phys.userId, role: 'physician' });
    const versionBefore = userRow(phys.userId!).session_version;

    const u = changeUserRole(admin, phys.userId!, 'reviewer');
    expect(u.role).toBe('reviewer');
    expect(userRow(phys.userId!)).toMatchObject({ role: 'reviewer', session_version: versionBefore + 1 });

    const ev = auditRows('user.role');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: admin.userId, role: 'admin', entity: 'user', entity_id: String(phys.userId) });
    expect(JSON.parse(ev[0]!.before_json!)).toEqual({ email: 'doc@clinic.test', name: 'Test physician', role: 'physician', active: true });
    expect(JSON.parse(ev[0]!.after_json!)).toEqual({ email: 'doc@clinic.test', name: 'Test physician', role: 'reviewer', active: true });

    expect(sessionRow(sessionId)).toMatchObject({ end_reason: 'role changed' });
    expect(sessionRow(sessionId).ended_at).not.toBeNull();
    expect(resolveSession(sessionId)).toBeNull();

    // A new sign-in carries the new role.
    const again = await signIn('doc@clinic.test');
    expect(resolveSession(again)).toMatchObject({ role: 'reviewer' });
  });

  it('rejects an unknown role with a field error and writes nothing', async () => {
    const admin = await makeActor('admin');
    const nurse = await makeActor('nurse');
    await expectRefused(() => changeUserRole(admin, nurse.userId!, 'superuser'), 'invalid', 'role');
    expect(userRow(nurse.userId!).role).toBe('nurse');
  });

  it('is forbidden for non-admins, whatever the requested role', async () => {
    const nurse = await makeActor('nurse');
    const other = await makeActor('reviewer');
    await expectRefused(() => changeUserRole(nurse, nurse.userId!, 'admin'), 'forbidden');
    await expectRefused(() => changeUserRole(nurse, other.userId!, 'physician'), 'forbidden');
    await expectRefused(() => changeUserRole(nurse, other.userId!, 'superuser'), 'forbidden');
  });

  it('returns not-found for an unknown user id and writes nothing', async () => {
    const admin = await makeActor('admin');
    await expectRefused(() => changeUserRole(admin, 9999, 'nurse'), 'not-found');
  });

  it('cannot demote the last active admin, but can once another admin exists', async () => {
    const admin = await makeActor('admin');
    const err = await expectRefused(() => changeUserRole(admin, admin.userId!, 'physician'), 'invalid');
    expect(err.message).toMatch(/administrator/i);
    await expectRefused(() => changeUserRole(cliActor(), admin.userId!, 'physician'), 'invalid');
    expect(userRow(admin.userId!).role).toBe('admin');

    // An inactive second admin does not count.
    const second = await makeActor('admin');
    setUserActive(admin, second.userId!, false);
    await expectRefused(() => changeUserRole(admin, admin.userId!, 'physician'), 'invalid');

    setUserActive(admin, second.userId!, true);
    expect(changeUserRole(admin, admin.userId!, 'physician').role).toBe('physician');
    // Now the second admin is the last one.
    await expectRefused(() => changeUserRole(cliActor(), second.userId!, 'nurse'), 'invalid');
  });
});

describe('setUserActive', () => {
  it('deactivation is audited with before/after, ends sessions and blocks sign-in; reactivation restores it', async () => {
    const admin = await makeActor('admin', 'admin@clinic.test');
    const nurse = await makeActor('nurse', 'nurse@clinic.test');
    const s1 = await signIn('nurse@clinic.test');
    const s2 = await signIn('nurse@clinic.test');

    const u = setUserActive(admin, nurse.userId!, false);
    expect(u.active).toBe(false);
    expect(userRow(nurse.userId!).active).toBe(0);

    const ev = auditRows('user.deactivate');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: admin.userId, entity_id: String(nurse.userId) });
    expect(JSON.parse(ev[0]!.before_json!)).toMatchObject({ active: true, role: 'nurse' });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ active: false, role: 'nurse' });

    expect(resolveSession(s1)).toBeNull();
    expect(resolveSession(s2)).toBeNull();
    expect(sessionRow(s1).end_reason).toBe('deactivated');
    expect(await authenticate('nurse@clinic.test', TEST_PASSWORD, '10.0.0.2')).toEqual({ ok: false, reason: 'invalid' });

    const back = setUserActive(admin, nurse.userId!, true);
    expect(back.active).toBe(true);
    const re = auditRows('user.reactivate');
    expect(re).toHaveLength(1);
    expect(JSON.parse(re[0]!.before_json!)).toMatchObject({ active: false });
    expect(JSON.parse(re[0]!.after_json!)).toMatchObject({ active: true });
    // Old sessions stay ended; a new sign-in works.
    expect(resolveSession(s1)).toBeNull();
    const s3 = await signIn('nurse@clinic.test');
    expect(resolveSession(s3)).toMatchObject({ userId: nurse.userId, role: 'nurse' });
  });

  it('an admin cannot deactivate their own account, even when another admin exists', async () => {
    const admin = await makeActor('admin');
    await makeActor('admin');
    const err = await expectRefused(() => setUserActive(admin, admin.userId!, false), 'invalid');
    expect(err.message).toMatch(/your own account/i);
    expect(userRow(admin.userId!).active).toBe(1);
  });

  it('cannot deactivate the last active admin', async () => {
    const admin = await makeActor('admin');
    const err = await expectRefused(() => setUserActive(cliActor(), admin.userId!, false), 'invalid');
    expect(err.message).toMatch(/administrator/i);
    expect(userRow(admin.userId!).active).toBe(1);

    const other = await makeActor('admin');
    expect(setUserActive(other, admin.userId!, false).active).toBe(false);
    // `other` is now the last active admin.
    await expectRefused(() => setUserActive(cliActor(), other.userId!, false), 'invalid');
  });

  it.each(['physician', 'nurse', 'reviewer'] as const)('a %s is forbidden (also on their own account)', async (role) => {
    await makeActor('admin');
    const actor = await makeActor(role);
    const victim = await makeActor('nurse');
    await expectRefused(() => setUserActive(actor, victim.userId!, false), 'forbidden');
    await expectRefused(() => setUserActive(actor, actor.userId!, false), 'forbidden');
    await expectRefused(() => setUserActive(actor, victim.userId!, true), 'forbidden');
  });
});

describe('resetUserPassword', () => {
  it('sets a new argon2id hash, unlocks, ends sessions and audits without the secret', async () => {
    const admin = await makeActor('admin', 'admin@clinic.test');
    const doc = await makeActor('physician', 'doc@clinic.test');
    const sessionId = await signIn('doc@clinic.test');
    const oldHash = userRow(doc.userId!).password_hash;
    getDb().$client.prepare('UPDATE users SET failed_logins = 3, locked_until = ? WHERE id = ?').run(Date.now() + 600_000, doc.userId);

    const u = await resetUserPassword(admin, doc.userId!, NEW_PASSWORD);
    expect(u.locked).toBe(false);
    const row = userRow(doc.userId!);
    expect(row.password_hash).not.toBe(oldHash);
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row).toMatchObject({ failed_logins: 0, locked_until: null });

    const ev = auditRows('user.password-reset');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: admin.userId, entity_id: String(doc.userId) });
    expect(JSON.parse(ev[0]!.before_json!)).toEqual({ email: 'doc@clinic.test', name: 'Test physician', role: 'physician', active: true });
    expect(JSON.parse(ev[0]!.after_json!)).toEqual({ email: 'doc@clinic.test', name: 'Test physician', role: 'physician', active: true });

    expect(sessionRow(sessionId).end_reason).toBe('password reset');
    expect(resolveSession(sessionId)).toBeNull();
    expect(await authenticate('doc@clinic.test', TEST_PASSWORD, '10.0.0.3')).toEqual({ ok: false, reason: 'invalid' });
    expect((await authenticate('doc@clinic.test', NEW_PASSWORD, '10.0.0.3')).ok).toBe(true);
  });

  it('rejects an 11-character password with a field error and writes nothing', async () => {
    const admin = await makeActor('admin');
    const doc = await makeActor('physician');
    const hash = userRow(doc.userId!).password_hash;
    await expectRefused(() => resetUserPassword(admin, doc.userId!, 'elevenchars'), 'invalid', 'password');
    expect(userRow(doc.userId!).password_hash).toBe(hash);
  });

  it.each(['physician', 'nurse', 'reviewer'] as const)('a %s is forbidden, even for their own password', async (role) => {
    const actor = await makeActor(role);
    const victim = await makeActor('admin');
    await expectRefused(() => resetUserPassword(actor, victim.userId!, NEW_PASSWORD), 'forbidden');
    await expectRefused(() => resetUserPassword(actor, actor.userId!, NEW_PASSWORD), 'forbidden');
  });
});

describe('secrets never reach the audit trail', () => {
  it('no password hash or plaintext password appears in any audit event', async () => {
    const admin = await createFirstAdmin({ email: 'admin@clinic.test', name: 'Admin', password: TEST_PASSWORD });
    const actor: Actor = { userId: admin.id, email: admin.email, name: admin.name, role: 'admin', active: true, origin: 'ui' };
    const nurse = await createUser(actor, { email: 'nurse@clinic.test', name: 'Nurse', role: 'nurse', password: TEST_PASSWORD });
    changeUserRole(actor, nurse.id, 'physician');
    await resetUserPassword(actor, nurse.id, NEW_PASSWORD);
    setUserActive(actor, nurse.id, false);
    setUserActive(actor, nurse.id, true);
    await authenticate('nurse@clinic.test', 'a wrong password!', '10.0.0.4');
    await authenticate('nurse@clinic.test', NEW_PASSWORD, '10.0.0.4');

    const hashes = (getDb().$client.prepare('SELECT password_hash FROM users').all() as { password_hash: string }[]).map((r) => r.password_hash);
    expect(hashes).toHaveLength(2);
    for (const h of hashes) expect(h.startsWith('$argon2id$')).toBe(true);

    const events = auditRows();
    expect(events.map((e) => e.action)).toEqual([
      'user.create',
      'user.create',
      'user.role',
      'user.password-reset',
      'user.deactivate',
      'user.reactivate',
      'signin.failure',
      'signin.success',
    ]);
    const dump = JSON.stringify(events);
    expect(dump).not.toContain('$argon2');
    for (const h of hashes) expect(dump).not.toContain(h);
    for (const secret of [TEST_PASSWORD, NEW_PASSWORD, 'a wrong password!']) expect(dump).not.toContain(secret);
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: true, checked: 8 });
  });
});
