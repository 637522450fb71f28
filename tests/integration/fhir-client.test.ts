/**
 * Titerline's FHIR R4 API as a standard client uses it: fhir-kit-client over HTTP
 * (tests/setup/fhir-server.ts puts the real route handlers behind a real socket),
 * with bearer API tokens. Covers the CapabilityStatement (and that it tells the
 * truth), reads, searches, paging links, $everything with _since and _type, every
 * fullUrl resolving with a read, an import through POST [base], errors as
 * OperationOutcome, strict/lenient handling, roles, and one audit event per request.
 * Every answer is validated with Medplum's R4 validator.
 */
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { createApiToken, revokeApiToken } from '@/lib/dal/api-tokens';
import { markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { startMedication } from '@/lib/dal/medications';
import { recordVisit } from '@/lib/dal/visits';
import type { Bundle, ExportResource, Observation, OperationOutcome, Patient } from '@/lib/domain/fhir/types';
import { makeActor } from '../setup/actors';
import { abForm, auditRows, ckForm, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { startFhirServer, type FhirTestServer } from '../setup/fhir-server';
import { loadValidator } from '../setup/fhir-validator';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

// No session cookie ever reaches this server: callers are bearer tokens or anonymous.
vi.mock('@/lib/dal/session', () => ({ currentActor: async () => null }));

let db: ReturnType<typeof useTempDatabase>;
let server: FhirTestServer;
let validate: (resource: unknown) => string[];
let physician: Actor, nurse: Actor, admin: Actor;
const tokens: Record<'physician' | 'nurse' | 'reviewer', string> = { physician: '', nurse: '', reviewer: '' };
let patientId: number;
let otherId: number;
const MRN = 'KIT-0042';

const client = (role: keyof typeof tokens | null, headers: Record<string, string> = {}) =>
  new Client({ baseUrl: server.base, customHeaders: headers, ...(role ? { bearerToken: tokens[role] } : {}) });
const asBundle = (r: unknown) => r as Bundle;
const matches = (b: Bundle) => (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource as ExportResource);
const valid = (r: unknown) => expect(validate(r), JSON.stringify(r).slice(0, 300)).toEqual([]);

/** The HTTP failure a fhir-kit-client call ended in. */
async function failure(call: Promise<unknown>): Promise<{ status: number; data: OperationOutcome; type: string }> {
  try {
    await call;
  } catch (e) {
    const err = e as { response?: { status: number; data: OperationOutcome }; config?: { headers?: Headers } };
    if (!err.response) throw e;
    return { status: err.response.status, data: err.response.data, type: err.config?.headers?.get('content-type') ?? '' };
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  db = useTempDatabase();
  validate = await loadValidator();
  server = await startFhirServer();
  process.env.TITERLINE_BASE_URL = server.base.replace(/\/api\/fhir$/, '');
  [physician, nurse, admin] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('admin')]);
  for (const role of ['physician', 'nurse', 'reviewer'] as const) tokens[role] = createApiToken(admin, { name: `Client ${role}`, role }).token;
  patientId = newPatient(physician, { mrn: MRN, familyName: 'Kit', givenName: 'Client' });
  otherId = newPatient(physician, { mrn: 'KIT-OTHER' });
  for (let i = 0; i < 12; i++) recordEnzymeResult(nurse, patientId, ckForm(daysAgo(400 - i * 30), 200 + i * 50, { upperLimit: '190' }));
  recordEnzymeResult(nurse, otherId, ckForm(daysAgo(10), 999, { upperLimit: '190' }));
  recordAntibodyResult(nurse, patientId, abForm(daysAgo(100), 40));
  const wrong = recordAntibodyResult(nurse, patientId, abForm(daysAgo(90), 70));
  markAntibodyResultInError(nurse, patientId, wrong.id, 'Transcription error on entry');
  recordVisit(physician, patientId, { visitOn: daysAgo(95), physicianGlobal: '4', haq: '0.5' });
  startMedication(physician, patientId, { drug: 'methotrexate', dose: '15', doseUnit: 'mg', route: 'sc', frequency: 'weekly', startOn: daysAgo(200), startReason: 'started' });
  startMedication(physician, patientId, { drug: 'prednisone', dose: '10', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: daysAgo(150), startReason: 'started' });
}, 120_000);

afterAll(async () => {
  delete process.env.TITERLINE_BASE_URL;
  await server.close();
  db.dispose();
});

