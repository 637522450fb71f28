import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getDb } from '@/db/client';
import { cliActor } from '@/lib/dal/actor';
import { createUser, setUserActive } from '@/lib/dal/users';
import { freePort } from '../../scripts/next-server';
import { launchBrowser, screenshot, signOut } from './browser';
import { IDP_CLIENT, startIdp, type TestIdp } from './oidc-idp';
import { startServer, type TestServer } from './server';

const userRow = (email: string) => getDb().$client.prepare('SELECT id, role, active, oidc_subject FROM users WHERE email = ?').get(email) as
  { id: number; role: string; active: number; oidc_subject: string | null } | undefined;
const actions = () => getDb().$client.prepare('SELECT action FROM audit_events ORDER BY id').pluck().all() as string[];

describe('single sign-on against a real OpenID Connect provider', () => {
  let server: TestServer;
  let idp: TestIdp;
  let browser: Browser;

  beforeAll(async () => {
    const idpPort = await freePort();
    // A password administrator exists (else /signin sends everyone to first-run setup).
    server = await startServer(async () => {
      await createUser(cliActor(), { email: 'glass@clinic.test', name: 'Break Glass', role: 'admin', password: 'a long break-glass passphrase' });
    }, {
      TITERLINE_OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
      TITERLINE_OIDC_CLIENT_ID: IDP_CLIENT.id,
      TITERLINE_OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
      TITERLINE_OIDC_SCOPES: 'openid email profile groups',
      TITERLINE_OIDC_ROLE_RULES: 'titerline-physicians=physician, titerline-nurses=nurse',
      TITERLINE_OIDC_NAME: 'Hospital login',
    });
    idp = await startIdp(idpPort, server.url);
    idp.accounts.set('ann', { email: 'ann@clinic.test', name: 'Ann Ward', groups: ['titerline-nurses'] });
    idp.accounts.set('bob', { email: 'bob@clinic.test', name: 'Bob Visitor', groups: ['staff'] });
    idp.accounts.set('cy', { email: 'cy@clinic.test', name: 'Cy Tamper', groups: ['titerline-nurses'] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
    await server?.stop();
  });

  /** The whole redirect flow in a fresh browser (no provider session): button, provider login and consent, back. */
  async function ssoSignIn(login: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByRole('button', { name: 'Sign in with Hospital login' }).click();
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.href.startsWith(server.url));
    return page;
  }

  it('provisions a person the first time by their group; sign-out ends the session', async () => {
    const page = await ssoSignIn('ann');
    await page.waitForURL(`${server.url}/`);
    await expect(page.getByTestId('role').textContent()).resolves.toBe('Nurse');
    await screenshot(page, 'sso-signed-in');
    const ann = await server.withDb(() => userRow('ann@clinic.test'));
    expect(ann).toMatchObject({ role: 'nurse', oidc_subject: 'ann', active: 1 });
    expect(await server.withDb(actions)).toEqual(expect.arrayContaining(['user.provision', 'signin.success']));
    await signOut(page);
    const open = await server.withDb(() => getDb().$client.prepare('SELECT count(*) FROM auth_sessions WHERE user_id = ? AND ended_at IS NULL').pluck().get(ann!.id));
    expect(open).toBe(0);
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
