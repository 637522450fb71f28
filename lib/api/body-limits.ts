/**
 * The request body limits README documents, in one place, and the one rule that
 * applies them to every request before any handler reads a body (proxy.ts).
 *
 * Next buffers a request's body for the proxy up to `experimental.proxyClientMaxBodySize`
 * and silently cuts anything longer (next.config.js): a 14 MB CSV used to reach the
 * import cut at 10 MB ("Unexpected end of form", a 500). That buffer is now set above
 * every limit here (PROXY_BUFFER_BYTES), so a body that was cut still measures more
 * than its limit and is refused with 413, never parsed (issue 20, item 5).
 * tests/security/body-limits.test.ts checks next.config.js agrees with these numbers.
 */

const KB = 1024;
const MB = 1024 * KB;

/** A CSV of lab results or a FHIR Bundle uploaded through the web (the import page, POST /api/fhir). */
export const UPLOAD_LIMIT_BYTES = 20 * MB;
/** A JSON body of the REST API (one result, one patient). */
export const JSON_BODY_LIMIT_BYTES = 64 * KB;
/** A server action's whole body: an upload plus the form's other fields and the multipart framing. */
export const FORM_BODY_LIMIT_BYTES = UPLOAD_LIMIT_BYTES + 64 * KB;
/** What Next buffers of a body (next.config.js): more than every limit above, so a cut body is still over its limit. */
export const PROXY_BUFFER_BYTES = UPLOAD_LIMIT_BYTES + MB;

/** "20 MB", "64 KB". */
export function sizeText(bytes: number): string {
  return bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${+(bytes / KB).toFixed(1)} KB`;
}

export interface BodyLimit {
  bytes: number;
  /** What the caller is told, with the limit in it. */
  message: string;
}

const SPLIT = 'Split the file, or import it with npm run import on the server.';

/**
 * The limit of a request's body by where it goes: a server action (Next's
 * `next-action` header; the import page's uploads are the large ones), the FHIR
 * import, the REST API, anything else (sign-in forms, stray posts).
 */
export function bodyLimitFor(pathname: string, serverAction: boolean): BodyLimit {
  if (serverAction) return { bytes: FORM_BODY_LIMIT_BYTES, message: `The upload is over the ${sizeText(UPLOAD_LIMIT_BYTES)} limit for a file. ${SPLIT}` };
  if (pathname === '/api/fhir' || pathname.startsWith('/api/fhir/')) {
    return { bytes: UPLOAD_LIMIT_BYTES, message: `The Bundle is over the ${sizeText(UPLOAD_LIMIT_BYTES)} limit: split it (one patient per Bundle works), or import it with npm run import on the server.` };
  }
  return { bytes: JSON_BODY_LIMIT_BYTES, message: `The body is over the ${sizeText(JSON_BODY_LIMIT_BYTES)} limit.` };
}

/** The 413 answer: JSON like every API error, naming the limit. */
export function tooLargeResponse(limit: BodyLimit): Response {
  return Response.json({ error: { code: 'too-large', message: limit.message } }, { status: 413, headers: { 'Cache-Control': 'no-store' } });
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a body over its limit: by its declared Content-Length without reading it,
 * or, for a body sent without one (chunked), by reading the proxy's own copy of what
 * Next buffered (at most PROXY_BUFFER_BYTES; the handler reads another copy). Null
 * when the body is within its limit.
 */
export async function refuseOversizedBody(request: Request, pathname: string): Promise<Response | null> {
  if (!WITH_BODY.has(request.method)) return null;
  const limit = bodyLimitFor(pathname, request.headers.has('next-action'));
  const declared = request.headers.get('content-length');
  if (declared !== null) return Number(declared) > limit.bytes ? tooLargeResponse(limit) : null;
  if (!request.body) return null;
  const reader = request.body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return null;
    size += value.byteLength;
    if (size > limit.bytes) {
      await reader.cancel();
      return tooLargeResponse(limit);
    }
  }
}
