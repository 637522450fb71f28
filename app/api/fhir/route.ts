import type { NextRequest } from 'next/server';
import { apiActor, errorJson, handle, json } from '@/lib/api/http';
import { bodyLimitFor, UPLOAD_LIMIT_BYTES } from '@/lib/api/body-limits';
import { importFhirBundle } from '@/lib/dal/fhir-import';

const JSON_TYPES = ['application/fhir+json', 'application/json'];
const TOO_LARGE = bodyLimitFor('/api/fhir', false).message;
const DRY_RUN = { true: true, '1': true, false: false, '0': false } as const;

/**
 * POST /api/fhir: imports a FHIR R4 Bundle (collection, batch, transaction, searchset)
 * or a single resource, for a session or an API token with 'lab:import'. 200 with the
 * report when imported (or already present); 422 with the report (every refused
 * resource and why, and the sender codes to map) when nothing was written.
 * `?_dryRun=true` checks everything and writes nothing: 200 when the Bundle would
 * import, 422 when not. A session's write must come from this site (Origin check in
 * apiActor); the JSON content type is required too, which a cross-site HTML form
 * cannot send.
 */
export async function POST(request: NextRequest) {
  return handle(async () => {
    const actor = await apiActor(request, 'lab:import');
    const flag = request.nextUrl.searchParams.get('_dryRun');
    const dryRun = flag === null ? false : Object.hasOwn(DRY_RUN, flag) ? DRY_RUN[flag as keyof typeof DRY_RUN] : null;
    if (dryRun === null) return errorJson('invalid', '_dryRun must be true or false.', 400);
    const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!JSON_TYPES.includes(type)) return errorJson('unsupported-media-type', 'Send the Bundle as application/fhir+json (or application/json).', 415);
    // In bytes, as proxy.ts measures (it refuses most first): a body Next cut at its buffer is over this too.
    if (Number(request.headers.get('content-length') ?? 0) > UPLOAD_LIMIT_BYTES) return errorJson('too-large', TOO_LARGE, 413);
    const body = Buffer.from(await request.arrayBuffer());
    if (body.byteLength > UPLOAD_LIMIT_BYTES) return errorJson('too-large', TOO_LARGE, 413);
    const text = new TextDecoder('utf-8').decode(body);
    const report = importFhirBundle(actor, text, { dryRun });
    return json(report, report.ok ? 200 : 422);
  });
}
