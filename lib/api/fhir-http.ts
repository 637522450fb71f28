import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { ZodError } from 'zod';
import { errorOutcome } from '../domain/fhir/outcome';
import type { Handling } from '../domain/fhir/search-queries';
import { asBusy, BUSY_RETRY_AFTER_SECONDS, isAppError } from '../errors';
import { recordRefusal } from '../dal/refusals';
import { logFailure, referenceSentence } from '../ops/log';

/**
 * The HTTP side of Titerline's FHIR API: every answer is application/fhir+json and
 * never cached; every failure is an OperationOutcome with the status R4's RESTful
 * API gives it (https://hl7.org/fhir/R4/http.html), never a stack trace.
 */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** A failure the FHIR routes answer directly (status, Titerline code, text for people). */
export class FhirProblem extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export function fhirJson(body: unknown, request: NextRequest, status = 200, headers: Record<string, string> = {}): NextResponse {
  const pretty = request.nextUrl.searchParams.get('_pretty') === 'true';
  return new NextResponse(pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-store', ...headers },
  });
}

export function fhirError(request: NextRequest, status: number, code: string, message: string): NextResponse {
  // 401 says how to authenticate (RFC 6750); the realm is only a label.
  const auth: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer realm="titerline"' } : {};
  return fhirJson(errorOutcome(code, message), request, status, auth);
}

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

/**
 * Refuses (406) a request for a format Titerline does not write: `_format` other than
 * JSON, or an Accept header that admits no JSON at all (XML, Turtle).
 */
function checkFormat(request: NextRequest): void {
  const format = request.nextUrl.searchParams.get('_format');
  if (format !== null && !JSON_FORMATS.has(format.trim().toLowerCase().split(';')[0] ?? '')) {
    throw new FhirProblem(406, 'not-acceptable', 'Titerline answers FHIR JSON only: use _format=json or leave it out.');
  }
  const accept = (request.headers.get('accept') ?? '').toLowerCase();
  if (accept.trim() && !/json|\*\/\*|application\/\*/.test(accept)) {
    throw new FhirProblem(406, 'not-acceptable', 'Titerline answers FHIR JSON only: accept application/fhir+json.');
  }
}

/** `Prefer: handling=strict` asks for unknown search parameters to be refused (R4 search, "Handling errors"). */
export function handlingOf(request: NextRequest): Handling {
  const prefer = request.headers.get('prefer') ?? '';
  return /(^|[,;\s])handling\s*=\s*"?strict"?/i.test(prefer) ? 'strict' : 'lenient';
}

/** The query string as ordered pairs (repeated parameters kept). */
export function queryPairs(request: NextRequest): [string, string][] {
  return [...request.nextUrl.searchParams.entries()];
}

/** Runs a FHIR handler and maps every failure to an OperationOutcome with its status. */
export async function fhirHandle(request: NextRequest, fn: () => Promise<NextResponse> | NextResponse): Promise<NextResponse> {
  try {
    checkFormat(request);
    return await fn();
  } catch (raw) {
    if (raw instanceof FhirProblem) return fhirError(request, raw.status, raw.code, raw.message);
    // A database busy with another process's long write (an import): 503 with Retry-After, never a 500.
    const e = asBusy(raw);
    if (isAppError(e) && e.code === 'busy') {
      const res = fhirError(request, e.status, e.code, e.message);
      res.headers.set('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
      return res;
    }
    if (isAppError(e)) {
      // A refusal for want of a permission is recorded as a security event (lib/dal/refusals.ts).
      recordRefusal(e, 'route');
      // Titerline's typed errors keep their status, except "invalid": a FHIR client gets 400 for a bad request.
      return fhirError(request, e.code === 'invalid' ? 400 : e.status, e.code, e.message);
    }
    if (e instanceof ZodError) return fhirError(request, 400, 'invalid', 'Invalid request.');
    const ref = logFailure('FHIR API error', e);
    return fhirError(request, 500, 'internal', `Something went wrong on our side; nothing was changed.${referenceSentence(ref)}`);
  }
}
