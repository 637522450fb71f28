/**
 * Large bodies on a real server (issue 20, item 5): Next used to cut every body at 10 MB
 * for its proxy, so a 14 MB CSV (within the documented 20 MB) failed with a 500
 * "Unexpected end of form", a valid 13 MB Bundle with 422 "Unterminated string", and a
 * 25 MB body got 422 instead of 413. Now the limits README documents are the ones
 * enforced, with and without Content-Length (chunked).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { getDb } from '@/db/client';
import { createApiToken } from '@/lib/dal/api-tokens';
import { createPatient } from '@/lib/dal/patients';
import { addDays } from '@/lib/domain/dates';
import { patientBundle } from '@/lib/domain/fhir/export-patient';
import { clinicToday } from '@/lib/clinic-time';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import { enz } from '../unit/fhir-fixtures';
import { launchBrowser, signIn } from './browser';
import { startServer, type TestServer } from './server';

const MB = 1024 * 1024;
const PATIENTS = 100;
const count = (sql: string) => (getDb().$client.prepare(sql).get() as { n: number }).n;

/** A valid lab CSV of about `bytes` (rows of ~100 bytes, unique accessions), for patients BIG-0..BIG-99. */
function csvOf(bytes: number): { text: string; rows: number } {
  const today = clinicToday();
  const lines = ['mrn,collected_on,test,value,unit,reference_low,reference_high,accession'];
  let size = lines[0]!.length + 1;
  for (let i = 0; size < bytes; i++) {
    const line = `BIG-${i % PATIENTS},${addDays(today, -(1 + Math.floor(i / PATIENTS)))},ck,${100 + (i % 900)},U/L,26,192,ACC-${String(i).padStart(8, '0')}-${'x'.repeat(40)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

/** A valid FHIR Bundle (one new patient, a few CK results) padded with JSON whitespace to `bytes`: cut anywhere, it is not JSON. */
function bundleOf(bytes: number, mrn: string): string {
  const bundle = patientBundle({
    patient: { id: 1, mrn, familyName: 'Large', givenName: 'Bundle', birthDate: '1960-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm', onsetDate: null, diagnosisDate: null, notes: '' },
    antibodyResults: [], visits: [], medications: [],
    enzymeResults: [1, 2, 3].map((id) => enz({ id, collectedOn: addDays(clinicToday(), -id * 30), value: 200 * id, valueUL: 200 * id })),
  }, 'https://elsewhere.test/fhir', new Date().toISOString());
  const json = JSON.stringify(bundle);
  return `{${' '.repeat(bytes - json.length)}${json.slice(1)}`;
}

/** POST without Content-Length: the body goes chunked, 1 MB at a time. */
function postChunked(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    // The server may answer 413 and stop reading before the whole body is sent.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    for (let i = 0; i < body.length; i += MB) req.write(body.subarray(i, i + MB));
    req.end();
  });
}

describe('request bodies up to the documented limits arrive whole; larger ones get 413 naming the limit', { timeout: 240_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let token = '';
  let patientId = 0;
  beforeAll(async () => {
    server = await startServer(async () => {
      const physician = await makeActor('physician', 'physician@limits.test');
      await makeActor('nurse', 'nurse@limits.test');
      for (let i = 0; i < PATIENTS; i++) {
        const p = createPatient(physician, { mrn: `BIG-${i}`, familyName: 'Big', givenName: `P${i}`, birthDate: '1950-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm' });
        if (i === 0) patientId = p.id;
      }
      const admin = await makeActor('admin', 'admin@limits.test');
      token = createApiToken(admin, { name: 'limits test', role: 'physician' }).token;
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const auth = () => ({ authorization: `Bearer ${token}` });

  it('a 14 MB CSV through the import page is previewed and imported whole', async () => {
    const csv = csvOf(14 * MB);
    expect(csv.rows).toBeLessThan(200_000);
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'nurse@limits.test', TEST_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/import`);
    await page.setInputFiles('#f-file', { name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.text) });
    await page.getByRole('button', { name: 'Preview' }).click();
    const importButton = page.getByRole('button', { name: `Import ${csv.rows} new results` });
    await importButton.waitFor({ timeout: 120_000 });
    await importButton.click();
    await page.getByText(`Imported ${csv.rows} results`).waitFor({ timeout: 150_000 });
    expect(await server.withDb(() => count('SELECT count(*) AS n FROM enzyme_results'))).toBe(csv.rows);
  });

  it('a 25 MB CSV is stopped in the page with the limit, and a 25 MB server-action body gets 413 naming it', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'nurse@limits.test', TEST_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/import`);
    // From disk: a 25 MB buffer is too slow to hand over through the browser protocol.
    const huge = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-limits-')), 'huge.csv');
    fs.writeFileSync(huge, Buffer.alloc(25 * MB, 'a'));
    await page.setInputFiles('#f-file', huge);
    await page.getByText('the web import takes up to 20 MB').waitFor();
    fs.rmSync(path.dirname(huge), { recursive: true, force: true });
    // What a script posting to the action itself gets, with and without Content-Length.
    const body = Buffer.alloc(25 * MB, 'a');
    const declared = await fetch(`${server.url}/import`, { method: 'POST', headers: { 'next-action': '00', 'content-type': 'multipart/form-data; boundary=x' }, body });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: { code: 'too-large', message: expect.stringContaining('20 MB') } });
    const chunked = await postChunked(`${server.url}/import`, { 'next-action': '00', 'content-type': 'multipart/form-data; boundary=x' }, body);
    expect(chunked).toEqual({ status: 413, json: { error: { code: 'too-large', message: expect.stringContaining('20 MB') } } });
  });

  it('a valid 13 MB FHIR Bundle is imported, with and without Content-Length', async () => {
    for (const [mrn, send] of [
      ['FHIR-13-A', (b: string) => fetch(`${server.url}/api/fhir`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/fhir+json' }, body: b }).then(async (r) => ({ status: r.status, json: await r.json() }))],
      ['FHIR-13-B', (b: string) => postChunked(`${server.url}/api/fhir`, { ...auth(), 'content-type': 'application/fhir+json' }, Buffer.from(b))],
    ] as const) {
      const body = bundleOf(13 * MB, mrn);
      expect(Buffer.byteLength(body)).toBeGreaterThan(13 * MB - 1);
      const res = await send(body);
      expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(200);
      expect(res.json).toMatchObject({ ok: true, counts: { patientsCreated: 1, enzymeResults: 3 } });
    }
    expect(await server.withDb(() => count("SELECT count(*) AS n FROM patients WHERE mrn LIKE 'FHIR-13-%'"))).toBe(2);
  });

  it('25 MB to the FHIR import and to the REST API get 413 naming the limit, with and without Content-Length; nothing is written', async () => {
    // Changes only (record views are chained from the journal at any time).
    const changes = "SELECT count(*) AS n FROM audit_events WHERE action NOT LIKE 'patient.%'";
    const before = await server.withDb(() => count(changes));
    const big = Buffer.from(bundleOf(25 * MB, 'FHIR-25'));
    const headers = { ...auth(), 'content-type': 'application/fhir+json' };
    for (const [url, limit] of [[`${server.url}/api/fhir`, '20 MB'], [`${server.url}/api/v1/patients/${patientId}/lab-results`, '64 KB']] as const) {
      const declared = await fetch(url, { method: 'POST', headers, body: big });
      expect(declared.status).toBe(413);
      expect(await declared.json()).toEqual({ error: { code: 'too-large', message: expect.stringContaining(limit) } });
      expect(await postChunked(url, headers, big)).toEqual({ status: 413, json: { error: { code: 'too-large', message: expect.stringContaining(limit) } } });
    }
    // Just over the limit, chunked: still measured, not cut and parsed.
    expect((await postChunked(`${server.url}/api/fhir`, headers, Buffer.from(bundleOf(20 * MB + 10, 'FHIR-20')))).status).toBe(413);
    expect(await server.withDb(() => count("SELECT count(*) AS n FROM patients WHERE mrn IN ('FHIR-25', 'FHIR-20')"))).toBe(0);
    expect(await server.withDb(() => count(changes))).toBe(before);
    // A body within its limit still goes through.
    const small = await fetch(`${server.url}/api/v1/patients/${patientId}/lab-results`, {
      method: 'POST', headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: clinicToday(), value: 950, unit: 'U/L', upperLimit: 200 }),
    });
    expect(small.status).toBe(201);
  });
});
