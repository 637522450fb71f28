/**
 * Server actions and form POSTs without a matching Origin (issue 20, item 8). The REST
 * API refused a cookie-authenticated write without Origin, but a server action (a POST
 * to a page with a `Next-Action` header) was accepted: Next checks the Origin of an
 * action only when there is one. proxy.ts now refuses every POST to a page, a server
 * action, sign-in or setup that carries no Origin, an Origin of another host, or a
 * Sec-Fetch-Site other than same-origin - before the request reaches the app. The API
 * (/api/v1, /api/fhir) keeps its own rule (tested in authorization.test.ts).
 * The same refusal through a real server and a real action: auth-boundary.e2e.test.ts.
 */
import './next-als';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { SESSION_COOKIE } from './cookie-jar';
import { createWorld, ORIGIN, type World } from './harness';

let world: World;
beforeAll(async () => {
  world = await createWorld();
}, 60_000);
afterAll(() => world.dispose());

const ACTION_ID = '7f0c5d2e9a1b3c4d5e6f708192a3b4c5d6e7f80912';

function post(path: string, headers: Record<string, string>, withSession = true): NextRequest {
  const h: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8', 'next-action': ACTION_ID, ...headers };
  if (withSession) h.cookie = `${SESSION_COOKIE}=${world.callers.admin.cookie}`;
  return new NextRequest(`${ORIGIN}${path}`, { method: 'POST', headers: h, body: '[]' });
}

/** Passed on to the app (NextResponse.next()), not answered by the proxy. */
const passedOn = (res: Response) => res.headers.get('x-middleware-next') === '1';

async function expectRefused(req: NextRequest, label: string): Promise<void> {
  const res = await proxy(req);
  expect(res.status, label).toBe(403);
  expect(passedOn(res), label).toBe(false);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('forbidden');
  expect(body.error.message).toMatch(/^Cross-site request refused/);
}

describe('proxy.ts: a POST to a page or server action must come from this site', () => {
  const refused: [string, Record<string, string>][] = [
    ['no Origin', {}],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a look-alike Origin', { origin: 'http://titerline.test.evil.example' }],
    ['Origin null (sandboxed frame, file:)', { origin: 'null' }],
    ['a garbage Origin', { origin: '::not a url::' }],
    ['this Origin but Sec-Fetch-Site cross-site', { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }],
    ['this Origin but Sec-Fetch-Site same-site (a sibling subdomain)', { origin: ORIGIN, 'sec-fetch-site': 'same-site' }],
    ['this Origin but Sec-Fetch-Site none', { origin: ORIGIN, 'sec-fetch-site': 'none' }],
  ];
  for (const [label, headers] of refused) {
    it(`refuses a server action with the admin's session cookie and ${label}`, async () => {
      await expectRefused(post('/admin/users', headers), label);
    });
  }

  it('refuses the same on the public pages (sign-in, setup) and next-auth\'s endpoints', async () => {
    for (const path of ['/signin', '/setup', '/api/auth/callback/credentials', '/api/auth/signout']) {
      await expectRefused(post(path, {}, false), `${path} without Origin`);
      await expectRefused(post(path, { origin: 'https://evil.example' }, false), `${path} from another site`);
    }
  });

  it('passes on a POST from this site (Origin of this host, Sec-Fetch-Site same-origin or absent)', async () => {
    expect(passedOn(await proxy(post('/admin/users', { origin: ORIGIN, 'sec-fetch-site': 'same-origin' })))).toBe(true);
    expect(passedOn(await proxy(post('/admin/users', { origin: ORIGIN })))).toBe(true);
    expect(passedOn(await proxy(post('/signin', { origin: ORIGIN, 'sec-fetch-site': 'same-origin' }, false)))).toBe(true);
  });

  it('leaves the API to its own rule (tokens carry no Origin), and GETs alone', async () => {
    const api = new NextRequest(`${ORIGIN}/api/v1/patients/1/lab-results`, { method: 'POST', headers: { authorization: 'Bearer tl_x', 'content-type': 'application/json' }, body: '{}' });
    expect(passedOn(await proxy(api))).toBe(true);
    const page = new NextRequest(`${ORIGIN}/admin/users`, { headers: { cookie: `${SESSION_COOKIE}=${world.callers.admin.cookie}`, 'sec-fetch-site': 'cross-site' } });
    expect(passedOn(await proxy(page))).toBe(true);
  });

  it('still answers 401 first to a POST without a session', async () => {
    const res = await proxy(post('/admin/users', {}, false));
    expect(res.status).toBe(401);
  });
});

describe('proxy.ts: the return address it gives sign-in stays on this site', () => {
  it.each([
    ['/patients/12?tab=results', '/patients/12?tab=results'],
    ['//evil.example/', null],
    ['/.//evil.example/', null],
  ])('GET %s without a session goes to sign-in with callbackUrl %s', async (path, expected) => {
    const res = await proxy(new NextRequest(`${ORIGIN}${path}`));
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin).toBe(ORIGIN);
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('callbackUrl')).toBe(expected);
  });
});
