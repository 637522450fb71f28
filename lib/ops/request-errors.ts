/**
 * Errors that reach Next's error handling (a page, layout or server component that threw;
 * a route handler or server action that let an error escape). Next calls
 * instrumentation.ts `onRequestError` with the route pattern and the request's headers;
 * this logs the error with the request id (lib/ops/request-log.ts set that header) and
 * with Next's digest, the reference app/error.tsx shows the user. Next gives the browser
 * only the digest, so the digest is what the user reads out and support searches for:
 * it is on this error line and on the request's own line, beside the request id.
 */
import { log } from './log';
import { currentRequest, REQUEST_ID_HEADER } from './request-context';

interface ErrorRequest { method: string; headers: NodeJS.Dict<string | string[]> }
interface ErrorContext { routePath: string; routeType: string; renderSource?: string }

export function logRequestError(error: unknown, request: ErrorRequest, context: ErrorContext): void {
  const header = request.headers[REQUEST_ID_HEADER];
  const ctx = currentRequest();
  const digest = typeof (error as { digest?: unknown })?.digest === 'string' ? (error as { digest: string }).digest : null;
  if (ctx && digest) ctx.errorDigest = digest;
  log().error(
    {
      requestId: ctx?.requestId ?? (typeof header === 'string' ? header : null),
      userId: ctx?.userId ?? null,
      method: request.method,
      route: context.routePath,
      routeType: context.routeType,
      ...(context.renderSource ? { renderSource: context.renderSource } : {}),
      errorDigest: digest,
      // The raw error: the logger's serializer (errorForLog) keeps its type, message, stack and code.
      err: error,
    },
    'request failed',
  );
}
