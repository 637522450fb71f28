/**
 * Authorization matrix, complete by construction (Hardening, item 1).
 *
 * 1. The source tree is scanned for every server action (each export of a 'use server'
 *    file) and every route handler (each HTTP-method export of a route.ts under app/),
 *    and the list must equal tests/security/registry.ts.
 * 2. Each one is called with valid input as anonymous, as deactivated users and as each
 *    role: allowed or refused exactly as architecture.md's role table says; a refusal
 *    changes no table and no audit event.
 * 3. Each mutation that takes a row id is tried with patient A's id and patient B's row.
 * 4. Each refusal of a signed-in caller for want of a permission (403) leaves exactly one
 *    record: a `security.refused` audit event naming the caller, its role and the
 *    permission (issue 20, item 8; the rate limit is reset before each call).
 *
 * How: server actions and route handlers are called as plain functions. `next/headers`
 * is mocked to hand over the request's session cookie (cookie-jar.ts) - a real next-auth
 * JWT for a real session row - so lib/dal/session.ts, the permission checks and the
 * database are the production code; `next/cache` is mocked because revalidation needs
 * Next's server. redirect() (next/navigation) throws NEXT_REDIRECT: counted as success
 * only together with the database change it follows.
 */
import './next-als';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MATRIX, ACTIONS, HTTP_METHODS, REGISTRY, ROUTES, ROW_ID_FIELDS, keyOf, type RouteEntry } from './registry';
import { resetRefusalThrottle } from '@/lib/dal/refusals';
import { CALLERS, FORBIDDEN_MESSAGE, UNAUTHORIZED_MESSAGE, callAction, callRoute, dbState, errorCodeOf, expectedAllowed, expectUnchanged, lastAuditEventId, refusalsSince, toFormData, type ActionOutcome, type Caller, type Credential } from './harness';
import { worldForThisFile } from './world';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every .ts/.tsx file under `dir`, as a path from the repository root. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, d), { withFileTypes: true })) {
      const rel = path.posix.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(ts|tsx)$/.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

/** The file starts (after comments) with the 'use server' directive. */
const USE_SERVER_FILE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use server\1/;
const USE_SERVER_ANYWHERE = /(['"])use server\1/;

interface Scan { actions: string[]; routes: string[]; inline: string[] }

async function scanApp(): Promise<Scan> {
  const actions: string[] = [];
  const routes: string[] = [];
  const inline: string[] = [];
  for (const file of [...sourceFiles('app'), ...sourceFiles('lib')]) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    if (USE_SERVER_FILE.test(text)) {
      const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') actions.push(`${file}#${name}`);
      // The source agrees with the module (an export the import could not see would be a gap).
      for (const m of text.matchAll(/export\s+(?:async\s+)?function\s+(\w+)|export\s+const\s+(\w+)\s*=/g)) {
        expect(actions, `${file} exports ${m[1] ?? m[2]}`).toContain(`${file}#${m[1] ?? m[2]}`);
      }
    } else if (USE_SERVER_ANYWHERE.test(text)) {
      inline.push(file);
    }
    if (file.startsWith('app/') && /(^|\/)route\.(ts|tsx)$/.test(file)) {
      const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      for (const method of HTTP_METHODS) if (typeof mod[method] === 'function') routes.push(`${file}#${method}`);
    }
  }
  return { actions: actions.sort(), routes: routes.sort(), inline };
}

const world = worldForThisFile();

describe('the registry lists every server action and route handler', () => {
  it('matches a scan of the source tree, export by export, and calls the very functions the app exports', async () => {
    const scan = await scanApp();
    expect(scan.inline, "inline 'use server' functions: move them to an actions file and register them").toEqual([]);
    expect(scan.actions.length).toBeGreaterThan(20);
    expect(scan.routes.length).toBeGreaterThan(10);
    const registered = (kind: 'action' | 'route') => REGISTRY.filter((e) => e.kind === kind).map(keyOf).sort();
    expect(registered('action'), 'server actions without a registry entry (or entries for removed ones)').toEqual(scan.actions);
    expect(registered('route'), 'route handlers without a registry entry (or entries for removed ones)').toEqual(scan.routes);
    expect(new Set(REGISTRY.map(keyOf)).size).toBe(REGISTRY.length);
    for (const e of REGISTRY) {
      const mod = (await import(path.join(ROOT, e.file))) as Record<string, unknown>;
      expect(e.kind === 'action' ? mod[e.name] === e.run : mod[e.method] === e.handler, `${keyOf(e)} calls the exported function`).toBe(true);
    }
  });

  it('every mutation whose form carries a patient-owned row id has an IDOR call', () => {
    for (const e of ACTIONS) {
      for (const v of e.variants) {
        const fields = Object.keys(v.valid(world.fx));
        if (fields.some((f) => (ROW_ID_FIELDS as readonly string[]).includes(f))) expect(v.idor, `${e.name} (${v.label})`).toBeDefined();
      }
    }
  });

  it('the expected matrix covers every permission of lib/permissions.ts and nothing else', async () => {
    const { ACTIONS: PERMISSIONS } = await import('@/lib/permissions');
    expect(Object.keys(MATRIX).sort()).toEqual([...PERMISSIONS].sort());
  });
});

const show = (o: ActionOutcome) => (o.kind === 'threw' ? `threw ${String(o.error)}` : JSON.stringify(o));

/** The refusal was recorded once, as the caller (by session or by its API token) lacking `permission`. */
function expectRefusalRecorded(mark: number, caller: Caller, permission: string, via: string, label: string): void {
  const role = caller.role;
  if (role === null) throw new Error('only a signed-in caller is refused for want of a permission');
  const events = refusalsSince(mark);
  expect(events, `${label}: one refused-attempt event`).toHaveLength(1);
  expect(events[0], label).toMatchObject({ role, permission, via, count: 1 });
  expect([world.users[role].email, `token:${role} integration`], label).toContain(events[0]!.userEmail);
}

describe('server actions: allowed or refused exactly per architecture.md', () => {
  for (const entry of ACTIONS) {
    for (const variant of entry.variants) {
      it(`${entry.name} (${variant.label}) needs ${entry.needs}`, async () => {
        for (const name of CALLERS) {
          const caller = world.callers[name];
          const fd = toFormData(variant.valid(world.fx));
          const before = dbState();
          resetRefusalThrottle();
          const mark = lastAuditEventId();
          const out = await callAction(entry.run, caller, fd);
          const label = `${entry.name} (${variant.label}) as ${name}`;
          if (expectedAllowed(entry.needs, caller)) {
            const ok = out.kind === 'redirect' || (out.kind === 'state' && out.status === 'ok');
            expect(ok, `${label} should succeed: ${show(out)}`).toBe(true);
            if (entry.writes) expect(dbState().audit.events, `${label} wrote nothing`).toBeGreaterThan(before.audit.events);
            else expectUnchanged(before, label);
          } else {
            const message = entry.needs === 'first-run' ? 'Setup not found.' : caller.role === null ? UNAUTHORIZED_MESSAGE : FORBIDDEN_MESSAGE;
            expect(out, label).toEqual({ kind: 'state', status: 'error', message });
            expectUnchanged(before, label);
            if (message === FORBIDDEN_MESSAGE && entry.needs !== 'public' && entry.needs !== 'first-run') expectRefusalRecorded(mark, caller, entry.needs, 'form', label);
            else expect(refusalsSince(mark), `${label}: not a refusal for want of a permission`).toEqual([]);
          }
        }
      });
    }
  }
});

describe('IDOR: patient A with patient B\'s row is refused and changes nothing', () => {
  for (const entry of ACTIONS) {
    for (const variant of entry.variants) {
      const idor = variant.idor;
      if (!idor) continue;
      it(`${entry.name} (${variant.label})`, async () => {
        if (entry.needs === 'public' || entry.needs === 'first-run' || entry.needs === 'signed-in') throw new Error('IDOR calls need a permission');
        const role = MATRIX[entry.needs][0];
        if (!role) throw new Error(`nobody holds ${entry.needs}`);
        const caller = world.callers[role];
        const fd = toFormData(idor(world.fx));
        const before = dbState();
        const out = await callAction(entry.run, caller, fd);
        expect(out.kind === 'state' && out.status === 'error', show(out)).toBe(true);
        expect(out.kind === 'state' ? out.message : '').toMatch(/not found/i);
        expectUnchanged(before, `${entry.name} IDOR`);
        // Unknown ids are refused the same way.
        const unknown = Object.fromEntries(Object.entries(idor(world.fx)).map(([k, v]) => [k, (ROW_ID_FIELDS as readonly string[]).includes(k) ? '987654321' : v]));
        const fd2 = toFormData(unknown);
        const before2 = dbState();
        const out2 = await callAction(entry.run, caller, fd2);
        expect(out2.kind === 'state' && out2.status === 'error', show(out2)).toBe(true);
        expectUnchanged(before2, `${entry.name} unknown id`);
      });
    }
  }
});

/** The ways a caller can present itself to a route. */
function credentials(entry: RouteEntry, caller: Caller): { cred: Credential; allowed: boolean; label: string }[] {
  const allowed = expectedAllowed(entry.needs, caller);
  if (entry.auth === 'next-auth' || entry.auth === 'public') return [{ cred: { kind: 'none' }, allowed, label: 'no credentials' }];
  if (caller.cookie === null && caller.token === null) return [{ cred: { kind: 'none' }, allowed, label: 'no credentials' }];
  const out = [{ cred: { kind: 'cookie', caller } as Credential, allowed, label: 'session cookie' }];
  // Tokens open /api routes only; a session-only route must refuse them.
  if (caller.token !== null) out.push({ cred: { kind: 'bearer', caller }, allowed: entry.auth === 'api' && allowed, label: caller.role ? 'API token' : 'revoked API token' });
  return out;
}

describe('route handlers: allowed or refused exactly per architecture.md, by session and by API token', () => {
  for (const entry of ROUTES) {
    it(`${entry.method} ${entry.file} needs ${entry.needs} (${entry.auth})`, async () => {
      for (const name of CALLERS) {
        const caller = world.callers[name];
        for (const { cred, allowed, label } of credentials(entry, caller)) {
          const what = `${entry.method} ${entry.file} as ${name} with ${label}`;
          const req = entry.request(world.fx);
          const before = dbState();
          resetRefusalThrottle();
          const mark = lastAuditEventId();
          const res = await callRoute(entry, req, cred);
          if (allowed) {
            expect(res.status, `${what}: ${res.status >= 400 ? await res.text() : ''}`).toBe(entry.okStatus);
            if (entry.writes && entry.method !== 'GET') expect(dbState().audit.events, `${what} wrote nothing`).toBeGreaterThan(before.audit.events);
            if (!entry.writes) expectUnchanged(before, what);
          } else {
            const unauthenticated = caller.role === null || (cred.kind === 'bearer' && entry.auth === 'session');
            expect(res.status, what).toBe(unauthenticated ? 401 : 403);
            expect(errorCodeOf(await res.json()), what).toBe(unauthenticated ? 'unauthorized' : 'forbidden');
            expectUnchanged(before, what);
            if (!unauthenticated && entry.needs !== 'public' && entry.needs !== 'first-run') expectRefusalRecorded(mark, caller, entry.needs, 'route', what);
            else expect(refusalsSince(mark), what).toEqual([]);
          }
        }
      }
    });
  }
});

describe('cross-site writes with the session cookie are refused (Origin check)', () => {
  const writes = ROUTES.filter((r) => r.auth === 'api' && !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
  it('covers every cookie-authenticated write route', () => {
    expect(writes.map((r) => `${r.method} ${r.file}`)).toEqual(['POST app/api/v1/patients/[id]/lab-results/route.ts', 'POST app/api/fhir/route.ts']);
  });
  for (const entry of writes) {
    it(`${entry.method} ${entry.file}: no Origin, a foreign one, "null" and garbage are 403 and write nothing`, async () => {
      if (entry.needs === 'public' || entry.needs === 'first-run' || entry.needs === 'signed-in') throw new Error('a write route needs a permission');
      const role = MATRIX[entry.needs][0];
      if (!role) throw new Error(`nobody holds ${entry.needs}`);
      const caller = world.callers[role];
      const cases: { label: string; headers?: Record<string, string>; noOrigin?: boolean }[] = [
        { label: 'no Origin', noOrigin: true },
        { label: 'foreign Origin', headers: { origin: 'https://evil.example' } },
        { label: 'look-alike Origin', headers: { origin: 'http://titerline.test.evil.example' } },
        { label: 'Origin null (sandboxed iframe, file:)', headers: { origin: 'null' } },
        { label: 'garbage Origin', headers: { origin: '::not a url::' } },
      ];
      for (const c of cases) {
        const req = entry.request(world.fx);
        const before = dbState();
        const res = await callRoute(entry, req, { kind: 'cookie', caller }, c);
        expect(res.status, `${c.label}: ${await res.clone().text()}`).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
        expectUnchanged(before, c.label);
      }
      // The same request from this site is accepted: the check is what refused the others.
      const ok = await callRoute(entry, entry.request(world.fx), { kind: 'cookie', caller });
      expect(ok.status).toBe(entry.okStatus);
    });
  }
});
