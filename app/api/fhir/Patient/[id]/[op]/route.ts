import type { NextRequest } from 'next/server';
import { apiActor } from '@/lib/api/http';
import { fhirHandle, fhirJson, FhirProblem, handlingOf, queryPairs } from '@/lib/api/fhir-http';
import { parsedOrThrow } from '@/lib/api/fhir-routes';
import { exportPatientFhir, fhirBaseUrl } from '@/lib/dal/fhir-export';
import { parseEverything } from '@/lib/domain/fhir/search-queries';
import { searchsetBundle } from '@/lib/domain/fhir/searchset';

/**
 * GET /api/fhir/Patient/{id}/$everything: the patient's record as a FHIR R4 searchset
 * Bundle (docs/decisions/0008-fhir-interoperability.md), for a session or an API token
 * that may export identified data; `_since`, `_type`, `_count` and `_offset` as the
 * CapabilityStatement says. `$` is an ordinary path character, so Next hands the
 * segment over as "$everything" ("%24everything" when a client escapes it);
 * /api/fhir/Patient/{id}/everything is accepted as the same operation.
 */
const EVERYTHING = new Set(['$everything', '%24everything', 'everything']);

export function GET(request: NextRequest, context: { params: Promise<{ id: string; op: string }> }) {
  return fhirHandle(request, async () => {
    const actor = await apiActor(request, 'data:export-identified');
    const { id, op } = await context.params;
    if (!EVERYTHING.has(op.toLowerCase())) throw new FhirProblem(404, 'not-found', `Unknown operation "${op.slice(0, 40)}": Titerline serves $everything.`);
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new FhirProblem(404, 'not-found', 'Patient not found.');
    const s = parsedOrThrow(parseEverything(queryPairs(request), handlingOf(request)));
    const { resources, total, mrn } = exportPatientFhir(actor, Number(id), s.query, s.paging);
    const bundle = searchsetBundle({
      base: fhirBaseUrl(request.url), path: `Patient/${id}/$everything`, used: s.used, ignored: s.ignored, paging: s.paging, total, resources, timestamp: new Date().toISOString(),
    });
    // A browser's "Download FHIR" saves the file under the MRN; API clients ignore the header.
    const filename = `titerline-${mrn.replace(/[^A-Za-z0-9._-]/g, '_')}-fhir.json`;
    return fhirJson(bundle, request, 200, { 'Content-Disposition': `attachment; filename="${filename}"` });
  });
}
