/**
 * The sign-in throttle trusted X-Forwarded-For from anyone (issue 20, item 4): 51 failed
 * sign-ins with a forged X-Forwarded-For locked out another client's correct sign-in,
 * changing the header on each request got round the per-client limit, and the forged
 * value was stored in the audit trail as the client. Now the client is the TCP peer
 * (stamped by lib/peer-stamp.ts) unless TITERLINE_TRUSTED_PROXIES lists that peer as a
 * proxy (addresses/CIDRs) or gives a hop count.
 *
 * Part 1: the rule itself (pure). Part 2: real sockets - a small HTTP server on
 * 127.0.0.1 that hands each request to next-auth's own credentials callback with the
 * app's options (next-auth-core.ts), the peer stamp installed as instrumentation.ts
 * installs it, and X-Forwarded-For filled from the socket when absent, as Next does;
 * clients connect from 127.0.0.2 (the attacker) and 127.0.0.3 (the victim).
 * Part 3: a lock names who caused it; an administrator sees it and unlocks.
 */
import './next-als';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { parseTrustedProxies, resolveClientAddress, UNKNOWN_CLIENT, type ProxyTrust } from '@/lib/dal/client-address';
import { unlockUser } from '@/lib/dal/signin-locks';
import { PEER_HEADER, installPeerStamp, peerAddressFrom } from '@/lib/peer-stamp';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import { callAction, createWorld, dbState, expectAuditChainIntact, toFormData, type World } from './harness';
import { signInThroughNextAuth } from './next-auth-core';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const trust = (raw: string): ProxyTrust => {
  const parsed = parseTrustedProxies(raw);
  expect(parsed.problems).toEqual([]);
  return parsed.trust;
};

describe('the client address rule', () => {
  it('without TITERLINE_TRUSTED_PROXIES, X-Forwarded-For is ignored: the client is the peer', () => {
    const none = trust('');
    expect(resolveClientAddress('198.51.100.7', '203.0.113.9', none)).toBe('198.51.100.7');
    expect(resolveClientAddress('::ffff:198.51.100.7', '203.0.113.9, 10.0.0.1', none)).toBe('198.51.100.7');
    expect(resolveClientAddress(null, '203.0.113.9', none)).toBe(UNKNOWN_CLIENT);
  });

  it('from a trusted proxy, the rightmost untrusted X-Forwarded-For entry; what a client wrote to its left is never read', () => {
    const t = trust('127.0.0.1, 10.0.0.0/8, ::1');
    // nginx appends the address it saw ($proxy_add_x_forwarded_for) after what the client sent.
    expect(resolveClientAddress('127.0.0.1', '6.6.6.6, 203.0.113.9', t)).toBe('203.0.113.9');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.9, 10.1.2.3', t)).toBe('203.0.113.9');
    expect(resolveClientAddress('::1', '2001:DB8::5', t)).toBe('2001:db8::5');
    expect(resolveClientAddress('127.0.0.1', null, t)).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', 'not-an-address, 10.0.0.9', t)).toBe('10.0.0.9');
    // Several headers, as Node joins them.
    expect(resolveClientAddress('127.0.0.1', '6.6.6.6,203.0.113.9:4431', t)).toBe('203.0.113.9');
  });

  it('from a peer that is not a trusted proxy, X-Forwarded-For is ignored', () => {
    expect(resolveClientAddress('198.51.100.7', '203.0.113.9', trust('127.0.0.1'))).toBe('198.51.100.7');
  });

  it('with a hop count, the entry that many places left of the peer', () => {
    expect(resolveClientAddress('127.0.0.1', '6.6.6.6, 203.0.113.9', trust('1'))).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1', trust('2'))).toBe('203.0.113.9');
    expect(resolveClientAddress('127.0.0.1', null, trust('1'))).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', 'garbage', trust('1'))).toBe('127.0.0.1');
  });

  it('reports entries it cannot read and leaves them out', () => {
    expect(parseTrustedProxies('10.0.0.0/33, proxy.local, 127.0.0.1').problems).toEqual(['"10.0.0.0/33" is not an IP address or a CIDR range', '"proxy.local" is not an IP address or a CIDR range']);
    expect(parseTrustedProxies('99').problems).toHaveLength(1);
    expect(parseTrustedProxies('0').trust).toEqual({ kind: 'none' });
  });
});

