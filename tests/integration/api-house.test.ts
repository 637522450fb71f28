/**
 * The REST API's house rules (issue 23): GET /assays lists what an anti-Mi2 result can
 * name; unknown paths answer JSON 404 and unserved methods 405 with Allow; a 401 names
 * the Bearer scheme; a list query outside its documented range is a 422 saying what is
 * allowed (never a silent default); a patient and a stored result leave the server
 * mapped field by field, without internal columns. Real SQLite file, real handlers.
 */
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as assaysRoute } from '@/app/api/v1/assays/route';
import { GET as otherRoute } from '@/app/api/v1/[...path]/route';
import { GET as listRoute } from '@/app/api/v1/patients/route';
import { GET as patientRoute } from '@/app/api/v1/patients/[id]/route';
import { GET as timelineRoute } from '@/app/api/v1/patients/[id]/timeline/route';
import { POST as labRoute } from '@/app/api/v1/patients/[id]/lab-results/route';
import { assayOut } from '@/lib/api/schemas/assays';
import { antibodyResultOut } from '@/lib/api/schemas/lab-results';
import { patientOut } from '@/lib/api/schemas/patients';
import { createApiToken } from '@/lib/dal/api-tokens';
import { listAssays, setAssayActive } from '@/lib/dal/assays';
import { createPatient } from '@/lib/dal/patients';
import { drainReadEvents } from '@/lib/dal/read-audit';
import { clinicToday } from '@/lib/clinic-time';
import { addDays } from '@/lib/domain/dates';
import { makeActor } from '../setup/actors';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { REFUSALS } from '../security/registry-refusals';

