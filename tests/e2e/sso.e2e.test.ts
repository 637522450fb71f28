import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { cliActor } from '@/lib/dal/actor';
import { setUserActive } from '@/lib/dal/users';
import { screenshot } from './browser';
import { ssoSignIn as signInAt, ssoSignInOn, ssoSignOut, ssoSiteForThisFile } from './sso-site';

const userRow = (email: string) => getDb().$client.prepare('SELECT id, role, active, oidc_subject FROM users WHERE email = ?').get(email) as
  { id: number; role: string; active: number; oidc_subject: string | null } | undefined;
const actions = () => getDb().$client.prepare('SELECT action FROM audit_events ORDER BY id').pluck().all() as string[];

describe('single sign-on against a real OpenID Connect provider', () => {
  const site = ssoSiteForThisFile();
  // Filled in after the site starts (the helpers read them at each call).
  let server: typeof site.server;
  let idp: typeof site.idp;
  beforeAll(() => {
    ({ server, idp } = site);
    idp.accounts.set('ann', { email: 'ann@clinic.test', name: 'Ann Ward', groups: ['titerline-nurses'] });
    idp.accounts.set('bob', { email: 'bob@clinic.test', name: 'Bob Visitor', groups: ['staff'] });
    idp.accounts.set('cy', { email: 'cy@clinic.test', name: 'Cy Tamper', groups: ['titerline-nurses'] });
    idp.accounts.set('dora', { email: 'dora@clinic.test', name: 'Dora Night', groups: ['titerline-nurses'] });
  });
  const ssoSignIn = (login: string) => signInAt(site, login);

  it('provisions a person the first time by their group; sign-out ends the session', async () => {
    const page = await ssoSignIn('ann');
    await page.waitForURL(`${server.url}/`);
    await expect(page.getByTestId('role').textContent()).resolves.toBe('Nurse');
    await screenshot(page, 'sso-signed-in');
    const ann = await server.withDb(() => userRow('ann@clinic.test'));
    expect(ann).toMatchObject({ role: 'nurse', oidc_subject: 'ann', active: 1 });
    expect(await server.withDb(actions)).toEqual(expect.arrayContaining(['user.provision', 'signin.success']));
    await ssoSignOut(site, page);
    const open = await server.withDb(() => getDb().$client.prepare('SELECT count(*) FROM auth_sessions WHERE user_id = ? AND ended_at IS NULL').pluck().get(ann!.id));
    expect(open).toBe(0);
    await page.context().close();
  });

  it('sign-out ends the provider\'s session too: signing in again asks the provider for credentials', async () => {
    const page = await ssoSignIn('dora');
    await page.waitForURL(`${server.url}/`);
    // The control: with only Titerline's session gone, the provider's session lets the browser straight back in.
    await page.context().clearCookies({ name: /next-auth/ });
    await page.goto(`${server.url}/signin`);
    await page.getByRole('button', { name: 'Sign in with Hospital login' }).click();
    await page.waitForURL(`${server.url}/`);
    // Now Titerline's sign-out: the session row ends, then the provider's sign-out page.
    await ssoSignOut(site, page);
    const dora = (await server.withDb(() => userRow('dora@clinic.test')))!;
    const latest = await server.withDb(() => getDb().$client.prepare('SELECT end_reason FROM auth_sessions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get(dora.id));
    expect(latest).toBe('signed out');
    expect(await server.withDb(() => getDb().$client.prepare('SELECT count(*) FROM auth_sessions WHERE id_token IS NOT NULL AND ended_at IS NOT NULL').pluck().get())).toBe(0);
    await page.getByRole('button', { name: 'Sign in with Hospital login' }).click();
    await page.locator('input[name="login"]').waitFor();
    await ssoSignInOn(site, page, 'dora');
    await page.waitForURL(`${server.url}/`);
    await page.context().close();
  });

  it('refuses a person whose groups map to no role, and creates nothing', async () => {
    const page = await ssoSignIn('bob');
    await page.waitForURL(/\/signin\?error=sso-refused/);
    await page.getByText('Your hospital account was not let in').waitFor();
    expect(await server.withDb(() => userRow('bob@clinic.test'))).toBeUndefined();
    await page.context().close();
  });

  it('takes the role from the claims at every sign-in', async () => {
    idp.accounts.set('ann', { email: 'ann@clinic.test', name: 'Ann Ward', groups: ['titerline-physicians'] });
    const page = await ssoSignIn('ann');
    await page.waitForURL(`${server.url}/`);
    await expect(page.getByTestId('role').textContent()).resolves.toBe('Physician');
    expect((await server.withDb(() => userRow('ann@clinic.test')))?.role).toBe('physician');
    await page.context().close();
  });

  it('deactivation in Titerline wins over a valid provider sign-in, and ends the open session', async () => {
    const open = await ssoSignIn('ann');
    await open.waitForURL(`${server.url}/`);
    await server.withDb(() => setUserActive(cliActor(), userRow('ann@clinic.test')!.id, false));
    await open.goto(`${server.url}/patients`);
    await open.waitForURL(/\/signin/);
    const again = await ssoSignIn('ann');
    await again.waitForURL(/\/signin\?error=sso-refused/);
    await open.context().close();
    await again.context().close();
  });

  it('refuses an ID token for another audience or with another nonce, even signed by the provider', async () => {
    for (const tamper of [(c: Record<string, unknown>) => ({ ...c, aud: 'another-client' }), (c: Record<string, unknown>) => ({ ...c, nonce: 'not-the-nonce' })]) {
      idp.tamper = tamper;
      const page = await ssoSignIn('cy');
      await page.waitForURL(/\/signin\?.*error=OAuthCallback/);
      await page.getByText('Single sign-on did not complete').waitFor();
      await page.context().close();
    }
    idp.tamper = null;
    expect(await server.withDb(() => userRow('cy@clinic.test'))).toBeUndefined();
    // The control: the same person, untampered, gets in (so the refusals above were the tampering's).
    const page = await ssoSignIn('cy');
    await page.waitForURL(`${server.url}/`);
    expect((await server.withDb(() => userRow('cy@clinic.test')))?.role).toBe('nurse');
    await page.context().close();
  });
});
