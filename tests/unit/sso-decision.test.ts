import { describe, expect, it } from 'vitest';
import { parseRules, ssoConfig, SsoConfigError } from '@/lib/dal/sso-config';
import { decideSsoSignIn, passwordSignInAllowed, type KnownUser } from '@/lib/dal/sso-decision';

const ENV = {
  TITERLINE_OIDC_ISSUER: 'https://login.clinic.example/realms/titerline/',
  TITERLINE_OIDC_CLIENT_ID: 'titerline',
  TITERLINE_OIDC_CLIENT_SECRET: 's3cret',
  TITERLINE_OIDC_ROLE_RULES: 'titerline-admins=admin, titerline-physicians=physician, titerline-nurses=nurse',
};
const rules = ssoConfig(ENV)!.rules;
const nora: KnownUser = { id: 7, role: 'nurse', active: true, subject: 'sub-nora' };

describe('single sign-on configuration from the environment', () => {
  it('is off without an issuer, and reads the rest with defaults', () => {
    expect(ssoConfig({})).toBeNull();
    expect(ssoConfig(ENV)).toMatchObject({
      issuer: 'https://login.clinic.example/realms/titerline', scopes: 'openid email profile', groupsClaim: 'groups', displayName: 'single sign-on', passwordSignIn: true,
    });
    expect(rules).toEqual([{ group: 'titerline-admins', role: 'admin' }, { group: 'titerline-physicians', role: 'physician' }, { group: 'titerline-nurses', role: 'nurse' }]);
  });
  it('refuses a configuration it cannot use, saying what is wrong', () => {
    for (const bad of [
      { ...ENV, TITERLINE_OIDC_ISSUER: 'http://login.clinic.example' },
      { ...ENV, TITERLINE_OIDC_ISSUER: 'not a url' },
      { ...ENV, TITERLINE_OIDC_CLIENT_SECRET: '' },
      { ...ENV, TITERLINE_OIDC_SCOPES: 'email profile' },
      { ...ENV, TITERLINE_PASSWORD_SIGNIN: 'off' },
      { ...ENV, TITERLINE_OIDC_ROLE_RULES: 'titerline-admins=superuser' },
    ]) expect(() => ssoConfig(bad)).toThrow(SsoConfigError);
    expect(ssoConfig({ ...ENV, TITERLINE_OIDC_ISSUER: 'http://127.0.0.1:4000' })?.issuer).toBe('http://127.0.0.1:4000');
    expect(() => parseRules('=nurse')).toThrow(SsoConfigError);
    // Longer than the rules page keeps: refused here, so rules copied to the page stay readable there.
    expect(() => parseRules(`${'x'.repeat(201)}=nurse`)).toThrow(/1 to 200 characters/);
    expect(parseRules(`${'x'.repeat(200)}=nurse`)).toHaveLength(1);
  });
});

describe('who gets in through single sign-on', () => {
  it('provisions an unknown person only through a group rule, with a verified email', () => {
    expect(decideSsoSignIn({ sub: 'new', email: 'Ann@Clinic.example', emailVerified: true, groups: ['titerline-nurses'] }, null, null, rules))
      .toEqual({ kind: 'provision', role: 'nurse', email: 'ann@clinic.example' });
    expect(decideSsoSignIn({ sub: 'new', email: 'ann@clinic.example', emailVerified: true, groups: ['staff'] }, null, null, rules)).toEqual({ kind: 'refuse', why: 'no mapped group' });
    expect(decideSsoSignIn({ sub: 'new', email: 'ann@clinic.example', emailVerified: false, groups: ['titerline-nurses'] }, null, null, rules)).toEqual({ kind: 'refuse', why: 'no verified email' });
  });
  it('re-reads the role from the claims at every sign-in; losing the group loses access', () => {
    expect(decideSsoSignIn({ sub: 'sub-nora', groups: ['titerline-physicians'] }, nora, null, rules)).toEqual({ kind: 'sign-in', userId: 7, role: 'physician', roleChanged: true, link: false });
    expect(decideSsoSignIn({ sub: 'sub-nora', groups: ['titerline-nurses'] }, nora, null, rules)).toMatchObject({ kind: 'sign-in', roleChanged: false });
    expect(decideSsoSignIn({ sub: 'sub-nora', groups: [] }, nora, null, rules)).toEqual({ kind: 'refuse', why: 'no mapped group' });
  });
  it('the first rule in order decides when several groups match', () => {
    expect(decideSsoSignIn({ sub: 'sub-nora', groups: ['titerline-nurses', 'titerline-admins'] }, nora, null, rules)).toMatchObject({ role: 'admin' });
  });
  it('deactivation in Titerline wins over a valid provider sign-in', () => {
    expect(decideSsoSignIn({ sub: 'sub-nora', groups: ['titerline-nurses'] }, { ...nora, active: false }, null, rules)).toEqual({ kind: 'refuse', why: 'deactivated' });
  });
  it('links an existing account by verified email only, and never one linked to another subject', () => {
    const unlinked = { ...nora, subject: null };
    expect(decideSsoSignIn({ sub: 'sub-x', email: 'nora@clinic.example', emailVerified: true, groups: ['titerline-nurses'] }, null, unlinked, rules)).toMatchObject({ kind: 'sign-in', link: true });
    expect(decideSsoSignIn({ sub: 'sub-x', email: 'nora@clinic.example', emailVerified: true, groups: ['titerline-nurses'] }, null, nora, rules)).toEqual({ kind: 'refuse', why: 'subject mismatch' });
    // An unverified email does not link: it would be a new account, and that needs a verified email.
    expect(decideSsoSignIn({ sub: 'sub-x', email: 'nora@clinic.example', emailVerified: false, groups: ['titerline-nurses'] }, null, unlinked, rules)).toEqual({ kind: 'refuse', why: 'no verified email' });
  });
  it('with password sign-in switched off, only named break-glass administrators may use a password', () => {
    const off = ssoConfig({ ...ENV, TITERLINE_PASSWORD_SIGNIN: 'break-glass', TITERLINE_BREAK_GLASS_ADMINS: 'Glass@Clinic.example' })!;
    expect(passwordSignInAllowed(off, 'glass@clinic.example', 'admin')).toBe(true);
    expect(passwordSignInAllowed(off, 'glass@clinic.example', 'nurse')).toBe(false);
    expect(passwordSignInAllowed(off, 'other@clinic.example', 'admin')).toBe(false);
    expect(passwordSignInAllowed(ssoConfig(ENV), 'anyone@clinic.example', 'nurse')).toBe(true);
    expect(passwordSignInAllowed(null, 'anyone@clinic.example', 'nurse')).toBe(true);
  });
});