describe('the peer stamp', () => {
  it('is written by the server for every request, over any value the client sent', async () => {
    installPeerStamp();
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(String(req.headers[PEER_HEADER]));
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve, reject) => http.get({ host: '127.0.0.1', port, localAddress: '127.0.0.2', headers: { [PEER_HEADER]: 'guess 6.6.6.6' } }, (res) => res.resume().on('end', resolve)).on('error', reject));
    server.close();
    expect(peerAddressFrom(seen[0])).toBe('127.0.0.2');
    expect(peerAddressFrom('guess 6.6.6.6')).toBeNull();
    expect(peerAddressFrom(`${seen[0]!.split(' ')[0]}x 6.6.6.6`)).toBeNull();
  });
});

// ---------------------------------------------------------------- real sockets

let world: World;
let url: string;
let server: http.Server;

beforeAll(async () => {
  world = await createWorld();
  installPeerStamp();
  server = http.createServer((req, res) => {
    // What Next does before a route sees the request (next/dist/server/base-server.js).
    req.headers['x-forwarded-for'] ??= req.socket.remoteAddress;
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { email, password } = JSON.parse(body) as { email: string; password: string };
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
      signInThroughNextAuth(email, password, headers).then(
        (r) => res.end(JSON.stringify({ ok: r.cookie !== null, error: r.error })),
        (e: unknown) => { res.statusCode = 500; res.end(String(e)); },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => server.close(r));
  expectAuditChainIntact();
  world.dispose();
});
afterEach(() => {
  delete process.env.TITERLINE_TRUSTED_PROXIES;
  delete process.env.TITERLINE_CLIENT_ATTEMPTS;
});

/** A sign-in sent from `from` (a loopback address) with extra headers. */
function signInFrom(from: string, email: string, password: string, headers: Record<string, string> = {}): Promise<{ ok: boolean; error: string | null }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/`, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text) as { ok: boolean; error: string | null }) : reject(new Error(text))));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ email, password }));
  });
}

const ATTACKER = '127.0.0.2';
const VICTIM = '127.0.0.3';
const failures = (email: string) => (getDb().$client.prepare("SELECT after_json FROM audit_events WHERE action = 'signin.failure' AND user_email = ? ORDER BY id").all(email) as { after_json: string }[]).map((r) => JSON.parse(r.after_json) as { client: string });

describe('sign-in throttling counts the real client', () => {
  it('failed sign-ins with a forged X-Forwarded-For do not lock out the client it names', async () => {
    process.env.TITERLINE_CLIENT_ATTEMPTS = '10';
    const victim = await makeActor('nurse', 'victim@clinic.test');
    for (let i = 0; i < 10; i++) {
      expect(await signInFrom(ATTACKER, `nobody-${i}@clinic.test`, 'wrong password', { 'x-forwarded-for': VICTIM })).toEqual({ ok: false, error: 'invalid' });
    }
    // The attacker's own address is now throttled...
    expect(await signInFrom(ATTACKER, 'nobody-x@clinic.test', 'wrong password', { 'x-forwarded-for': VICTIM })).toEqual({ ok: false, error: 'locked' });
    // ...the client it pretended to be is not.
    expect(await signInFrom(VICTIM, victim.email!, TEST_PASSWORD)).toEqual({ ok: true, error: null });
    // The audit trail names the socket, never the forged header.
    expect(failures('nobody-3@clinic.test')).toEqual([expect.objectContaining({ client: ATTACKER })]);
  });

  it('a new X-Forwarded-For on every request does not get round the per-client limit', async () => {
    process.env.TITERLINE_CLIENT_ATTEMPTS = '10';
    const from = '127.0.0.4';
    const answers: (string | null)[] = [];
    for (let i = 0; i < 12; i++) answers.push((await signInFrom(from, `spray-${i}@clinic.test`, 'wrong password', { 'x-forwarded-for': `203.0.113.${i}` })).error);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('invalid'));
    expect(answers.slice(10)).toEqual(['locked', 'locked']);
  });

  it('behind a trusted proxy, the clients it forwards are counted apart and named in the audit trail', async () => {
    process.env.TITERLINE_CLIENT_ATTEMPTS = '10';
    process.env.TITERLINE_TRUSTED_PROXIES = '127.0.0.5';
    const proxy = '127.0.0.5';
    for (let i = 0; i < 10; i++) await signInFrom(proxy, `behind-${i}@clinic.test`, 'wrong password', { 'x-forwarded-for': '6.6.6.6, 198.51.100.20' });
    expect((await signInFrom(proxy, 'behind-x@clinic.test', 'wrong password', { 'x-forwarded-for': '198.51.100.20' })).error).toBe('locked');
    const other = await makeActor('nurse', 'behind-ok@clinic.test');
    expect(await signInFrom(proxy, other.email!, TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.21' })).toEqual({ ok: true, error: null });
    expect(failures('behind-3@clinic.test')).toEqual([expect.objectContaining({ client: '198.51.100.20' })]);
    // The same header from a peer that is not the proxy is ignored.
    expect((await signInFrom('127.0.0.6', 'direct-1@clinic.test', 'wrong password', { 'x-forwarded-for': '198.51.100.20' })).error).toBe('invalid');
    expect(failures('direct-1@clinic.test')).toEqual([expect.objectContaining({ client: '127.0.0.6' })]);
  });
});

describe('an account lock names who caused it; an administrator sees it and unlocks it', () => {
  it('records the addresses and attempts, shows them on the users page with Unlock, and unlocks (audited)', async () => {
    const target = await makeActor('physician', 'locked-out@clinic.test');
    await signInFrom('127.0.0.7', target.email!, 'wrong 1');
    await signInFrom('127.0.0.8', target.email!, 'wrong 2');
    for (let i = 3; i <= 5; i++) await signInFrom('127.0.0.7', target.email!, `wrong ${i}`);
    expect((await signInFrom('127.0.0.9', target.email!, TEST_PASSWORD)).error).toBe('locked');

    const lock = getDb().$client.prepare("SELECT user_id, after_json FROM audit_events WHERE action = 'user.locked' ORDER BY id DESC LIMIT 1").get() as { user_id: number; after_json: string };
    expect(lock.user_id).toBe(target.userId);
    expect(JSON.parse(lock.after_json)).toMatchObject({ attempts: 5, from: [{ address: '127.0.0.7', attempts: 4 }, { address: '127.0.0.8', attempts: 1 }] });

    const UsersPage = (await import('@/app/(app)/admin/users/page')).default;
    const { jar } = await import('./cookie-jar');
    jar.token = world.callers.admin.cookie;
    let html: string;
    try {
      html = renderToStaticMarkup(await UsersPage());
    } finally {
      jar.token = null;
    }
    expect(html).toMatch(/Locked until [^<]+ after 5 failed sign-ins from 127\.0\.0\.7 \(4 times\), 127\.0\.0\.8\./);
    expect(html).toContain('aria-label="Unlock Test physician"');

    // Only an administrator may unlock; the refusal changes nothing.
    const { unlockUserAction } = await import('@/app/(app)/admin/users/actions');
    const before = dbState();
    expect(await callAction(unlockUserAction, world.callers.physician, toFormData({ id: String(target.userId) }))).toEqual({ kind: 'state', status: 'error', message: 'Your role does not allow this.' });
    expect(dbState().counts.users).toBe(before.counts.users);
    expect(await callAction(unlockUserAction, world.callers.admin, toFormData({ id: String(target.userId) }))).toEqual({ kind: 'state', status: 'ok', message: 'Test physician can sign in again.' });
    const unlock = getDb().$client.prepare("SELECT user_email, entity_id, before_json FROM audit_events WHERE action = 'user.unlock' ORDER BY id DESC LIMIT 1").get() as { user_email: string; entity_id: string; before_json: string };
    expect(unlock).toMatchObject({ user_email: 'admin@clinic.test', entity_id: String(target.userId) });
    expect(JSON.parse(unlock.before_json)).toMatchObject({ email: 'locked-out@clinic.test', lockedUntil: expect.any(String) });
    expect(await signInFrom('127.0.0.9', target.email!, TEST_PASSWORD)).toEqual({ ok: true, error: null });
    // Unlocking an account that is not locked says so.
    expect(() => unlockUser(world.users.admin, target.userId!)).toThrow(/not locked/);
  });
});
