/**
 * Issue 23, metrics: GET /api/metrics answers Prometheus text only for the configured
 * token (401 with WWW-Authenticate otherwise, 404 when no token is configured), and
 * what it says is true of the database: imports and their rows, recompute time, audit
 * trail length, database size and open sessions.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import type { Actor } from '@/lib/dal/actor';
import { authenticate } from '@/lib/dal/auth';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { runLabImport } from '@/lib/dal/lab-import';
import { recomputeAllPatients } from '@/lib/dal/signals';
import { getDb } from '@/db/client';
import { setLogDestination } from '@/lib/ops/log';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import { ckForm, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { ckRow, labCsv } from '../setup/lab-csv';
import { parseExposition, sampleValue } from '../setup/prometheus';
import { useTempDatabase } from '../setup/temp-db';

const TOKEN = 'a-metrics-token-of-forty-characters-0000';
let db: ReturnType<typeof useTempDatabase>;
let nurse: Actor;

beforeAll(async () => {
  db = useTempDatabase();
  nurse = await makeActor('nurse');
});
afterAll(() => db.dispose());
afterEach(() => {
  delete process.env.TITERLINE_METRICS_TOKEN;
});

const scrape = (authorization?: string) =>
  metricsRoute(new NextRequest('http://127.0.0.1:3000/api/metrics', { headers: authorization ? { authorization } : {} }));

describe('GET /api/metrics: who may read it', () => {
  it('is 404 with a plain message when no token (or too short a token) is configured', async () => {
    for (const configured of [undefined, '', 'short-token']) {
      if (configured === undefined) delete process.env.TITERLINE_METRICS_TOKEN;
      else process.env.TITERLINE_METRICS_TOKEN = configured;
      const res = await scrape(`Bearer ${configured ?? TOKEN}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not-found', message: 'Metrics are not enabled on this server.' } });
    }
  });

  it('is 401 with WWW-Authenticate: Bearer for a missing, wrong or malformed token', async () => {
    process.env.TITERLINE_METRICS_TOKEN = TOKEN;
    for (const header of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} extra`, 'Bearer '.padEnd(10_000, 'A')]) {
      const res = await scrape(header);
      expect(res.status, String(header).slice(0, 40)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      expect(await res.text()).not.toContain('titerline_');
    }
  });
});

describe('GET /api/metrics: what it says', () => {
  it('parses as Prometheus text and reports imports, rows, recomputes, the audit trail, the database size and sessions', async () => {
    process.env.TITERLINE_METRICS_TOKEN = TOKEN;
    const mrn = `MX-${Date.now()}`;
    const patient = newPatient(nurse, { mrn });
    recordEnzymeResult(nurse, patient, ckForm(daysAgo(20), 400));
    const before = parseExposition(await (await scrape(`Bearer ${TOKEN}`)).text());
    const importedBefore = (() => {
      try {
        return sampleValue(before, 'titerline_imports_total', { format: 'csv', outcome: 'imported' });
      } catch {
        return 0;
      }
    })();
    let logged = '';
    setLogDestination(new Writable({ write: (chunk, _enc, done) => { logged += String(chunk); done(); } }));
    runLabImport(nurse, labCsv([ckRow(mrn, daysAgo(10), 500), ckRow(mrn, daysAgo(9), 600), ckRow(mrn, daysAgo(8), 700)]));
    getDb().transaction((tx) => recomputeAllPatients(tx));
    const lines = logged.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'import')).toMatchObject({ format: 'csv', outcome: 'imported', rows: 3, written: 3, durationMs: expect.any(Number) });
    expect(lines.find((l) => l.msg === 'signals recomputed')).toMatchObject({ patients: 1, durationMs: expect.any(Number) });
    expect(logged, 'the log names no MRN and no value').not.toMatch(new RegExp(`${mrn}|"(500|600|700)"`));
    await authenticate(nurse.email, TEST_PASSWORD, '127.0.0.1');

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const families = parseExposition(await res.text());
    expect(sampleValue(families, 'titerline_imports_total', { format: 'csv', outcome: 'imported' })).toBe(importedBefore + 1);
    expect(sampleValue(families, 'titerline_import_rows_total', { format: 'csv', result: 'written' })).toBeGreaterThanOrEqual(3);
    expect(sampleValue(families, 'titerline_import_duration_seconds_count', { format: 'csv' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, 'titerline_signal_recompute_duration_seconds_count', { scope: 'patient' })).toBeGreaterThanOrEqual(2);
    const audit = (sqlite().prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
    expect(sampleValue(families, 'titerline_audit_events', {})).toBe(audit);
    const bytes = fs.statSync(db.file).size + (fs.existsSync(`${db.file}-wal`) ? fs.statSync(`${db.file}-wal`).size : 0);
    expect(sampleValue(families, 'titerline_database_size_bytes', {})).toBe(bytes);
    expect(sampleValue(families, 'titerline_sessions_open', {})).toBe(1);
    expect(families.get('titerline_http_request_duration_seconds')?.type).toBe('histogram');
    expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');
    // Labels are formats, outcomes, routes and methods: never the MRN or a value.
    expect(await (await scrape(`Bearer ${TOKEN}`)).text()).not.toContain(mrn);
  });
});
