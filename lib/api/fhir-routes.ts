import 'server-only';
import type { NextRequest } from 'next/server';
import type { Paging, SearchParse } from '../domain/fhir/search-queries';
import { searchsetBundle } from '../domain/fhir/searchset';
import type { Actor } from '../dal/actor';
import { fhirBaseUrl } from '../dal/fhir-data';
import { readFhirResource, type ReadableType } from '../dal/fhir-read';
import type { SearchResult } from '../dal/fhir-search';
import { apiActor } from './http';
import { fhirHandle, fhirJson, FhirProblem, handlingOf, queryPairs } from './fhir-http';

/**
 * The FHIR read and search handlers, one factory each, so every route file under
 * app/api/fhir is a line and every type answers the same way: the caller is checked
 * first (401/403), then the parameters (400), then the data (404/410).
 */
type IdContext = { params: Promise<{ id: string }> };

/** Last-Modified from meta.lastUpdated (an HTTP date), when the resource has one. */
function lastModified(resource: { meta?: { lastUpdated?: string } }): Record<string, string> {
  const at = resource.meta?.lastUpdated;
  return at && !Number.isNaN(Date.parse(at)) ? { 'Last-Modified': new Date(at).toUTCString() } : {};
}

/** GET [base]/{type}/{id}. */
export function readHandler(type: ReadableType) {
  return (request: NextRequest, context: IdContext) => fhirHandle(request, async () => {
    const actor = await apiActor(request, 'patient:view');
    const { id } = await context.params;
    const result = readFhirResource(actor, type, id);
    if (result.kind === 'gone') throw new FhirProblem(410, 'gone', result.message);
    return fhirJson(result.resource, request, 200, lastModified(result.resource));
  });
}

/** A parsed search, or the 400 that says what could not be read or is not supported. */
export function parsedOrThrow<Q>(parsed: SearchParse<Q>) {
  if (!parsed.ok) throw new FhirProblem(400, parsed.notSupported ? 'not-supported' : 'invalid', parsed.message);
  return parsed.value;
}

type Runner<Q> = (actor: Actor, query: Q, paging: Paging, asked: readonly [string, string][]) => SearchResult;

/** GET [base]/{type}?...: a searchset Bundle of one page, with paging links. */
export function searchHandler<Q>(type: ReadableType, parse: (pairs: [string, string][], handling: 'strict' | 'lenient') => SearchParse<Q>, run: Runner<Q>) {
  return (request: NextRequest) => fhirHandle(request, async () => {
    const actor = await apiActor(request, 'patient:view');
    const s = parsedOrThrow(parse(queryPairs(request), handlingOf(request)));
    const paging = s.paging ?? { count: 50, offset: 0 };
    const result = run(actor, s.query, paging, s.used);
    return fhirJson(searchsetBundle({
      base: fhirBaseUrl(request.url), path: type, used: s.used, ignored: s.ignored, paging, total: result.total, resources: result.resources, timestamp: new Date().toISOString(),
    }), request);
  });
}
