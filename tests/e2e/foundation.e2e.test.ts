import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { countUsers, createUser } from '@/lib/dal/users';
import { cliActor } from '@/lib/dal/actor';
import { getDb } from '@/db/client';

const auditActions = (email: string) =>
  (getDb().$client.prepare('SELECT action FROM audit_events WHERE user_email = ? ORDER BY id').all(email) as { action: string }[]).map((r) => r.action);
import { launchBrowser, screenshot, signIn, signOut } from './browser';
import { startServer, type TestServer } from './server';

const ADMIN = { email: 'first.admin@clinic.test', name: 'First Admin', password: 'a long admin passphrase' };
const NURSE = { email: 'nina.nurse@clinic.test', name: 'Nina Nurse', password: 'a long nurse passphrase' };

describe('foundation: setup, sign-in, roles, session guard', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends every page to sign-in, and sign-in to setup while no user exists', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/setup$/);
    await expect(page.getByRole('heading', { name: 'Set up Titerline' }).isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('first-run setup refuses a short password, then creates the administrator', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/setup`);
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Repeat password').fill('short');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('Password must be at least 12 characters.').first().waitFor();
    expect(await server.withDb(() => countUsers())).toBe(0);

    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Repeat password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.waitForURL(/\/signin/);
    expect(await server.withDb(() => countUsers())).toBe(1);

    const res = await page.goto(`${server.url}/setup`);
    expect(res?.status()).toBe(404);
    await page.close();
  });

  it('the admin signs in and creates a nurse', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/users`);
    const form = page.getByRole('form', { name: 'Create user' });
    await form.getByLabel('Name').fill(NURSE.name);
    await form.getByLabel('Email').fill(NURSE.email);
    await form.getByLabel('Role').selectOption('nurse');
    await form.getByLabel('Initial password').fill(NURSE.password);
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByText(`Created ${NURSE.name}`).waitFor();
    await page.getByTestId(`user-${NURSE.email}`).waitFor();
    await screenshot(page, 'admin-users');
    await page.close();
  });

  it('the nurse signs in and out; a wrong password shows the error', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, NURSE.email, 'not the right password');
    await page.getByText('Email or password is incorrect.').waitFor();

    await signIn(page, server.url, NURSE.email, NURSE.password);
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByTestId('role').textContent()).toBe('Nurse');
    await signOut(page);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/signin/);
    await ctx.close();
    expect(await server.withDb(() => auditActions(NURSE.email))).toEqual(['signin.failure', 'signin.success', 'signout']);
  });

  it('the sixth wrong attempt is refused as locked', async () => {
    await server.withDb(() => createUser(cliActor(), { email: 'locky@clinic.test', name: 'Locky', role: 'nurse', password: 'a long locky passphrase' }));
    const page = await browser.newPage();
    for (let i = 0; i < 5; i++) {
      await signIn(page, server.url, 'locky@clinic.test', `wrong password ${i}`);
      await page.getByText('Email or password is incorrect.').waitFor();
    }
    await signIn(page, server.url, 'locky@clinic.test', 'a long locky passphrase');
    await page.getByText(/This account is locked/).waitFor();
    await page.close();
  });

  it('a reviewer cannot reach the admin area', async () => {
    await server.withDb(() => createUser(cliActor(), { email: 'rev@clinic.test', name: 'Rev', role: 'reviewer', password: 'a long reviewer passphrase' }));
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, 'rev@clinic.test', 'a long reviewer passphrase');
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/forbidden/);
    const csv = await page.request.get(`${server.url}/admin/audit/export`);
    expect(csv.status()).toBe(403);
    await ctx.close();
  });

  it('refuses a direct POST of a server action without a session, and writes nothing', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/users`);
    // Capture the real action id and form fields of "Create user".
    const fields = await page.getByRole('form', { name: 'Create user' }).evaluate((f: HTMLFormElement) =>
      Array.from(new FormData(f).entries()).map(([k, v]) => [k, String(v)] as [string, string]),
    );
    await ctx.close();

    const body = new FormData();
    for (const [k, v] of fields) body.append(k, v);
    body.set('email', 'intruder@clinic.test');
    body.set('name', 'Intruder');
    body.set('password', 'an intruder passphrase');
    const before = await server.withDb(() => countUsers());
    const res = await fetch(`${server.url}/admin/users`, { method: 'POST', body, redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(await server.withDb(() => countUsers())).toBe(before);
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await fetch(`${server.url}/signin`);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
    expect(res.headers.get('cache-control')).toContain('no-store');
  });
});
