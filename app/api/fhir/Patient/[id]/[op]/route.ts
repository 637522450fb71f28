import { NextResponse, type NextRequest } from 'next/server';
import { apiActor, errorJson, handle } from '@/lib/api/http';
import { exportPatientFhir, fhirBaseUrl } from '@/lib/dal/fhir-export';
import { idSchema } from '@/lib/validation/common';

/**
 * GET /api/fhir/Patient/{id}/$everything: the patient's record as a FHIR R4 Bundle
 * (docs/decisions/0008-fhir-interoperability.md), for a session or an API token with
 * 'data:export'. `$` is an ordinary path character, so Next hands the segment over as
 * "$everything" ("%24everything" when a client escapes it);
 * /api/fhir/Patient/{id}/everything is accepted as the same operation.
 */
const EVERYTHING = new Set(['$everything', '%24everything', 'everything']);

export async function GET(request: NextRequest, context: { params: Promise<{ id: string; op: string }> }) {
  return handle(async () => {
    const actor = await apiActor(request, 'data:export');
    const { id, op } = await context.params;
    if (!EVERYTHING.has(op.toLowerCase())) return errorJson('not-found', `Unknown operation "${op.slice(0, 40)}": use $everything.`, 404);
    const patientId = idSchema('patient').safeParse(id);
    if (!patientId.success) return errorJson('not-found', 'Patient not found.', 404);
    const { bundle, mrn } = exportPatientFhir(actor, patientId.data, { baseUrl: fhirBaseUrl(request.url) });
    return new NextResponse(JSON.stringify(bundle), {
      headers: {
        'Content-Type': 'application/fhir+json; charset=utf-8',
        'Content-Disposition': `attachment; filename="titerline-${mrn}-fhir.json"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}
