/**
 * Issue 23, what a request's log line and metric labels may hold: the route pattern,
 * never the path, the query or anything a client made up; method labels stay few; the
 * metrics token is compared in full.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricsAccess } from '@/lib/ops/metrics-token';
import { methodLabel } from '@/lib/ops/metrics';
import { requestLine } from '@/lib/ops/request-log';
import { routePattern, routeTable, UNMATCHED } from '@/lib/ops/route-patterns';

// As Next writes them into .next/routes-manifest.json.
const table = routeTable({
  staticRoutes: [{ page: '/' }, { page: '/patients' }, { page: '/api/health' }],
  dynamicRoutes: [
    { page: '/patients/[id]', regex: '^/patients/([^/]+?)(?:/)?$' },
    { page: '/patients/[id]/timeline/data', regex: '^/patients/([^/]+?)/timeline/data(?:/)?$' },
    { page: '/api/fhir/[...path]', regex: '^/api/fhir/(.+?)(?:/)?$' },
  ],
});

describe('routePattern', () => {
  it('names the pattern, not the record or the search', () => {
    expect(routePattern('/patients/42', table)).toBe('/patients/[id]');
    expect(routePattern('/patients/42/', table)).toBe('/patients/[id]');
    expect(routePattern('/patients?q=MRN-1004', table)).toBe('/patients');
    expect(routePattern('/patients/42/timeline/data?from=2020-01-01', table)).toBe('/patients/[id]/timeline/data');
    expect(routePattern('/api/fhir/Patient?identifier=urn:titerline:mrn|MRN-9', table)).toBe('/api/fhir/[...path]');
    expect(routePattern('/patients/42.rsc', table)).toBe('/patients/[id]');
    expect(routePattern('/_next/static/chunks/app-123.js', table)).toBe('/_next/static/[file]');
  });

  it('gives "(unmatched)" for anything else, so a label never holds what a client made up', () => {
    expect(routePattern('/wp-admin.php', table)).toBe(UNMATCHED);
    expect(routePattern('http://evil.example/patients', table)).toBe(UNMATCHED);
    expect(routePattern('/%E0%A4%A', table)).toBe(UNMATCHED);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (tail) => {
        const pattern = routePattern(`/x${tail}`, table);
        expect([UNMATCHED, '/patients/[id]', '/patients', '/api/health', '/']).toContain(pattern);
      }),
    );
  });
});

describe('requestLine', () => {
  it('holds ids, the pattern, the status and the duration, and neither the path nor the query', () => {
    const ctx = { requestId: 'r'.repeat(22), userId: 7, apiTokenId: null, errorDigest: null };
    const req = { method: 'get', url: '/patients/42?q=Garcia', headers: { 'next-action': 'abc' } };
    const line = requestLine(ctx, req, 200, 0.01234, true);
    expect(line).toEqual({ requestId: 'r'.repeat(22), method: 'GET', route: expect.any(String), status: 200, durationMs: 12.3, userId: 7, serverAction: true });
    expect(JSON.stringify(line)).not.toMatch(/Garcia|42/);
    expect(requestLine({ ...ctx, userId: null, apiTokenId: 3 }, { ...req, headers: {} }, 499, 1, false)).toMatchObject({ apiTokenId: 3, clientGone: true, userId: null });
  });

  it('keeps method labels to the standard few', () => {
    expect(methodLabel('post')).toBe('POST');
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel(undefined)).toBe('OTHER');
  });
});

describe('metricsAccess', () => {
  const token = 't'.repeat(40);
  it('grants only the whole configured token as a bearer token', () => {
    expect(metricsAccess(token, `Bearer ${token}`)).toBe('granted');
    expect(metricsAccess(token, `bearer   ${token}`)).toBe('granted');
    for (const h of [null, '', token, `Bearer ${token.slice(1)}`, `Bearer ${token}t`, `Basic ${token}`, `Bearer ${token} x`]) expect(metricsAccess(token, h), String(h)).toBe('refused');
  });
  it('is off when no token, or one shorter than 32 characters, is configured', () => {
    expect(metricsAccess(undefined, 'Bearer x')).toBe('off');
    expect(metricsAccess('   ', 'Bearer    ')).toBe('off');
    expect(metricsAccess('s'.repeat(31), `Bearer ${'s'.repeat(31)}`)).toBe('off');
  });
});

describe('errors in the log', () => {
  it('keep their type, message, stack and code, and nothing else they carry', async () => {
    const { Writable } = await import('node:stream');
    const { logFailure, setLogDestination } = await import('@/lib/ops/log');
    let out = '';
    setLogDestination(new Writable({ write: (chunk, _enc, done) => { out += String(chunk); done(); } }));
    class SqliteError extends Error {
      code = 'SQLITE_ERROR';
      row = { familyName: 'Quartermaine', mrn: 'MRN-5521' };
    }
    const e = new SqliteError('no such table: patients');
    e.name = 'SqliteError';
    expect(logFailure('page failed', e, { patients: 2 })).toBeNull();
    logFailure('odd', { name: 'FromAnotherRealm', message: 'still an error', stack: 'at x' });
    logFailure('odder', 'a string');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { err: Record<string, unknown>; msg: string });
    expect(lines[0]!.err).toEqual({ type: 'SqliteError', message: 'no such table: patients', stack: expect.stringContaining('no such table'), code: 'SQLITE_ERROR' });
    expect(out).not.toMatch(/Quartermaine|MRN-5521/);
    expect(lines[1]!.err).toEqual({ type: 'FromAnotherRealm', message: 'still an error', stack: 'at x' });
    expect(lines[2]!.err).toEqual({ type: 'string', message: 'a non-Error value was thrown' });
  });
});

describe('watchErrorLog (the hostile-input tests rely on it)', () => {
  it('sees an error line, and not an info line', async () => {
    const { watchErrorLog } = await import('../setup/error-log');
    const { log, logFailure } = await import('@/lib/ops/log');
    const watch = watchErrorLog();
    log().info({ status: 200 }, 'request');
    expect(watch.errors).toEqual([]);
    logFailure('API error', new Error('boom'));
    expect(watch.errors).toHaveLength(1);
    expect(watch.errors[0]).toMatchObject({ msg: 'API error', err: { type: 'Error', message: 'boom' } });
    watch.clear();
    expect(watch.errors).toEqual([]);
    watch.stop();
  });
});
