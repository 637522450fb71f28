/**
 * Hostile input to every route handler (Hardening, item 2): hostile path parameters,
 * query strings, JSON bodies (valid bodies with hostile values put anywhere, or bodies
 * that are not what the route expects at all), content types and Origin headers, sent
 * with a session cookie or an API token of a role that may call the route. Expected:
 * never a 5xx; a refusal is a 4xx JSON error with a code and a message, and leaves
 * every table and the audit chain as they were.
 *
 * Also: a patient named `<img src=x onerror=alert(1)>` is stored and served verbatim
 * as JSON (escaping is the renderer's job: see source-rules.test.ts).
 */
import './next-als';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createPatient } from '@/lib/dal/patients';
import { MATRIX, ROUTES, type RouteEntry, type RouteRequest } from './registry';
import { callRoute, dbState, expectUnchanged, ORIGIN, type Caller, type Credential } from './harness';
import { worldForThisFile } from './world';
import { CONTENT_TYPES, hostileKey, hostileString, jsonMutation, mutateJson, rawBody, type JsonMutation } from './hostile';
import { watchErrorLog } from '../setup/error-log';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

/** Runs per route that takes ids or a body; lists and exports (query strings and headers only) get fewer. */
const RUNS_PER_ROUTE = 40;
const RUNS_PER_QUERY_ONLY_ROUTE = 15;

const world = worldForThisFile();

function callerFor(entry: RouteEntry): Caller {
  if (entry.needs === 'public' || entry.needs === 'first-run') return world.callers.anonymous;
  if (entry.needs === 'signed-in') return world.callers.nurse;
  const role = MATRIX[entry.needs][0];
  if (!role) throw new Error(`nobody holds ${entry.needs}`);
  return world.callers[role];
}

interface Attack {
  params: [number, string][];
  query: [string, string][];
  body: { kind: 'mutated'; m: JsonMutation } | { kind: 'raw'; text: string } | { kind: 'valid' };
  contentType: string | null;
  origin: string | null;
  viaToken: boolean;
}

const attack: fc.Arbitrary<Attack> = fc.record({
  params: fc.array(fc.tuple(fc.nat(), hostileString), { maxLength: 2 }),
  query: fc.array(fc.tuple(fc.oneof(hostileKey, fc.constantFrom('q', 'sort', 'page', 'from', 'to', 'action', 'user', 'patientId', 'deidentified', 'error', 'callbackUrl', 'view', 'group', 'sex', 'ageMin', 'identified', 'patient', 'code', 'date', 'identifier', '_count', '_offset', '_since', '_type', '_format')), hostileString), { maxLength: 4 }),
  body: fc.oneof(
    { weight: 3, arbitrary: jsonMutation.map((m) => ({ kind: 'mutated' as const, m })) },
    { weight: 2, arbitrary: rawBody.map((text) => ({ kind: 'raw' as const, text })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'valid' as const }) },
  ),
  contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: null, freq: 4 }),
  origin: fc.option(fc.constantFrom('null', 'https://evil.example', '::bad::', ORIGIN, '', 'http://titerline.test:80', 'http://[::1'), { nil: null, freq: 2 }),
  viaToken: fc.boolean(),
});

