import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyLimitFor, FORM_BODY_LIMIT_BYTES, JSON_BODY_LIMIT_BYTES, PROXY_BUFFER_BYTES, refuseOversizedBody, UPLOAD_LIMIT_BYTES } from '@/lib/api/body-limits';
import { MAX_BODY_BYTES } from '@/lib/api/http';
import { MAX_FHIR_IMPORT_CHARS } from '@/lib/dal/fhir-import';
import { WEB_IMPORT_LIMITS } from '@/lib/dal/lab-import';

const MB = 1024 * 1024;
const nextConfig = createRequire(import.meta.url)(path.resolve(__dirname, '../../next.config.js')) as {
  experimental: { proxyClientMaxBodySize: number; serverActions: { bodySizeLimit: number } };
};

/** A body sent without Content-Length (chunked), in 1 MB pieces. */
function chunked(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes;
  return new ReadableStream({
    pull(c) {
      if (left <= 0) return c.close();
      const n = Math.min(MB, left);
      left -= n;
      c.enqueue(new Uint8Array(n).fill(32));
    },
  });
}

const post = (pathname: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(`http://titerline.test${pathname}`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('the documented body limits are the enforced ones (issue 20, item 5)', () => {
  it('next.config.js buffers more than every limit, and gives server actions the form limit', () => {
    expect(nextConfig.experimental.proxyClientMaxBodySize).toBe(PROXY_BUFFER_BYTES);
    expect(nextConfig.experimental.serverActions.bodySizeLimit).toBe(FORM_BODY_LIMIT_BYTES);
    for (const limit of [UPLOAD_LIMIT_BYTES, FORM_BODY_LIMIT_BYTES, JSON_BODY_LIMIT_BYTES]) expect(PROXY_BUFFER_BYTES).toBeGreaterThan(limit);
  });

  it('the CSV import, the FHIR import and the REST API check the same numbers', () => {
    expect(WEB_IMPORT_LIMITS.maxBytes).toBe(UPLOAD_LIMIT_BYTES);
    expect(MAX_FHIR_IMPORT_CHARS).toBe(UPLOAD_LIMIT_BYTES);
    expect(MAX_BODY_BYTES).toBe(JSON_BODY_LIMIT_BYTES);
    expect(UPLOAD_LIMIT_BYTES).toBe(20 * MB);
  });

  it('each path has its limit, named in the message', () => {
    expect(bodyLimitFor('/import', true)).toMatchObject({ bytes: FORM_BODY_LIMIT_BYTES, message: expect.stringContaining('20 MB') });
    expect(bodyLimitFor('/api/fhir', false)).toMatchObject({ bytes: UPLOAD_LIMIT_BYTES, message: expect.stringContaining('20 MB') });
    expect(bodyLimitFor('/api/v1/patients/1/lab-results', false)).toMatchObject({ bytes: JSON_BODY_LIMIT_BYTES, message: expect.stringContaining('64 KB') });
    expect(bodyLimitFor('/api/auth/callback/credentials', false).bytes).toBe(JSON_BODY_LIMIT_BYTES);
  });

  it('refuses by the declared Content-Length without reading the body', async () => {
    const res = await refuseOversizedBody(post('/api/fhir', null, { 'content-length': String(25 * MB) }), '/api/fhir');
    expect(res?.status).toBe(413);
    expect(await res?.json()).toEqual({ error: { code: 'too-large', message: expect.stringContaining('20 MB') } });
    expect(await refuseOversizedBody(post('/api/fhir', null, { 'content-length': String(13 * MB) }), '/api/fhir')).toBeNull();
  });

  it('measures a chunked body (no Content-Length): over the limit is 413, within it passes', async () => {
    const over = await refuseOversizedBody(post('/api/fhir', chunked(20 * MB + 1)), '/api/fhir');
    expect(over?.status).toBe(413);
    expect(await refuseOversizedBody(post('/api/fhir', chunked(13 * MB)), '/api/fhir')).toBeNull();
    const action = await refuseOversizedBody(post('/import', chunked(21 * MB), { 'next-action': 'abc' }), '/import');
    expect(action?.status).toBe(413);
    expect(await refuseOversizedBody(post('/api/v1/patients/1/lab-results', chunked(65 * 1024)), '/api/v1/patients/1/lab-results')).not.toBeNull();
  });

  it('a body Next cut at its buffer still measures over its limit', async () => {
    // What reaches proxy.ts of a 30 MB chunked upload: the first PROXY_BUFFER_BYTES.
    const cut = await refuseOversizedBody(post('/import', chunked(PROXY_BUFFER_BYTES), { 'next-action': 'abc' }), '/import');
    expect(cut?.status).toBe(413);
  });

  it('reads no body for GET', async () => {
    expect(await refuseOversizedBody(new Request('http://titerline.test/api/fhir', { headers: { 'content-length': String(25 * MB) } }), '/api/fhir')).toBeNull();
  });
});