const BASE = 'http://127.0.0.1:3000';
/** `token` is sent as a Bearer token; `authorization` overrides the whole header (a session-less call needs one: no cookies here). */
const req = (path: string, token: string | null, init: { method?: string; body?: string; authorization?: string } = {}) =>
  new NextRequest(`${BASE}${path}`, {
    method: init.method ?? 'GET', body: init.body,
    headers: { authorization: init.authorization ?? `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });
const INTERNAL = ['searchText', 'createdBy', 'version', 'createdAt', 'physicianId', 'enteredInError', 'errorReason', 'givenNamesJson'];

describe('REST API house rules', () => {
  let db: ReturnType<typeof useTempDatabase>;
  let token: string;
  let patientId: number;
  let retiredAssayId: number;

  beforeAll(async () => {
    db = useTempDatabase();
    const admin = await makeActor('admin');
    const physician = await makeActor('physician');
    token = createApiToken(admin, { name: 'Lab interface', role: 'nurse' }).token;
    patientId = createPatient(physician, { mrn: 'HOUSE-1', familyName: 'Haus', givenName: 'Hanna', birthDate: '1971-02-03', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
    retiredAssayId = listAssays(admin)[0]!.id;
    setAssayActive(admin, retiredAssayId, false);
  });
  afterAll(() => db.dispose());

  it('lists the active assays with their unit and cut-offs, and not a retired one', async () => {
    const res = await assaysRoute(req('/api/v1/assays', token));
    expect(res.status).toBe(200);
    const { assays } = (await res.json()) as { assays: unknown[] };
    expect(assays.length).toBeGreaterThan(0);
    for (const a of assays) expect(() => assayOut.strict().parse(a)).not.toThrow();
    const ids = assays.map((a) => (a as { id: number }).id);
    expect(ids).not.toContain(retiredAssayId);
    expect(Object.keys(assays[0] as object)).not.toContain('createdAt');
  });

  it('answers 401 with WWW-Authenticate: Bearer without a token or with an unknown one', async () => {
    for (const authorization of ['Basic abc', 'Bearer tl_unknown', 'Bearer']) {
      const res = await assaysRoute(req('/api/v1/assays', null, { authorization }));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('answers an unknown /api/v1 path with a JSON 404, whatever the method', async () => {
    const res = await otherRoute();
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await res.json()).error.message).toContain('/api/v1/openapi.json');
    const post = REFUSALS.filter((r) => r.okStatus === 404);
    expect(post.map((r) => r.method).sort()).toEqual(['DELETE', 'PATCH', 'POST', 'PUT']);
  });

  it('answers every method a path does not serve with 405, JSON and the Allow header', async () => {
    expect(REFUSALS.filter((r) => r.okStatus === 405)).toHaveLength(20);
    for (const r of REFUSALS) {
      const res = await r.handler(req(r.request({} as never).path, token, { method: r.method }), { params: Promise.resolve({}) });
      expect(res.status, `${r.method} ${r.file}`).toBe(r.okStatus);
      const body = await res.json();
      expect(body.error.code).toBe(r.okStatus === 405 ? 'method-not-allowed' : 'not-found');
      if (r.allow) expect(res.headers.get('allow'), `${r.method} ${r.file}`).toBe(r.allow);
    }
  });

  it('refuses list queries outside the documented ranges with 422 saying what is allowed, writing nothing', async () => {
    while (drainReadEvents({ wait: true }) > 0);
    const before = tableCounts();
    const cases: [string, RegExp][] = [
      ['page=0', /page must be a whole number from 1 to 100000/],
      ['page=abc', /page must be a whole number/],
      ['page=2.5', /page must be a whole number/],
      ['page=100001', /page must be a whole number/],
      ['sort=bogus', /sort must be one of: name, mrn, birth, updated/],
      [`q=${'a'.repeat(150)}`, /at most 100 characters/],
      ['limit=10', /accepts q, sort and page/],
    ];
    for (const [query, message] of cases) {
      const res = await listRoute(req(`/api/v1/patients?${query}`, token));
      expect(res.status, query).toBe(422);
      expect((await res.json()).error.message, query).toMatch(message);
    }
    expect(tableCounts()).toEqual(before);
    const ok = await listRoute(req(`/api/v1/patients?q=${'a'.repeat(100)}&sort=mrn&page=1`, token));
    expect(ok.status).toBe(200);
  });

  it('shows a patient without internal columns, in the patient view and in the timeline', async () => {
    const res = await patientRoute(req(`/api/v1/patients/${patientId}`, token), params(patientId));
    expect(res.status).toBe(200);
    const patient = await res.json();
    expect(Object.keys(patient).sort()).toEqual(Object.keys(patientOut.shape).sort());
    for (const k of INTERNAL) expect(patient).not.toHaveProperty(k);
    expect(patient.mrn).toBe('HOUSE-1');
    const timeline = await (await timelineRoute(req(`/api/v1/patients/${patientId}/timeline`, token), params(patientId))).json();
    expect(timeline.patient).toEqual(patient);
  });

  it('answers a stored result without internal columns, and refuses a body of the wrong structure with 422, writing nothing', async () => {
    const { assays } = (await (await assaysRoute(req('/api/v1/assays', token))).json()) as { assays: { id: number; qualitativeOnly: boolean }[] };
    const assayId = assays.find((a) => !a.qualitativeOnly)!.id;
    const good = { kind: 'antibody', assayId, collectedOn: addDays(clinicToday(), -2), value: 45 };
    const res = await labRoute(req(`/api/v1/patients/${patientId}/lab-results`, token, { method: 'POST', body: JSON.stringify(good) }), params(patientId));
    const row = await res.json();
    expect(res.status, JSON.stringify(row)).toBe(201);
    expect(() => antibodyResultOut.strict().parse(row)).not.toThrow();
    for (const k of INTERNAL) expect(row).not.toHaveProperty(k);
    while (drainReadEvents({ wait: true }) > 0);
    const before = tableCounts();
    for (const bad of [{ ...good, assayId: [assayId] }, { ...good, collectedOn: 20240101 }, { ...good, allowDuplicate: 'yes' }, { ...good, accession: 'x'.repeat(65) }]) {
      const r = await labRoute(req(`/api/v1/patients/${patientId}/lab-results`, token, { method: 'POST', body: JSON.stringify(bad) }), params(patientId));
      expect(r.status, JSON.stringify(bad)).toBe(422);
      expect((await r.json()).error.message, JSON.stringify(bad)).toMatch(/must be|must have|Collection date/);
    }
    expect(tableCounts()).toEqual(before);
  });
});
