/**
 * Issue 20, items 2, 4 and 8, through a real production server (`next start`, the
 * instrumentation hook and proxy.ts as deployed) and Chromium:
 * - signing in with a callbackUrl of another site lands on this site (item 2);
 * - sign-in throttling counts the TCP peer, not a forged X-Forwarded-For: raw HTTP
 *   clients bound to 127.0.0.2 (attacker) and 127.0.0.3 (victim) (item 4);
 * - /api/auth/session answers {} after sign-out; a server action POSTed with a valid
 *   session but no Origin is refused and writes nothing; a refused page shows up on the
 *   audit page's "Refused attempts" (item 8);
 * - a locked account shows who locked it, and the administrator's Unlock opens it.
 * Run with the browser tests: npx vitest run --config vitest.e2e.config.mts tests/security/auth-boundary.e2e.test.ts
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { getDb } from '@/db/client';
import { cliActor } from '@/lib/dal/actor';
import { countUsers, createUser } from '@/lib/dal/users';
import { launchBrowser, screenshot, signIn } from '../e2e/browser';
import { startServer, type TestServer } from '../e2e/server';
import { BYPASSES } from './bypasses';

const PW = 'a long enough passphrase';
const ADMIN = 'admin@clinic.test';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(async () => {
    for (const [email, role] of [[ADMIN, 'admin'], ['nurse@clinic.test', 'nurse'], ['rev@clinic.test', 'reviewer'], ['victim@clinic.test', 'nurse'], ['locked@clinic.test', 'physician']] as const) {
      await createUser(cliActor(), { email, name: email.split('@')[0]!, role, password: PW });
    }
  }, { TITERLINE_CLIENT_ATTEMPTS: '10' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// ---------------------------------------------------------------- raw HTTP from a chosen loopback address

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: string }

function request(path: string, opts: { from?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method: opts.method ?? 'GET', localAddress: opts.from ?? '127.0.0.1', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const cookiesOf = (r: Reply) => (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('='));

/** A sign-in as the sign-in form sends it (CSRF token, then the credentials callback), from `from`. */
async function signInRaw(from: string, email: string, password: string, headers: Record<string, string> = {}): Promise<{ error: string | null; cookies: string[] }> {
  const csrf = await request('/api/auth/csrf', { from, headers });
  const csrfToken = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
  const res = await request('/api/auth/callback/credentials', {
    from, method: 'POST',
    headers: { ...headers, origin: server.url, 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(csrf).join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${server.url}/`, json: 'true' }).toString(),
  });
  let location = res.headers.location ?? '';
  if (!location) {
    try {
      location = String((JSON.parse(res.body) as { url?: unknown }).url ?? '');
    } catch {
      throw new Error(`sign-in answered ${res.status}: ${res.body.slice(0, 200)}`);
    }
  }
  return { error: location ? new URL(location, server.url).searchParams.get('error') : null, cookies: cookiesOf(res) };
}

const lastClient = (email: string) => server.withDb(() =>
  JSON.parse((getDb().$client.prepare("SELECT after_json FROM audit_events WHERE action = 'signin.failure' AND user_email = ? ORDER BY id DESC").get(email) as { after_json: string }).after_json) as { client: string });

// ---------------------------------------------------------------- item 2

describe('after sign-in, only to a page of this site', () => {
  const cases = [...BYPASSES.filter((b) => b.length < 200 && !b.includes('\u0000')), `/${'a'.repeat(3000)}`];
  it(`signs in with each of ${cases.length} callbackUrl bypass forms and lands on this site`, async () => {
    // One browser context: each sign-in replaces the session cookie of the one before.
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    for (const raw of cases) {
      await page.goto(`${server.url}/signin?callbackUrl=${encodeURIComponent(raw)}`);
      await page.getByLabel('Email').fill('nurse@clinic.test');
      await page.getByLabel('Password').fill(PW);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 15_000 }).catch(() => {});
      expect(new URL(page.url()).origin, JSON.stringify(raw)).toBe(server.url);
      expect(page.url(), JSON.stringify(raw)).toBe(`${server.url}/`);
    }
    await ctx.close();
  }, 180_000);

  it('the reported forms, as they arrive in the address bar, and a real page of the site', async () => {
    for (const query of ['/%5Cevil.example/', '/%09/evil.example/', '/\\/evil.example/']) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${server.url}/signin?callbackUrl=${query}`);
      await page.getByLabel('Email').fill('nurse@clinic.test');
      await page.getByLabel('Password').fill(PW);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.url}/`);
      await ctx.close();
    }
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/patients?q=ada`);
    await page.waitForURL(/\/signin\?callbackUrl=/);
    await page.getByLabel('Email').fill('nurse@clinic.test');
    await page.getByLabel('Password').fill(PW);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/patients?q=ada`);
    await ctx.close();
  }, 120_000);
});

// ---------------------------------------------------------------- item 4

describe('sign-in throttling counts the TCP peer, not X-Forwarded-For', () => {
  it('a forged X-Forwarded-For neither locks out the client it names nor is recorded as the client', async () => {
    for (let i = 0; i < 10; i++) expect((await signInRaw('127.0.0.2', `nobody-${i}@clinic.test`, 'wrong', { 'x-forwarded-for': '127.0.0.3' })).error).toBe('invalid');
    expect((await signInRaw('127.0.0.2', 'nobody-x@clinic.test', 'wrong', { 'x-forwarded-for': '127.0.0.3' })).error).toBe('locked');
    expect(await lastClient('nobody-1@clinic.test')).toMatchObject({ client: '127.0.0.2' });
    const victim = await signInRaw('127.0.0.3', 'victim@clinic.test', PW);
    expect(victim.error).toBeNull();
    expect(victim.cookies.some((c) => c.startsWith('next-auth.session-token='))).toBe(true);
  });

  it('a new X-Forwarded-For on every request does not get round the limit', async () => {
    const answers: (string | null)[] = [];
    for (let i = 0; i < 11; i++) answers.push((await signInRaw('127.0.0.4', `spray-${i}@clinic.test`, 'wrong', { 'x-forwarded-for': `203.0.113.${i}` })).error);
    expect(answers.at(-1)).toBe('locked');
  });
});

// ---------------------------------------------------------------- item 8

describe('sessions and refusals', () => {
  it('/api/auth/session answers {} once the session is signed out', async () => {
    const { cookies } = await signInRaw('127.0.0.1', 'nurse@clinic.test', PW);
    const cookie = cookies.join('; ');
    expect(JSON.parse((await request('/api/auth/session', { headers: { cookie } })).body)).toMatchObject({ user: { email: 'nurse@clinic.test' } });
    const csrf = await request('/api/auth/csrf', { headers: { cookie } });
    const csrfToken = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
    const out = await request('/api/auth/signout', {
      method: 'POST', headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', cookie: [cookie, ...cookiesOf(csrf)].join('; ') },
      body: new URLSearchParams({ csrfToken, json: 'true' }).toString(),
    });
    expect(out.status).toBeLessThan(400);
    const after = await request('/api/auth/session', { headers: { cookie } });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toEqual({});
  });

  it('a server action posted with a valid session but no Origin is refused and writes nothing; from this site it is accepted', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, ADMIN, PW);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/users`);
    const fields = await page.getByRole('form', { name: 'Create user' }).evaluate((f: HTMLFormElement) =>
      Array.from(new FormData(f).entries()).map(([k, v]) => [k, String(v)] as [string, string]));
    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await ctx.close();
    const body = new FormData();
    for (const [k, v] of fields) body.append(k, v);
    body.set('email', 'csrf@clinic.test');
    body.set('name', 'Planted Admin');
    body.set('role', 'admin');
    body.set('password', 'a planted passphrase');
    const before = await server.withDb(() => countUsers());
    const attempts: Record<string, string>[] = [{ cookie }, { cookie, origin: 'https://evil.example' }, { cookie, origin: server.url, 'sec-fetch-site': 'cross-site' }];
    for (const headers of attempts) {
      const res = await fetch(`${server.url}/admin/users`, { method: 'POST', body, headers, redirect: 'manual' });
      expect(res.status, JSON.stringify(Object.keys(headers))).toBe(403);
    }
    expect(await server.withDb(() => countUsers())).toBe(before);
    const ok = await fetch(`${server.url}/admin/users`, { method: 'POST', body, headers: { cookie, origin: server.url }, redirect: 'manual' });
    expect(ok.status).toBeLessThan(400);
    expect(await server.withDb(() => countUsers())).toBe(before + 1);
  });

  it('a reviewer opening the users page is recorded, and the administrator finds it under "Refused attempts"', async () => {
    const rev = await browser.newContext();
    const page = await rev.newPage();
    await signIn(page, server.url, 'rev@clinic.test', PW);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/forbidden/);
    await rev.close();

    const ctx = await browser.newContext();
    const admin = await ctx.newPage();
    await signIn(admin, server.url, ADMIN, PW);
    await admin.waitForURL(`${server.url}/`);
    await admin.goto(`${server.url}/admin/audit`);
    await admin.getByLabel('Refused attempts only').check();
    await admin.getByRole('button', { name: 'Filter' }).click();
    await admin.waitForURL(/refused=1/);
    await admin.getByText('Tried to manage users (page /admin/users) by opening a page.').waitFor();
    await admin.getByText('rev@clinic.test').first().waitFor();
    await screenshot(admin, 'audit-refused-attempts');
    await ctx.close();
  });
});

describe('a locked account names who locked it, and the administrator unlocks it', () => {
  it('shows "Locked until … after 5 failed sign-ins from …" with Unlock; after Unlock the user signs in', async () => {
    for (let i = 0; i < 5; i++) expect((await signInRaw('127.0.0.6', 'locked@clinic.test', `wrong ${i}`)).error).toBe('invalid');
    expect((await signInRaw('127.0.0.7', 'locked@clinic.test', PW)).error).toBe('locked');
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, ADMIN, PW);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/users`);
    const lock = page.getByTestId('lock-locked@clinic.test');
    await lock.getByText(/Locked until .+ after 5 failed sign-ins from 127\.0\.0\.6 \(5 times\)\./).waitFor();
    await screenshot(page, 'admin-users-locked');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    // The page is refreshed: the lock and its button are gone from the row.
    await lock.waitFor({ state: 'detached' });
    expect(await page.getByTestId('user-locked@clinic.test').getByText('Locked', { exact: true }).count()).toBe(0);
    await ctx.close();
    expect((await signInRaw('127.0.0.7', 'locked@clinic.test', PW)).error).toBeNull();
  });
});
