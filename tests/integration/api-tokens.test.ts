/**
 * Issue 20, item 6: API tokens have an expiry (default 90 days, at most a year) and an
 * accountable owner; deactivating the owner disables their tokens unless an
 * administrator transfers them first; everything audited. DAL level, real SQLite file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliActor, type Actor } from '@/lib/dal/actor';
import { countLiveTokensByOwner } from '@/lib/dal/api-token-owners';
import { createApiToken, listApiTokens, revokeApiToken, transferApiToken } from '@/lib/dal/api-tokens';
import { setUserActive } from '@/lib/dal/users';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { auditRows, expectRefused, sqlite } from '../setup/dal-helpers';
import { makeActor } from '../setup/actors';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let ada: Actor;
let bob: Actor;
const today = clinicToday();
const tokenRows = () => sqlite().prepare('SELECT * FROM api_tokens ORDER BY id').all();
const token = (id: number) => listApiTokens(ada).find((t) => t.id === id)!;

beforeEach(async () => {
  db = useTempDatabase();
  ada = await makeActor('admin', 'ada@clinic.test');
  bob = await makeActor('admin', 'bob@clinic.test');
});
afterEach(() => db.dispose());

describe('creating a token', () => {
  it('is owned by its creator and works for 90 days unless another day is chosen; audited without its hash', () => {
    const { record } = createApiToken(ada, { name: 'Lab interface', role: 'nurse' });
    expect(record).toMatchObject({ ownerId: ada.userId, ownerName: 'Test admin', ownerEmail: 'ada@clinic.test', expiresOn: addDays(today, 90), status: 'active', daysLeft: 90 });
    const chosen = createApiToken(ada, { name: 'Registry', role: 'reviewer', expiresOn: addDays(today, 365) }).record;
    expect(chosen.expiresOn).toBe(addDays(today, 365));
    const ev = auditRows('token.create');
    expect(ev).toHaveLength(2);
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ ownerId: ada.userId, expiresOn: addDays(today, 90), name: 'Lab interface' });
    expect(ev[0]!.after_json).not.toContain('tokenHash');
  });

  it.each([
    ['yesterday', addDays(today, -1), /after today/],
    ['today (already on its last day)', today, /after today/],
    ['a year and a day', addDays(today, 366), new RegExp(`at most one year ahead: ${addDays(today, 365)} at the latest`)],
    ['ten years', addDays(today, 3650), /at most one year/],
    ['a day/month/year date', '31/12/2026', /written YYYY-MM-DD/],
    ['a date that does not exist', '2026-02-30', /written YYYY-MM-DD/],
    ['words', 'next spring', /written YYYY-MM-DD/],
    ['a number', 90, /written YYYY-MM-DD/],
    ['an array', [addDays(today, 30)], /written YYYY-MM-DD/],
    ['a huge string', '9'.repeat(100_000), /written YYYY-MM-DD/],
  ])('refuses an expiry of %s with a field error, writing nothing', async (_label, expiresOn, message) => {
    const err = await expectRefused(() => createApiToken(ada, { name: 'Lab interface', role: 'nurse', expiresOn }), 'invalid', 'expiresOn');
    expect(err.fieldErrors.expiresOn![0]).toMatch(message);
  });

  it('the owner must be an active administrator; a command-line caller must name one', async () => {
    const nurse = await makeActor('nurse');
    await expectRefused(() => createApiToken(ada, { name: 'X feed', role: 'nurse', ownerId: String(nurse.userId) }), 'invalid', 'ownerId');
    await expectRefused(() => createApiToken(cliActor(), { name: 'X feed', role: 'nurse' }), 'invalid', 'ownerId');
    expect(createApiToken(cliActor(), { name: 'X feed', role: 'nurse', ownerId: String(bob.userId) }).record.ownerId).toBe(bob.userId);
    await expectRefused(() => createApiToken(nurse, { name: 'X feed', role: 'nurse' }), 'forbidden');
  });
});

describe('the tokens page', () => {
  it('shows owner, expiry and last use, and warns from 14 days before expiry', () => {
    const a = createApiToken(ada, { name: 'Feed A', role: 'nurse', expiresOn: addDays(today, 15) }).record.id;
    const b = createApiToken(ada, { name: 'Feed B', role: 'nurse', expiresOn: addDays(today, 14) }).record.id;
    const c = createApiToken(ada, { name: 'Feed C', role: 'nurse', expiresOn: addDays(today, 1) }).record.id;
    expect(token(a)).toMatchObject({ status: 'active', daysLeft: 15, lastUsedAt: null, ownerEmail: 'ada@clinic.test' });
    expect(token(b)).toMatchObject({ status: 'expiring', daysLeft: 14 });
    expect(token(c)).toMatchObject({ status: 'expiring', daysLeft: 1 });
    sqlite().prepare('UPDATE api_tokens SET expires_on = ? WHERE id = ?').run(addDays(today, -1), c); // a day later than its last
    expect(token(c)).toMatchObject({ status: 'expired', daysLeft: -1 });
  });
});

describe('deactivating an owner', () => {
  it('disables their working tokens (each audited); reactivation does not bring them back', () => {
    const t1 = createApiToken(bob, { name: 'Lab', role: 'nurse' }).record.id;
    const t2 = createApiToken(bob, { name: 'Registry', role: 'reviewer' }).record.id;
    const other = createApiToken(ada, { name: 'Ada feed', role: 'nurse' }).record.id;
    expect(countLiveTokensByOwner(ada).get(bob.userId!)).toBe(2);
    const result = setUserActive(ada, bob.userId!, false);
    expect(result.tokens).toEqual({ disabled: 2, transferred: 0 });
    expect(token(t1)).toMatchObject({ status: 'disabled', revokedReason: 'owner-deactivated' });
    expect(token(t2).status).toBe('disabled');
    expect(token(other).status).toBe('active');
    expect(auditRows('token.disable').map((e) => Number(e.entity_id))).toEqual([t1, t2]);
    expect(auditRows('token.disable')[0]!.reason).toMatch(/Owner deactivated/);
    setUserActive(ada, bob.userId!, true);
    expect(token(t1).status).toBe('disabled');
    expect(() => transferApiToken(ada, t1, ada.userId)).toThrow(/disabled when its owner was deactivated/);
  });

  it('hands them to another administrator when asked first, who then answers for them', () => {
    const t1 = createApiToken(bob, { name: 'Lab', role: 'nurse' }).record.id;
    const result = setUserActive(ada, bob.userId!, false, { transferTokensTo: String(ada.userId) });
    expect(result.tokens).toEqual({ disabled: 0, transferred: 1 });
    expect(token(t1)).toMatchObject({ status: 'active', ownerId: ada.userId, ownerEmail: 'ada@clinic.test' });
    const ev = auditRows('token.transfer');
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0]!.before_json!).ownerId).toBe(bob.userId);
    expect(JSON.parse(ev[0]!.after_json!).ownerId).toBe(ada.userId);
  });

  it('refuses a transfer to anyone but another active administrator, changing nothing', async () => {
    createApiToken(bob, { name: 'Lab', role: 'nurse' });
    const nurse = await makeActor('nurse');
    const carl = await makeActor('admin', 'carl@clinic.test');
    setUserActive(ada, carl.userId!, false);
    const before = JSON.stringify([tokenRows(), auditRows().length]);
    for (const to of [String(nurse.userId), String(carl.userId), String(bob.userId), '999999', 'ada', '-1', '1e400', '<script>']) {
      await expectRefused(() => setUserActive(ada, bob.userId!, false, { transferTokensTo: to }), 'invalid', 'transferTo');
    }
    expect(JSON.stringify([tokenRows(), auditRows().length])).toBe(before);
    expect(sqlite().prepare('SELECT active FROM users WHERE id = ?').pluck().get(bob.userId)).toBe(1);
  });
});

describe('transferring a token', () => {
  it('moves a working token to another active administrator, audited; refuses the rest', async () => {
    const id = createApiToken(ada, { name: 'Lab', role: 'nurse' }).record.id;
    expect(transferApiToken(ada, id, String(bob.userId)).ownerEmail).toBe('bob@clinic.test');
    expect(auditRows('token.transfer')).toHaveLength(1);
    await expectRefused(() => transferApiToken(ada, id, String(bob.userId)), 'invalid', 'ownerId'); // already theirs
    await expectRefused(() => transferApiToken(ada, id, 'nobody'), 'invalid', 'ownerId');
    const physician = await makeActor('physician');
    await expectRefused(() => transferApiToken(physician, id, String(ada.userId)), 'forbidden');
    revokeApiToken(ada, id);
    await expectRefused(() => transferApiToken(ada, id, String(ada.userId)), 'invalid');
    await expectRefused(() => transferApiToken(ada, 424242, String(ada.userId)), 'not-found');
  });
});

describe('tokens from before owners and expiry (migration 0008)', () => {
  it('get their creator as owner and 90 days from the upgrade', () => {
    const id = createApiToken(ada, { name: 'Old feed', role: 'nurse' }).record.id;
    sqlite().prepare('UPDATE api_tokens SET owner_id = NULL, expires_on = NULL WHERE id = ?').run(id);
    const sql = fs.readFileSync(path.resolve(__dirname, '../../drizzle/0008_audit_keys_token_owners.sql'), 'utf8');
    for (const stmt of sql.split('--> statement-breakpoint').filter((s) => /^\s*(--.*\n)*\s*UPDATE/.test(s))) sqlite().exec(stmt);
    expect(token(id)).toMatchObject({ ownerId: ada.userId, status: 'active' });
    expect(Math.abs(token(id).daysLeft! - 90)).toBeLessThanOrEqual(1); // the migration uses the UTC date
  });
});