describe('metadata', () => {
  it('is a valid R4 CapabilityStatement that declares reads, searches and $everything, without a token', async () => {
    const cs = (await client(null).capabilityStatement()) as unknown as Record<string, unknown> & { rest: { resource: { type: string; interaction: { code: string }[]; searchParam: { name: string }[] }[] }[] };
    valid(cs);
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    const byType = Object.fromEntries(cs.rest[0]!.resource.map((r) => [r.type, r]));
    expect(Object.keys(byType).sort()).toEqual(['MedicationStatement', 'Observation', 'Patient']);
    for (const r of Object.values(byType)) expect(r.interaction.map((i) => i.code)).toEqual(['read', 'search-type']);
    expect(byType.Observation?.searchParam.map((p) => p.name)).toEqual(['patient', 'subject', 'code', 'date', 'category']);
  });

  it('tells the truth: every declared search parameter is accepted under strict handling, an undeclared one is refused', async () => {
    const cs = (await client(null).capabilityStatement()) as unknown as { rest: { resource: { type: string; searchParam: { name: string }[] }[] }[] };
    const sample: Record<string, string> = {
      patient: `Patient/${patientId}`, subject: `Patient/${patientId}`, code: 'http://loinc.org|2157-6', date: 'ge2000-01-01', category: 'laboratory',
      identifier: `urn:titerline:mrn|${MRN}`, _id: String(patientId), status: 'active',
    };
    const strict = client('reviewer', { prefer: 'handling=strict' });
    for (const r of cs.rest[0]!.resource) {
      for (const p of r.searchParam) {
        const needsPatient: Record<string, string> = r.type !== 'Patient' && p.name !== 'patient' && p.name !== 'subject' ? { patient: String(patientId) } : {};
        const b = asBundle(await strict.search({ resourceType: r.type, searchParams: { ...needsPatient, [p.name]: sample[p.name] ?? '' } }));
        expect(b.total, `${r.type}?${p.name}`).toBeGreaterThan(0);
      }
    }
    const refused = await failure(strict.search({ resourceType: 'Observation', searchParams: { patient: String(patientId), 'value-quantity': 'gt5' } }));
    expect(refused.status).toBe(400);
    expect(refused.data.issue[0]?.code).toBe('not-supported');
  });
});

