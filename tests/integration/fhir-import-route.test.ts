/**
 * POST /api/fhir?_dryRun=true (issue 18, item 5): the route handler called as Next
 * calls it. A dry run answers the full report (200 when the Bundle would import, 422
 * when not, with the codes to map) and writes nothing; roles and tokens as for an import.
 */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { createApiToken } from '@/lib/dal/api-tokens';
import { makeActor } from '../setup/actors';
import { daysAgo, newPatient } from '../setup/dal-helpers';
import { hospitalLabBundle } from '../setup/hospital-bundle';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/dal/session', () => ({ currentActor: async () => session.actor }));
const { POST } = await import('@/app/api/fhir/route');

let nurse: Actor, reviewer: Actor;
const ck = (mrn: string) => JSON.stringify({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] },
  subject: { identifier: { system: 'urn:titerline:mrn', value: mrn } }, effectiveDateTime: daysAgo(3), valueQuantity: { value: 250, unit: 'U/L' },
});
const post = (query: string, body: string, headers: Record<string, string> = { origin: 'http://localhost' }) =>
  POST(new NextRequest(`http://localhost/api/fhir${query}`, { method: 'POST', body, headers: { 'content-type': 'application/fhir+json', ...headers } }));

beforeAll(async () => {
  useTempDatabase();
  [nurse, reviewer] = await Promise.all([makeActor('nurse'), makeActor('reviewer')]);
  newPatient(nurse, { mrn: 'DRY-1' });
});

describe('POST /api/fhir?_dryRun=true', () => {
  it('answers what a hospital Bundle would do and the codes to map, with 422, writing nothing', async () => {
    session.actor = nurse;
    const before = tableCounts();
    const res = await post('?_dryRun=true', JSON.stringify(hospitalLabBundle(daysAgo(8))));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { ok: boolean; dryRun: boolean; mappings: { best: string }[]; counts: { patientsCreated: number } };
    expect(body).toMatchObject({ ok: false, dryRun: true, counts: { patientsCreated: 1 } });
    expect(body.mappings.map((m) => m.best)).toEqual(['assay:2', 'drug:mycophenolate-mofetil']);
    expect(tableCounts()).toEqual(before);
  });

  it('answers 200 for a single resource that would import, by API token too, and writes nothing', async () => {
    session.actor = null;
    const admin = await makeActor('admin');
    const { token } = createApiToken(admin, { name: 'Lab feed', role: 'nurse' });
    const before = tableCounts();
    const res = await post('?_dryRun=true', ck('DRY-1'), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, dryRun: true, counts: { enzymeResults: 1 } });
    expect(tableCounts()).toEqual(before);
  });

  it.each([
    ['an unknown _dryRun value', 'nurse', '?_dryRun=yes', 400],
    ['a reviewer', 'reviewer', '?_dryRun=true', 403],
    ['no session', null, '?_dryRun=true', 401],
  ] as const)('refuses %s, writing nothing', async (_name, role, query, status) => {
    session.actor = role === null ? null : role === 'nurse' ? nurse : reviewer;
    const before = tableCounts();
    const res = await post(query, ck('DRY-1'));
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
    // A refusal for want of a permission writes its own record (a security.refused event), nothing else.
    const refused = status === 403 ? 1 : 0;
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + refused });
  });
});
