import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliActor } from '@/lib/dal/actor';
import { createUser } from '@/lib/dal/users';
import { freePort } from '../../scripts/next-server';
import { launchBrowser } from './browser';
import { IDP_CLIENT, startIdp, type TestIdp } from './oidc-idp';
import { startServer, type TestServer } from './server';

export interface SsoSite {
  server: TestServer;
  idp: TestIdp;
  browser: Browser;
}

/** The break-glass administrator every single sign-on site has (else /signin sends everyone to first-run setup). */
export const GLASS = { email: 'glass@clinic.test', password: 'a long break-glass passphrase' };

/**
 * The production server configured for single sign-on against a real OpenID Connect
 * provider (oidc-provider, tests/e2e/oidc-idp.ts) on this machine, and one Chromium,
 * for the tests of a file. `rules`: TITERLINE_OIDC_ROLE_RULES (the starting rules).
 */
export function ssoSiteForThisFile(rules = 'titerline-physicians=physician, titerline-nurses=nurse'): SsoSite {
  const site = {} as SsoSite;
  beforeAll(async () => {
    const idpPort = await freePort();
    site.server = await startServer(async () => {
      await createUser(cliActor(), { email: GLASS.email, name: 'Break Glass', role: 'admin', password: GLASS.password });
    }, {
      TITERLINE_OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
      TITERLINE_OIDC_CLIENT_ID: IDP_CLIENT.id,
      TITERLINE_OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
      TITERLINE_OIDC_SCOPES: 'openid email profile groups',
      TITERLINE_OIDC_ROLE_RULES: rules,
      TITERLINE_OIDC_NAME: 'Hospital login',
    });
    site.idp = await startIdp(idpPort, site.server.url);
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.idp?.stop();
    await site.server?.stop();
  });
  return site;
}

/** From Titerline's sign-in page: the button, then the provider's login and consent when it asks. */
export async function ssoSignInOn(site: SsoSite, page: Page, login: string): Promise<void> {
  await page.goto(`${site.server.url}/signin`);
  await page.getByRole('button', { name: 'Sign in with Hospital login' }).click();
  await page.waitForURL((u) => u.href.startsWith(site.idp.issuer));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.href.startsWith(site.server.url));
}

/** The whole redirect flow in a fresh browser (no provider session). */
export async function ssoSignIn(site: SsoSite, login: string): Promise<Page> {
  const page = await (await site.browser.newContext()).newPage();
  await ssoSignInOn(site, page, login);
  return page;
}

/** Titerline's sign-out, then the provider's own sign-out page (it asks to confirm), back to /signin. */
export async function ssoSignOut(site: SsoSite, page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.href.startsWith(`${site.idp.issuer}/session/end`));
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.waitForURL(`${site.server.url}/signin`);
}
