import type { NextRequest } from 'next/server';
import { apiActor, errorJson, handle, json } from '@/lib/api/http';
import { importFhirBundle, MAX_FHIR_IMPORT_CHARS } from '@/lib/dal/fhir-import';

const JSON_TYPES = ['application/fhir+json', 'application/json'];
const TOO_LARGE = `The upload is over ${MAX_FHIR_IMPORT_CHARS / 1024 / 1024} MB: split the Bundle.`;

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
    if (Number(request.headers.get('content-length') ?? 0) > MAX_FHIR_IMPORT_CHARS * 4) return errorJson('too-large', TOO_LARGE, 413);
    const text = await request.text();
    if (text.length > MAX_FHIR_IMPORT_CHARS) return errorJson('too-large', TOO_LARGE, 413);
    const report = importFhirBundle(actor, text);
    return json(report, report.ok ? 200 : 422);
  });
}