/** The valid request with the attack applied. */
function hostileRequest(entry: RouteEntry, valid: RouteRequest, a: Attack): RouteRequest {
  const params = { ...(valid.params ?? {}) };
  const keys = Object.keys(params);
  for (const [i, raw] of a.params) {
    const k = keys[i % Math.max(1, keys.length)];
    // What Next can hand over for a path segment: never empty, never a bare "/".
    const v = raw.replace(/\//g, '%2F') || '%20';
    if (k !== undefined) params[k] = Array.isArray(params[k]) ? [v, ...(params[k] as string[]).slice(1)] : v;
  }
  // The path mirrors the params (handlers read params; the URL is there for nextUrl and logs).
  const url = new URL(`${ORIGIN}${valid.path}`);
  for (const [k, v] of a.query) url.searchParams.append(k, v);
  let body = valid.body;
  if (valid.body !== undefined && entry.method !== 'GET') {
    if (a.body.kind === 'raw') body = a.body.text;
    else if (a.body.kind === 'mutated') {
      const parsed: unknown = valid.contentType?.includes('json') ? JSON.parse(valid.body) : valid.body;
      body = typeof parsed === 'string' ? parsed : JSON.stringify(mutateJson(parsed, a.body.m));
    }
  }
  return { path: `${url.pathname}${url.search}`, params, body, contentType: a.contentType ?? valid.contentType };
}

describe('route handlers answer hostile input with a 4xx JSON error and change nothing', () => {
  for (const entry of ROUTES) {
    it(`${entry.method} ${entry.file}`, async () => {
      const caller = callerFor(entry);
      const valid = entry.request(world.fx);
      const takesInput = valid.body !== undefined || Object.keys(valid.params ?? {}).length > 0;
      const errorLog = watchErrorLog();
      let refused = 0;
      try {
        await fc.assert(
          fc.asyncProperty(attack, async (a) => {
            const req = hostileRequest(entry, entry.request(world.fx), a);
            const cred: Credential = caller.role === null ? { kind: 'none' } : a.viaToken && entry.auth === 'api' ? { kind: 'bearer', caller } : { kind: 'cookie', caller };
            const before = dbState();
            errorLog.clear();
            const res = await callRoute(entry, req, cred, a.origin === null ? {} : { headers: { origin: a.origin } });
            const text = await res.text();
            expect(res.status, `${entry.method} ${req.path.slice(0, 200)}: ${text.slice(0, 300)}`).toBeLessThan(500);
            expect(errorLog.errors, 'an unexpected error was logged').toEqual([]);
            if (res.status >= 400) {
              refused++;
              expectUnchanged(before, `${entry.method} ${entry.file} (${res.status})`);
              if (entry.auth !== 'next-auth') {
                expect(res.headers.get('content-type')).toContain('json');
                const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown }; ok?: unknown; lines?: unknown; resourceType?: unknown; issue?: { code?: unknown; details?: { text?: unknown } }[] };
                // The FHIR read API refuses with an OperationOutcome; a FHIR import refusal is its report
                // (422, ok: false, every refused resource); every other is { error }.
                if (parsed.resourceType === 'OperationOutcome') {
                  expect(typeof parsed.issue?.[0]?.code).toBe('string');
                  expect(String(parsed.issue?.[0]?.details?.text).length).toBeGreaterThan(5);
                } else if (parsed.error === undefined) expect(parsed.ok).toBe(false);
                else {
                  expect(typeof parsed.error.code).toBe('string');
                  expect(String(parsed.error.message).length).toBeGreaterThan(5);
                }
              }
            }
          }),
          { numRuns: takesInput ? RUNS_PER_ROUTE : RUNS_PER_QUERY_ONLY_ROUTE, endOnFailure: true },
        );
      } finally {
        errorLog.stop();
      }
      // Routes that take ids or a body must have refused some of it (the attack reached their checks);
      // lists and exports read their few query parameters leniently (unknown values fall back to defaults).
      if (takesInput) expect(refused, 'no hostile request was refused: the attack did not reach the checks').toBeGreaterThan(0);
    });
  }
});

describe('stored HTML is data, not markup', () => {
  it('a patient named <img src=x onerror=alert(1)> is stored and served verbatim as JSON', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const nurse = world.users.nurse;
    const id = createPatient(nurse, { mrn: `XSS-${world.fx.unique()}`, familyName: payload, givenName: `"><script>alert(2)</script>`, birthDate: '1970-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
    const entry = ROUTES.find((r) => r.file === 'app/api/v1/patients/[id]/route.ts' && r.method === 'GET');
    if (!entry) throw new Error('route missing');
    const res = await callRoute(entry, { path: `/api/v1/patients/${id}`, params: { id: String(id) } }, { kind: 'bearer', caller: world.callers.reviewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { familyName: string; givenName: string };
    expect(body.familyName).toBe(payload);
    expect(body.givenName).toBe('"><script>alert(2)</script>');
  });
});
