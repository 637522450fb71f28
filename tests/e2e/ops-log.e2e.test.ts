/**
 * Issue 23, logging and metrics against a real `next start`: every request the server
 * answers gives exactly one JSON line on stdout (method, route pattern, status,
 * duration, user or token id, request id) and no patient name, MRN, email or result
 * value; /api/metrics answers Prometheus text for the token and 401 without it; the
 * health endpoints answer as readiness and liveness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'next-auth/jwt';
import { getDb } from '@/db/client';
import { cliActor } from '@/lib/dal/actor';
import { authenticate } from '@/lib/dal/auth';
import { createApiToken } from '@/lib/dal/api-tokens';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { createUser } from '@/lib/dal/users';
import { ckForm, daysAgo, newPatient } from '../setup/dal-helpers';
import { parseExposition, sampleValue } from '../setup/prometheus';
import { startServer, type TestServer } from './server';

const SECRET = 'e2e-secret-not-for-production-0123456789';
const METRICS_TOKEN = 'metrics-token-for-the-e2e-test-0123456789';
const PASSWORD = 'a long physician passphrase';
const PHI = { mrn: 'MRN-LOGTEST-5521', familyName: 'Quartermaine', givenName: 'Zebedee', email: 'zoe.physician@clinic.test', ck: '7919' };

interface LogLine { msg?: string; level?: string; errorDigest?: string | null; err?: { type?: string }; requestId?: string; method?: string; route?: string; status?: number; durationMs?: number; userId?: number | null; apiTokenId?: number; pid?: number }

describe('request log, metrics and health on a production server', () => {
  let server: TestServer;
  let cookie = '';
  let apiToken = '';
  let ids = { physician: 0, patient: 0, token: 0 };

  beforeAll(async () => {
    server = await startServer(async () => {
      const admin = await createUser(cliActor(), { email: 'admin@clinic.test', name: 'Ada Admin', role: 'admin', password: PASSWORD });
      const doc = await createUser(cliActor(), { email: PHI.email, name: 'Zoe Physician', role: 'physician', password: PASSWORD });
      const actor = { ...cliActor(), userId: doc.id, role: 'physician' as const, origin: 'ui' as const };
      const patient = newPatient(actor, { mrn: PHI.mrn, familyName: PHI.familyName, givenName: PHI.givenName });
      recordEnzymeResult(actor, patient, ckForm(daysAgo(3), PHI.ck));
      const t = createApiToken({ ...cliActor(), userId: admin.id, role: 'admin', origin: 'ui' }, { name: 'Lab feed', role: 'nurse' });
      apiToken = t.token;
      const session = await authenticate(PHI.email, PASSWORD, '127.0.0.1');
      if (!session.ok) throw new Error('sign-in refused');
      cookie = `next-auth.session-token=${await encode({ token: { sub: String(session.userId), email: session.email, name: session.name, sid: session.sessionId }, secret: SECRET })}`;
      ids = { physician: doc.id, patient, token: t.record.id };
    }, { TITERLINE_METRICS_TOKEN: METRICS_TOKEN, TITERLINE_LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Makes a request and returns its status and the request id the server gave it. */
  async function call(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
    await res.arrayBuffer();
    return { status: res.status, requestId: res.headers.get('x-request-id') ?? '', res };
  }

  function logLines(): LogLine[] {
    return server.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  }

  it('writes one JSON line per request with its route pattern, status, duration and caller, and nothing about the patient', async () => {
    const p = ids.patient;
    // userId is the caller the data layer resolved: a page that never asks (the not-found page) logs null.
    const calls = [
      { ...(await call('/api/health/live')), route: '/api/health/live', userId: null },
      { ...(await call('/api/health')), route: '/api/health', userId: null },
      { ...(await call(`/patients/${p}`, { cookie })), route: '/patients/[id]', userId: ids.physician },
      { ...(await call(`/patients?q=${PHI.mrn}`, { cookie })), route: '/patients', userId: ids.physician },
      { ...(await call(`/patients/${p}/timeline/data`, { cookie })), route: '/patients/[id]/timeline/data', userId: ids.physician },
      { ...(await call(`/api/v1/patients?q=${PHI.familyName}`, { authorization: `Bearer ${apiToken}` })), route: '/api/v1/patients', userId: null },
      { ...(await call(`/api/v1/patients/${p}`, { authorization: `Bearer ${apiToken}`, 'x-request-id': 'chosen-by-the-client' })), route: '/api/v1/patients/[id]', userId: null },
      { ...(await call(`/no-such-page/${PHI.mrn}`, { cookie })), route: '(unmatched)', userId: null },
    ];
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 404]);
    await new Promise((r) => setTimeout(r, 300));
    const lines = logLines();
    for (const c of calls) {
      expect(c.requestId, 'the server chooses the request id').toMatch(/^[A-Za-z0-9_-]{22}$/);
      const mine = lines.filter((l) => l.msg === 'request' && l.requestId === c.requestId);
      expect(mine, `one line for ${c.route}`).toHaveLength(1);
      expect(mine[0]).toMatchObject({ method: 'GET', route: c.route, status: c.status, userId: c.userId });
      expect(mine[0]!.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(lines.find((l) => l.requestId === calls[5]!.requestId)?.apiTokenId).toBe(ids.token);
    expect(lines.some((l) => l.requestId === 'chosen-by-the-client')).toBe(false);
    // No PHI anywhere in stdout: not in request lines, not in anything else the server logged.
    const withoutPids = lines.map(({ pid: _pid, ...rest }) => JSON.stringify(rest)).join('\n');
    for (const [what, value] of Object.entries(PHI)) expect(withoutPids, `${what} in the log`).not.toContain(value);
    expect(server.stdout()).not.toContain(PHI.mrn);
  });

  it('serves Prometheus metrics for the token only, with the requests just made', async () => {
    const none = await call('/api/metrics');
    expect(none.status).toBe(401);
    expect(none.res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await call('/api/metrics', { authorization: 'Bearer wrong-token-of-enough-length-0123456789' })).status).toBe(401);
    const res = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parseExposition(await res.text());
    expect(sampleValue(families, 'titerline_http_requests_total', { method: 'GET', route: '/patients/[id]', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, 'titerline_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/patients' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, 'titerline_audit_events', {})).toBeGreaterThan(3);
    expect(sampleValue(families, 'titerline_database_size_bytes', {})).toBeGreaterThan(10_000);
    expect(sampleValue(families, 'titerline_sessions_open', {})).toBe(1);
    expect(families.get('titerline_signal_recompute_duration_seconds')?.type).toBe('histogram');
    expect(families.get('titerline_imports_total')?.type).toBe('counter');
  });

  // Last: it breaks the database under the running server.
  it('logs a page that fails with its request id and the reference (digest) that the error page shows', async () => {
    await server.withDb(() => getDb().$client.exec('ALTER TABLE patients RENAME TO patients_moved_away'));
    const res = await fetch(`${server.url}/patients`, { headers: { cookie } });
    const html = await res.text();
    const requestId = res.headers.get('x-request-id');
    await new Promise((r) => setTimeout(r, 300));
    const lines = logLines().filter((l) => l.requestId === requestId);
    const failure = lines.find((l) => l.msg === 'request failed');
    expect(failure, JSON.stringify(lines)).toMatchObject({ level: 'error', route: '/patients', userId: ids.physician, err: { type: 'SqliteError' } });
    expect(failure!.errorDigest).toMatch(/^\w+$/);
    expect(html, 'the error page carries the reference').toContain(failure!.errorDigest);
    expect(lines.find((l) => l.msg === 'request')?.errorDigest).toBe(failure!.errorDigest);
    await server.withDb(() => getDb().$client.exec('ALTER TABLE patients_moved_away RENAME TO patients'));
  });
});
