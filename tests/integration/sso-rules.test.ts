import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { verifyAuditChain } from '@/lib/dal/audit';
import { completeSsoSignIn } from '@/lib/dal/sso';
import { addRoleRule, listRoleRules, moveRoleRule, readRoleRules, removeRoleRule } from '@/lib/dal/sso-rules';
import type { Actor } from '@/lib/dal/actor';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { inactive, makeTeam, type Team } from '../setup/actors';
import { ssoTestEnv } from '../setup/sso-env';

const ENV = ssoTestEnv();
let db: ReturnType<typeof useTempDatabase>;
let team: Team;
const sqlite = () => getDb().$client;
const stored = () => sqlite().prepare("SELECT value_json FROM settings WHERE key = 'sso.role-rules'").pluck().get() as string | undefined;
const lastAudit = () => sqlite().prepare('SELECT action, before_json, after_json FROM audit_events ORDER BY id DESC LIMIT 1').get() as { action: string; before_json: string; after_json: string };
const roleOf = (email: string) => sqlite().prepare('SELECT role FROM users WHERE email = ?').pluck().get(email) as string | undefined;
const claims = (sub: string, groups: string[]) => ({ sub, email: `${sub}@clinic.test`, emailVerified: true, groups });

beforeEach(async () => {
  Object.assign(process.env, ENV);
  db = useTempDatabase();
  team = await makeTeam();
});
afterEach(() => {
  for (const k of Object.keys(ENV)) delete process.env[k];
  db.dispose();
});

describe('single sign-on rules kept in the settings table', () => {
  it('start from the environment; the first change saves them with it, audited; sign-in reads the setting', async () => {
    expect(listRoleRules(team.admin)).toEqual({ source: 'environment', rules: [{ group: 'titerline-physicians', role: 'physician' }, { group: 'titerline-nurses', role: 'nurse' }] });
    expect((await completeSsoSignIn(claims('rita', ['titerline-research']), '10.0.0.1')).ok).toBe(false);
    addRoleRule(team.admin, { group: ' titerline-research ', role: 'reviewer' });
    expect(JSON.parse(stored()!)).toEqual([{ group: 'titerline-physicians', role: 'physician' }, { group: 'titerline-nurses', role: 'nurse' }, { group: 'titerline-research', role: 'reviewer' }]);
    const audit = lastAudit();
    expect(audit.action).toBe('settings.sso-rules');
    expect(JSON.parse(audit.before_json)).toMatchObject({ source: 'environment' });
    expect(JSON.parse(audit.after_json)).toMatchObject({ change: 'add' });
    expect((await completeSsoSignIn(claims('rita', ['titerline-research']), '10.0.0.1')).ok).toBe(true);
    expect(roleOf('rita@clinic.test')).toBe('reviewer');
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('the setting wins over the environment, even as an empty list: a removed rule lets nobody in', async () => {
    await completeSsoSignIn(claims('nina', ['titerline-nurses']), '10.0.0.1');
    removeRoleRule(team.admin, { group: 'titerline-nurses' });
    removeRoleRule(team.admin, { group: 'titerline-physicians' });
    expect(readRoleRules()).toEqual({ source: 'setting', rules: [] });
    expect(await completeSsoSignIn(claims('nina', ['titerline-nurses']), '10.0.0.1')).toEqual({ ok: false, why: 'no mapped group' });
  });

  it('order decides: the first rule naming one of the person\'s groups gives the role', async () => {
    const both = ['titerline-nurses', 'titerline-physicians'];
    await completeSsoSignIn(claims('otto', both), '10.0.0.1');
    expect(roleOf('otto@clinic.test')).toBe('physician');
    moveRoleRule(team.admin, { group: 'titerline-nurses', direction: 'up' });
    expect(readRoleRules().rules.map((r) => r.group)).toEqual(['titerline-nurses', 'titerline-physicians']);
    await completeSsoSignIn(claims('otto', both), '10.0.0.1');
    expect(roleOf('otto@clinic.test')).toBe('nurse');
  });

  it('refuses bad rules with a clear message and leaves the database unchanged', () => {
    addRoleRule(team.admin, { group: 'titerline-research', role: 'reviewer' });
    const before = { counts: tableCounts(), value: stored() };
    const cases: [() => unknown, RegExp][] = [
      [() => addRoleRule(team.admin, { group: 'titerline-x', role: 'superuser' }), /Choose a role: Administrator, Physician, Nurse, Reviewer/],
      [() => addRoleRule(team.admin, { group: '   ', role: 'nurse' }), /Enter the group/],
      [() => addRoleRule(team.admin, { group: 'x'.repeat(100_000), role: 'nurse' }), /1 to 200 characters/],
      [() => addRoleRule(team.admin, { group: 'a\u0000b', role: 'nurse' }), /Enter the group/],
      [() => addRoleRule(team.admin, { group: ['titerline-x'], role: 'nurse' }), /Enter the group/],
      [() => addRoleRule(team.admin, { group: 'titerline-research', role: 'admin' }), /already a rule for the group "titerline-research"/],
      [() => addRoleRule(team.admin, null), /./],
      [() => removeRoleRule(team.admin, { group: 'no-such-group' }), /no rule for the group "no-such-group"/],
      [() => moveRoleRule(team.admin, { group: 'titerline-physicians', direction: 'up' }), /already first/],
      [() => moveRoleRule(team.admin, { group: 'titerline-research', direction: 'sideways' }), /up or down/],
    ];
    for (const [attempt, message] of cases) expect(attempt).toThrow(message);
    expect({ counts: tableCounts(), value: stored() }).toEqual(before);
  });

  it('only an active administrator may read or change the rules', () => {
    addRoleRule(team.admin, { group: 'titerline-research', role: 'reviewer' });
    const value = stored();
    const callers: Actor[] = [team.physician, team.nurse, team.reviewer, inactive(team.admin)];
    for (const actor of callers) {
      expect(() => listRoleRules(actor)).toThrow('Your role does not allow this.');
      expect(() => addRoleRule(actor, { group: 'titerline-everyone', role: 'admin' })).toThrow('Your role does not allow this.');
      expect(() => removeRoleRule(actor, { group: 'titerline-research' })).toThrow('Your role does not allow this.');
      expect(() => moveRoleRule(actor, { group: 'titerline-research', direction: 'up' })).toThrow('Your role does not allow this.');
    }
    expect(stored()).toBe(value);
  });
});
