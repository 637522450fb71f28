import './next-als';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';
import { getDb } from '@/db/client';
import { signOutAction } from '@/app/ui/sign-out-action';
import { authenticate } from '@/lib/dal/auth';
import { verifyAuditChain } from '@/lib/dal/audit';
import { completeSsoSignIn } from '@/lib/dal/sso';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { makeActor, TEST_PASSWORD } from '../setup/actors';

/**
 * Sign-out from the top bar (issue 21): the session row ends (audited) before the browser
 * goes anywhere; a single sign-on session is then sent to the provider's
 * end_session_endpoint (from a real discovery document served here) with its ID token
 * as id_token_hint, which was kept sealed in the row and is cleared by the sign-out.
 */
const browser = vi.hoisted(() => ({ cookie: null as string | null, expired: [] as string[] }));
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (name === 'next-auth.session-token' && browser.cookie ? { name, value: browser.cookie } : undefined),
    has: (name: string) => name === 'next-auth.session-token' && browser.cookie !== null,
    set: (name: string, _value: string, opts: { maxAge?: number }) => { if (opts.maxAge === 0) browser.expired.push(name); },
  }),
  headers: async () => new Headers(),
}));

const SECRET = 'sign-out-tests-secret-0123456789abcdef';
const APP = 'https://titerline.clinic.example';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJrYy05In0.c2lnbmF0dXJl';
let idp: Server;
let issuer: string;
let discoveryUp = true;
let db: ReturnType<typeof useTempDatabase>;
const row = (sid: string) => getDb().$client.prepare('SELECT ended_at, end_reason, id_token FROM auth_sessions WHERE id = ?').get(sid) as { ended_at: number | null; end_reason: string | null; id_token: string | null };
const lastAudit = () => getDb().$client.prepare('SELECT action, after_json FROM audit_events ORDER BY id DESC LIMIT 1').get() as { action: string; after_json: string };

async function signOut(): Promise<string> {
  try {
    await signOutAction();
  } catch (e) {
    const digest = (e as { digest?: unknown }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT;')) return digest.split(';')[2] ?? '';
    throw e;
  }
  throw new Error('sign-out did not redirect');
}
const cookieFor = (sid: string) => encode({ token: { sid }, secret: SECRET });

beforeAll(async () => {
  idp = createServer((req, res) => {
    if (!discoveryUp || req.url !== '/.well-known/openid-configuration') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, end_session_endpoint: `${issuer}/session/end` }));
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => idp.close(() => resolve())));
beforeEach(() => {
  Object.assign(process.env, { NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: APP, TITERLINE_OIDC_ISSUER: issuer, TITERLINE_OIDC_CLIENT_ID: 'titerline', TITERLINE_OIDC_CLIENT_SECRET: 'secret', TITERLINE_OIDC_ROLE_RULES: 'g-nurse=nurse' });
  db = useTempDatabase();
  browser.cookie = null;
  browser.expired = [];
  discoveryUp = true;
});
afterEach(() => {
  for (const k of ['NEXTAUTH_URL', 'TITERLINE_OIDC_ISSUER', 'TITERLINE_OIDC_CLIENT_ID', 'TITERLINE_OIDC_CLIENT_SECRET', 'TITERLINE_OIDC_ROLE_RULES']) delete process.env[k];
  expect(verifyAuditChain(getDb()).ok).toBe(true);
  db.dispose();
});

describe('sign-out', () => {
  it('ends a single sign-on session, then sends the browser to the provider with the ID token as hint', async () => {
    const r = await completeSsoSignIn({ sub: 'kc-9', email: 'ann@clinic.test', emailVerified: true, groups: ['g-nurse'] }, '10.0.0.1', ID_TOKEN);
    if (!r.ok) throw new Error(r.why);
    // Kept sealed: the database alone does not hold the token.
    expect(row(r.sessionId).id_token).toMatch(/^v1:/);
    expect(row(r.sessionId).id_token).not.toContain(ID_TOKEN.split('.')[1]);
    browser.cookie = await cookieFor(r.sessionId);
    const target = new URL(await signOut());
    expect(`${target.origin}${target.pathname}`).toBe(`${issuer}/session/end`);
    expect(Object.fromEntries(target.searchParams)).toEqual({ id_token_hint: ID_TOKEN, post_logout_redirect_uri: `${APP}/signin`, client_id: 'titerline' });
    expect(row(r.sessionId)).toMatchObject({ end_reason: 'signed out', id_token: null });
    expect(row(r.sessionId).ended_at).not.toBeNull();
    expect(lastAudit().action).toBe('signout');
    expect(JSON.parse(lastAudit().after_json)).toEqual({ reason: 'signed out', via: 'single sign-on' });
    expect(browser.expired).toEqual(['next-auth.session-token']);
  });

  it('a password session ends and goes to the sign-in page, even with single sign-on configured', async () => {
    const nurse = await makeActor('nurse', 'nia@clinic.test');
    const r = await authenticate(nurse.email, TEST_PASSWORD, '10.0.0.1');
    if (!r.ok) throw new Error(r.reason);
    browser.cookie = await cookieFor(r.sessionId);
    expect(await signOut()).toBe('/signin');
    expect(row(r.sessionId).end_reason).toBe('signed out');
  });

  it('when the provider cannot be asked, Titerline\'s session has still ended', async () => {
    discoveryUp = false;
    process.env.TITERLINE_OIDC_ISSUER = `${issuer}/down`;
    const r = await completeSsoSignIn({ sub: 'kc-10', email: 'bo@clinic.test', emailVerified: true, groups: ['g-nurse'] }, '10.0.0.1', ID_TOKEN);
    if (!r.ok) throw new Error(r.why);
    browser.cookie = await cookieFor(r.sessionId);
    expect(await signOut()).toBe('/signin');
    expect(row(r.sessionId)).toMatchObject({ end_reason: 'signed out', id_token: null });
  });

  it('without a session, or with a forged cookie, changes nothing and goes to the sign-in page', async () => {
    await makeActor('nurse', 'nell@clinic.test');
    const before = tableCounts();
    expect(await signOut()).toBe('/signin');
    browser.cookie = await encode({ token: { sid: 'no-such-session' }, secret: 'another secret entirely, 0123456789' });
    expect(await signOut()).toBe('/signin');
    browser.cookie = await cookieFor('no-such-session');
    expect(await signOut()).toBe('/signin');
    expect(tableCounts()).toEqual(before);
  });
});
