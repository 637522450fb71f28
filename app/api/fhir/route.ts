import type { NextRequest } from 'next/server';
import { apiActor, errorJson, handle, json } from '@/lib/api/http';
import { bodyLimitFor, UPLOAD_LIMIT_BYTES } from '@/lib/api/body-limits';
import { importFhirBundle } from '@/lib/dal/fhir-import';

const JSON_TYPES = ['application/fhir+json', 'application/json'];
const TOO_LARGE = bodyLimitFor('/api/fhir', false).message;

/**
 * POST /api/fhir: imports a FHIR R4 Bundle (collection, batch, transaction) for a
 * session or an API token with 'lab:import'. 200 with the report when imported; 422
 * with the report (every refused resource and why) when nothing was written. A
 * session's write must come from this site (Origin check in apiActor); the JSON
 * content type is required too, which a cross-site HTML form cannot send.
 */
export async function POST(request: NextRequest) {
  return handle(async () => {
    const actor = await apiActor(request, 'lab:import');
    const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!JSON_TYPES.includes(type)) return errorJson('unsupported-media-type', 'Send the Bundle as application/fhir+json (or application/json).', 415);
    // In bytes, as proxy.ts measures (it refuses most first): a body Next cut at its buffer is over this too.
    if (Number(request.headers.get('content-length') ?? 0) > UPLOAD_LIMIT_BYTES) return errorJson('too-large', TOO_LARGE, 413);
    const body = Buffer.from(await request.arrayBuffer());
    if (body.byteLength > UPLOAD_LIMIT_BYTES) return errorJson('too-large', TOO_LARGE, 413);
    const text = new TextDecoder('utf-8').decode(body);
    const report = importFhirBundle(actor, text);
    return json(report, report.ok ? 200 : 422);
  });
}
