import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainReadEvents } from '@/lib/dal/read-audit';
import { GET as listRoute } from '@/app/api/v1/patients/route';
import { GET as patientRoute } from '@/app/api/v1/patients/[id]/route';
import { GET as timelineRoute } from '@/app/api/v1/patients/[id]/timeline/route';
import { POST as labRoute } from '@/app/api/v1/patients/[id]/lab-results/route';
import { GET as openapiRoute } from '@/app/api/v1/openapi.json/route';
import { getDb } from '@/db/client';
import { createApiToken, listApiTokens, revokeApiToken } from '@/lib/dal/api-tokens';
import { createPatient } from '@/lib/dal/patients';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import type { Actor } from '@/lib/dal/actor';
import { makeActor } from '../setup/actors';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const BASE = 'http://127.0.0.1:3000/api/v1';
const today = clinicToday();

function req(path: string, token: string | null, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
  return new NextRequest(`${BASE}${path}`, { method: init.method ?? 'GET', body: init.body, headers });
}
const params = (id: string | number) => ({ params: Promise.resolve({ id: String(id) }) });

describe('REST API v1 with API tokens', () => {
  let db: ReturnType<typeof useTempDatabase>;
  let admin: Actor;
  let nurseToken: string;
  let reviewerToken: string;
  let patientId: number;
  let otherPatientId: number;

  beforeAll(async () => {
    db = useTempDatabase();
    admin = await makeActor('admin');
    const physician = await makeActor('physician');
    nurseToken = createApiToken(admin, { name: 'Lab interface', role: 'nurse' }).token;
    reviewerToken = createApiToken(admin, { name: 'Research export', role: 'reviewer' }).token;
    patientId = createPatient(physician, { mrn: 'API-1', familyName: 'Api', givenName: 'Ann', birthDate: '1970-05-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
    otherPatientId = createPatient(physician, { mrn: 'API-2', familyName: 'Other', givenName: 'Olga', birthDate: '1980-01-01', sex: 'female', diagnosisGroup: 'imnm' }).id;
  });
  afterAll(() => db.dispose());

  it('lists and searches patients with a token; refuses a missing or unknown token with 401 JSON', async () => {
    const ok = await listRoute(req('/patients?q=ann', nurseToken));
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.total).toBe(1);
    expect(body.patients[0].mrn).toBe('API-1');
    expect(ok.headers.get('cache-control')).toContain('no-store');
    const bad = await listRoute(req('/patients', 'tl_not-a-real-token'));
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('unauthorized');
    const malformed = await listRoute(req('/patients', null, { headers: { authorization: 'Basic abc' } }));
    expect(malformed.status).toBe(401);
  });

  it('returns 404 for an unknown patient and 422 for a non-numeric id', async () => {
    expect((await patientRoute(req('/patients/999999', nurseToken), params(999999))).status).toBe(404);
    expect((await patientRoute(req('/patients/abc', nurseToken), params('abc'))).status).toBe(422);
  });

  it('posts a CK result with a nurse token (201), audited under the token name', async () => {
    const res = await labRoute(req(`/patients/${patientId}/lab-results`, nurseToken, { method: 'POST', body: JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: addDays(today, -3), value: 950, unit: 'U/L', upperLimit: 200, accession: 'LIS-1' }) }), params(patientId));
    expect(res.status).toBe(201);
    const row = await res.json();
    expect(row.valueUL).toBe(950);
    const timeline = await (await timelineRoute(req(`/patients/${patientId}/timeline`, nurseToken), params(patientId))).json();
    expect(timeline.enzymeResults).toHaveLength(1);
    expect(timeline.enzymeResults[0].flag).toBe('high');
    expect(timeline.enzymeResults[0].rangeSource).toBe('lab');
  });

  it('answers 409 for a duplicate, 422 with fields for bad input, 403 for a read-only token, 413 for a huge body: nothing written', async () => {
    // Earlier reads wait in the read journal: chained now, so the counts below show only this test's writes.
    while (drainReadEvents({ wait: true }) > 0);
    const before = tableCounts();
    const post = (token: string, body: string, id = patientId) => labRoute(req(`/patients/${id}/lab-results`, token, { method: 'POST', body }), params(id));
    const dup = await post(nurseToken, JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: addDays(today, -3), value: 950, unit: 'U/L', upperLimit: 200 }));
    expect(dup.status).toBe(409);
    const future = await post(nurseToken, JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: addDays(today, 5), value: 100, unit: 'U/L' }));
    expect(future.status).toBe(422);
    expect((await future.json()).error.fields.collectedOn[0]).toContain('cannot be after');
    const negative = await post(nurseToken, JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: today, value: -5, unit: 'U/L' }));
    expect(negative.status).toBe(422);
    const kind = await post(nurseToken, JSON.stringify({ kind: 'sodium', value: 140 }));
    expect((await kind.json()).error.fields.kind).toBeDefined();
    expect((await post(nurseToken, '{not json')).status).toBe(422);
    expect((await post(nurseToken, '[1,2]')).status).toBe(422);
    expect((await post(reviewerToken, JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: today, value: 100, unit: 'U/L' }))).status).toBe(403);
    expect((await post(nurseToken, JSON.stringify({ kind: 'enzyme', pad: 'x'.repeat(70_000) }))).status).toBe(413);
    expect((await post(nurseToken, JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: today, value: 100, unit: 'U/L' }), 424242)).status).toBe(404);
    const wrongType = await labRoute(req(`/patients/${patientId}/lab-results`, nurseToken, { method: 'POST', body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), params(patientId));
    expect(wrongType.status).toBe(422);
    // The read-only token's 403 is recorded as a refused attempt (issue 20, item 8); nothing else is written.
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 1 });
    const last = getDb().$client.prepare('SELECT action, user_email, after_json FROM audit_events ORDER BY id DESC LIMIT 1').get() as { action: string; user_email: string; after_json: string };
    expect(last).toMatchObject({ action: 'security.refused', user_email: 'token:Research export' });
    expect(JSON.parse(last.after_json)).toMatchObject({ permission: 'lab:write', via: 'route' });
  });

  it('a revoked token stops working at once; last use is recorded', async () => {
    const { token, record } = createApiToken(admin, { name: 'Temporary', role: 'nurse' });
    expect((await listRoute(req('/patients', token))).status).toBe(200);
    expect(listApiTokens(admin).find((t) => t.id === record.id)?.lastUsedAt).not.toBeNull();
    revokeApiToken(admin, record.id);
    expect((await listRoute(req('/patients', token))).status).toBe(401);
    expect(() => revokeApiToken(admin, record.id)).toThrow(/already revoked/);
  });

  it('only admins manage tokens; names are validated; the secret is never listed', async () => {
    const nurse = await makeActor('nurse');
    expect(() => createApiToken(nurse, { name: 'x', role: 'nurse' })).toThrow(/role does not allow/);
    expect(() => createApiToken(admin, { name: 'x', role: 'nurse' })).toThrow(/at least 2 characters/);
    expect(() => createApiToken(admin, { name: 'Fine', role: 'root' })).toThrow(/Role must be one of/);
    expect(JSON.stringify(listApiTokens(admin))).not.toContain(nurseToken);
    expect(JSON.stringify(listApiTokens(admin))).not.toContain('tokenHash');
  });

  it('the timeline of another patient is readable only by id, and the OpenAPI document describes every route', async () => {
    const other = await timelineRoute(req(`/patients/${otherPatientId}/timeline`, reviewerToken), params(otherPatientId));
    expect(other.status).toBe(200);
    const doc = await (await openapiRoute()).json();
    expect(Object.keys(doc.paths)).toEqual(['/patients', '/patients/{id}', '/patients/{id}/timeline', '/patients/{id}/lab-results', '/assays']);
  });
});
