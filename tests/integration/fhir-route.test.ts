/**
 * The FHIR route handlers called as Next calls them (a Request and the route
 * params), with the session cookie's user replaced by a chosen actor: status codes,
 * errors (OperationOutcome for the read API, JSON for the import), no-store caching,
 * content types, the `$everything` segment.
 */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { createApiToken } from '@/lib/dal/api-tokens';
import { makeActor } from '../setup/actors';
import { newPatient, sqlite } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
// The session cookie's user; lib/api/http.ts apiActor still does the permission and Origin checks.
vi.mock('@/lib/dal/session', () => ({ currentActor: async () => session.actor }));

const { GET } = await import('@/app/api/fhir/Patient/[id]/[op]/route');
const { POST } = await import('@/app/api/fhir/route');

let physician: Actor, nurse: Actor, reviewer: Actor;
let patientId: number;

const get = (id: string, op = '$everything') =>
  GET(new NextRequest(`http://localhost/api/fhir/Patient/${id}/${op}`), { params: Promise.resolve({ id, op }) });
const post = (body: string, type = 'application/fhir+json', headers: Record<string, string> = {}) =>
  POST(new NextRequest('http://localhost/api/fhir', { method: 'POST', body, headers: { 'content-type': type, origin: 'http://localhost', ...headers } }));

beforeAll(async () => {
  useTempDatabase();
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  patientId = newPatient(physician, { mrn: 'ROUTE-1' });
});

describe('GET /api/fhir/Patient/{id}/$everything', () => {
  it('answers a searchset Bundle as application/fhir+json, never cached, as a download named by MRN', async () => {
    session.actor = physician;
    for (const op of ['$everything', '%24everything', 'everything']) {
      const res = await get(String(patientId), op);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/fhir+json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-disposition')).toContain('titerline-ROUTE-1-fhir.json');
      const body = (await res.json()) as { resourceType: string; type: string; entry: { fullUrl: string }[] };
      expect(body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      expect(body.entry[0]?.fullUrl).toMatch(/\/api\/fhir\/Patient\/\d+$/);
    }
  });

  it.each([
    ['no session', null, String(1), '$everything', 401, 'login'],
    ['a nurse', 'nurse', 'self', '$everything', 403, 'forbidden'],
    ['a reviewer (de-identified exports only)', 'reviewer', 'self', '$everything', 403, 'forbidden'],
    ['an unknown operation', 'physician', 'self', '$validate', 404, 'not-found'],
    ['a non-numeric id', 'physician', 'abc', '$everything', 404, 'not-found'],
    ['an unknown patient', 'physician', '999999', '$everything', 404, 'not-found'],
  ] as const)('refuses %s with an OperationOutcome', async (_name, role, id, op, status, code) => {
    session.actor = role === null ? null : role === 'nurse' ? nurse : role === 'reviewer' ? reviewer : physician;
    const res = await get(id === 'self' ? String(patientId) : id, op);
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const body = (await res.json()) as { resourceType: string; issue: { code: string; details: { text: string } }[] };
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0]?.code).toBe(code);
    expect(body.issue[0]?.details.text.length).toBeGreaterThan(5);
  });

  it('answers an API token that may export identified data, without a session', async () => {
    session.actor = null;
    const admin = await makeActor('admin');
    const { token } = createApiToken(admin, { name: 'Registry feed', role: 'physician' });
    const res = await GET(new NextRequest(`http://localhost/api/fhir/Patient/${patientId}/$everything`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: String(patientId), op: '$everything' }) });
    expect(res.status).toBe(200);
  });

  it('does not find a patient entered in error', async () => {
    session.actor = physician;
    const gone = newPatient(physician);
    sqlite().prepare('UPDATE patients SET entered_in_error = 1 WHERE id = ?').run(gone);
    expect((await get(String(gone))).status).toBe(404);
  });
});

describe('POST /api/fhir', () => {
  const bundle = JSON.stringify({
    resourceType: 'Bundle', type: 'collection',
    entry: [{ resource: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] },
      subject: { identifier: { system: 'urn:titerline:mrn', value: 'ROUTE-1' } }, effectiveDateTime: '2024-01-10', valueQuantity: { value: 250, unit: 'U/L' } } }],
  });

  it('imports with 200 and the report; refuses bad content with 422 and writes nothing; a re-send is a no-op', async () => {
    session.actor = nurse;
    const ok = await post(bundle);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, counts: { enzymeResults: 1 } });
    const before = tableCounts();
    const bad = await post('{ not json');
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { lines: { message: string }[] }).lines[0]?.message).toMatch(/^Not JSON/);
    const again = await post(bundle); // the same CK again: already present
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, counts: { enzymeResults: 0, alreadyPresent: 1 } });
    expect(tableCounts()).toEqual(before);
  });

  it.each([
    ['no session', null, 'application/fhir+json', {}, 401],
    ['a reviewer', 'reviewer', 'application/fhir+json', {}, 403],
    ['a form post', 'nurse', 'application/x-www-form-urlencoded', {}, 415],
    ['a cross-site request', 'nurse', 'application/json', { origin: 'https://evil.example' }, 403],
  ] as const)('refuses %s', async (_name, role, type, headers, status) => {
    session.actor = role === null ? null : role === 'nurse' ? nurse : reviewer;
    const before = tableCounts();
    const res = await post(bundle, type, headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    // A role refusal writes its own record, a security.refused audit event (issue 20, item 8), and nothing else.
    const recorded = role === 'reviewer' ? 1 : 0;
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + recorded });
  });
});