describe('reads and searches', () => {
  it('finds the patient by MRN and reads it back', async () => {
    const found = asBundle(await client('nurse').search({ resourceType: 'Patient', searchParams: { identifier: `urn:titerline:mrn|${MRN.toLowerCase()}` } }));
    valid(found);
    expect(found).toMatchObject({ type: 'searchset', total: 1 });
    const p = matches(found)[0] as Patient;
    expect(p.identifier?.[0]?.value).toBe(MRN);
    const read = (await client('nurse').read({ resourceType: 'Patient', id: String(patientId) })) as Patient;
    expect(read).toEqual(p);
    expect(read.meta?.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const none = asBundle(await client('nurse').search({ resourceType: 'Patient', searchParams: { identifier: 'http://hospital.example/mrn|KIT-0042' } }));
    expect(none.total).toBe(0);
  });

  it('pages an Observation search by date with next/previous links, and the pages add up to the whole', async () => {
    const c = client('reviewer');
    const params = { patient: `Patient/${patientId}`, code: 'http://loinc.org|2157-6', date: `ge${daysAgo(400)}`, _sort: 'date', _count: 5 };
    let page = asBundle(await c.search({ resourceType: 'Observation', searchParams: params }));
    valid(page);
    expect(page.total).toBe(12);
    const seen: Observation[] = [];
    for (;;) {
      seen.push(...(matches(page) as Observation[]));
      const next = await c.nextPage({ bundle: page as never });
      if (!next) break;
      page = asBundle(next);
    }
    expect(seen).toHaveLength(12);
    const dates = seen.map((o) => o.effectiveDateTime ?? '');
    expect(dates).toEqual([...dates].sort());
    expect(new Set(seen.map((o) => o.id)).size).toBe(12);
    const back = asBundle(await c.prevPage({ bundle: page as never }));
    expect(matches(back).map((o) => o.id)).toEqual(seen.slice(5, 10).map((o) => o.id));
    const newest = asBundle(await c.search({ resourceType: 'Observation', searchParams: { ...params, _sort: '-date', _count: 1 } }));
    expect((matches(newest)[0] as Observation).id).toBe(seen.at(-1)?.id);
    const window = asBundle(await c.search({ resourceType: 'Observation', searchParams: { patient: String(patientId), code: 'ck', date: [`ge${daysAgo(100)}`, `le${daysAgo(40)}`] } }));
    expect(matches(window).map((o) => (o as Observation).effectiveDateTime)).toEqual([daysAgo(100), daysAgo(70)]);
  });

  it('searches MedicationStatements: RxNorm or ATC codes where verified, Timing.repeat for "weekly" and "daily"', async () => {
    const b = asBundle(await client('reviewer').search({ resourceType: 'MedicationStatement', searchParams: { patient: String(patientId) } }));
    valid(b);
    const meds = matches(b) as { medicationCodeableConcept: { coding: { system: string; code: string }[] }; dosage: { timing: { repeat?: unknown } }[] }[];
    expect(meds).toHaveLength(2);
    const systems = meds.flatMap((m) => m.medicationCodeableConcept.coding.map((c) => `${c.system}|${c.code}`));
    expect(systems).toContain('http://www.whocc.no/atc|L01BA01');
    expect(systems).toContain('http://www.nlm.nih.gov/research/umls/rxnorm|8640');
    expect(meds.map((m) => m.dosage[0]?.timing.repeat)).toEqual([{ frequency: 1, period: 1, periodUnit: 'wk' }, { frequency: 1, period: 1, periodUnit: 'd' }]);
  });
});

describe('$everything', () => {
  it('is a valid searchset in which every fullUrl resolves with a read to the same resource', async () => {
    const all = asBundle(await client('physician').operation({ name: '$everything', resourceType: 'Patient', id: String(patientId), method: 'GET' }));
    valid(all);
    expect(all.type).toBe('searchset');
    expect(all.total).toBe(all.entry?.length);
    for (const e of all.entry ?? []) {
      expect(e.fullUrl?.startsWith(server.base)).toBe(true);
      expect(await client('nurse').request(e.fullUrl ?? '')).toEqual(e.resource);
    }
    const observations = matches(all).filter((r): r is Observation => r.resourceType === 'Observation');
    const loinc = observations.flatMap((o) => (o.code.coding ?? []).filter((c) => c.system === 'http://loinc.org'));
    expect(loinc.length).toBeGreaterThan(10);
    for (const c of loinc) expect(c.display).not.toMatch(/verify|docs\//);
  });

  it('honours _type and _since: only what changed, and the retraction of a result', async () => {
    const c = client('physician');
    const meds = asBundle(await c.operation({ name: '$everything', resourceType: 'Patient', id: String(patientId), method: 'GET', input: { _type: 'MedicationStatement' } }));
    expect(matches(meds).map((r) => r.resourceType)).toEqual(['MedicationStatement', 'MedicationStatement']);
    const since = new Date(Date.now() - 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const late = recordEnzymeResult(nurse, patientId, ckForm(daysAgo(2), 180, { upperLimit: '190' }));
    const gone = recordAntibodyResult(nurse, patientId, abForm(daysAgo(3), 12));
    markAntibodyResultInError(nurse, patientId, gone.id, 'Wrong patient');
    const changed = asBundle(await c.operation({ name: '$everything', resourceType: 'Patient', id: String(patientId), method: 'GET', input: { _since: since } }));
    valid(changed);
    const byId = new Map(matches(changed).map((r) => [r.id, r as Observation]));
    expect(byId.get(`enz-${late.id}`)?.status).toBe('final');
    expect(byId.get(`ab-${gone.id}`)?.status).toBe('entered-in-error');
    expect(byId.has('1')).toBe(false); // the Patient did not change
    expect([...byId.values()].every((r) => (r.meta?.lastUpdated ?? '') >= since)).toBe(true);
  });

  it('is for roles that may export identified data: a reviewer token gets 403 as an OperationOutcome', async () => {
    const refused = await failure(client('reviewer').operation({ name: '$everything', resourceType: 'Patient', id: String(patientId), method: 'GET' }));
    expect(refused.status).toBe(403);
    expect(refused.type).toContain('application/fhir+json');
    valid(refused.data);
  });
});

describe('import through POST [base], errors, handling, audit', () => {
  it('imports a Bundle posted by the client with a nurse token; the result is then found by search', async () => {
    const bundle = {
      resourceType: 'Bundle', type: 'collection',
      entry: [{ resource: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] }, subject: { identifier: { system: 'urn:titerline:mrn', value: 'KIT-OTHER' } }, effectiveDateTime: daysAgo(5), valueQuantity: { value: 432, unit: 'U/L' } } }],
    };
    const report = (await client('nurse').batch({ body: bundle })) as unknown as { ok: boolean };
    expect(report.ok).toBe(true);
    const found = asBundle(await client('nurse').search({ resourceType: 'Observation', searchParams: { patient: String(otherId), date: daysAgo(5) } }));
    expect((matches(found)[0] as Observation).valueQuantity?.value).toBe(432);
  });

  it('answers errors as OperationOutcome with application/fhir+json and the right status; refusals change nothing', async () => {
    const before = tableCounts();
    // Calls are made one at a time (a rejected promise left waiting would be reported as unhandled).
    const cases: [() => Promise<unknown>, number, string][] = [
      [() => client('nurse').read({ resourceType: 'Observation', id: 'ab-999999' }), 404, 'not-found'],
      [() => client('nurse').read({ resourceType: 'Observation', id: '<script>' }), 404, 'not-found'],
      [() => client(null).read({ resourceType: 'Patient', id: String(patientId) }), 401, 'login'],
      [() => new Client({ baseUrl: server.base, bearerToken: 'tl_not-a-token' }).read({ resourceType: 'Patient', id: String(patientId) }), 401, 'login'],
      [() => client('nurse').search({ resourceType: 'Observation', searchParams: { code: 'ck' } }), 400, 'invalid'],
      [() => client('nurse').search({ resourceType: 'Observation', searchParams: { patient: String(patientId), date: 'ge2024-13-01' } }), 400, 'invalid'],
      [() => client('nurse').search({ resourceType: 'Observation', searchParams: { patient: String(patientId), _count: 5000 } }), 400, 'invalid'],
      [() => client('nurse').read({ resourceType: 'Condition', id: '1' }), 404, 'not-found'],
      [() => client('nurse', { accept: 'application/fhir+xml' }).read({ resourceType: 'Patient', id: String(patientId) }), 406, 'not-supported'],
    ];
    for (const [call, status, code] of cases) {
      const f = await failure(call());
      expect(f.status).toBe(status);
      expect(f.type).toContain('application/fhir+json');
      expect(f.data.resourceType).toBe('OperationOutcome');
      expect(f.data.issue[0]?.code).toBe(code);
      expect(f.data.issue[0]?.details?.text?.length).toBeGreaterThan(10);
      valid(f.data);
    }
    expect(tableCounts()).toEqual(before);
  });

  it('a retracted result read by id says entered-in-error; a revoked token is refused at once', async () => {
    const ab = (sqlite().prepare('SELECT id FROM antibody_results WHERE patient_id = ? AND entered_in_error = 1 ORDER BY id LIMIT 1').get(patientId) as { id: number }).id;
    expect(((await client('nurse').read({ resourceType: 'Observation', id: `ab-${ab}` })) as unknown as Observation).status).toBe('entered-in-error');
    const { token, record } = createApiToken(admin, { name: 'Soon revoked', role: 'nurse' });
    const c = new Client({ baseUrl: server.base, bearerToken: token });
    await c.read({ resourceType: 'Patient', id: String(patientId) });
    revokeApiToken(admin, record.id);
    expect((await failure(c.read({ resourceType: 'Patient', id: String(patientId) }))).status).toBe(401);
  });

  it('lenient by default: an unknown parameter is ignored, named in an outcome entry and left out of the self link', async () => {
    const b = asBundle(await client('reviewer').search({ resourceType: 'Observation', searchParams: { patient: String(patientId), 'value-quantity': 'gt5', _count: 2 } }));
    valid(b);
    const outcome = b.entry?.find((e) => e.search?.mode === 'outcome')?.resource as OperationOutcome;
    expect(outcome.issue[0]).toMatchObject({ severity: 'warning', code: 'not-supported' });
    expect(outcome.issue[0]?.details?.text).toContain('value-quantity');
    expect(b.link?.find((l) => l.relation === 'self')?.url).not.toContain('value-quantity');
  });

  it('audits one event per request naming the resources read, like a page view', async () => {
    const before = auditRows().length;
    const page = asBundle(await client('reviewer').search({ resourceType: 'Observation', searchParams: { patient: String(patientId), code: 'ck', _count: 5 } }));
    await client('reviewer').read({ resourceType: 'Patient', id: String(patientId) });
    const events = auditRows().slice(before);
    expect(events.map((e) => e.action)).toEqual(['fhir.search', 'fhir.read']);
    expect(events.every((e) => e.patient_id === patientId && e.origin === 'api' && e.role === 'reviewer')).toBe(true);
    const named = JSON.parse(events[0]?.after_json ?? '{}') as { resources: { Observation: string[] }; total: number };
    expect(named.resources.Observation).toEqual(matches(page).map((r) => r.id));
    expect(named.total).toBe(page.total);
  });
});
