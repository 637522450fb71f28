/**
 * One log line and one metrics observation per HTTP request, written when the response
 * is done (or the client went away). Next has no hook that sees both a request's start
 * and its final status, and proxy.ts runs before the route answers, so
 * instrumentation.ts installs this on Node's http.Server the same way as the peer stamp
 * (lib/peer-stamp.ts): the 'request' event is where a request arrives and where its
 * response can be watched to the end.
 *
 * Each request gets a random id, written over any X-Request-Id the client sent, passed to
 * Next as that request header and sent back as the X-Request-Id response header. The
 * whole of Next's handling runs inside the request's context (lib/ops/request-context.ts),
 * so the data layer can add the user id and error handlers the request id.
 *
 * The line holds the method, the route pattern (lib/ops/route-patterns.ts; never the path
 * or query, which can hold a record id or an MRN search), the status, the duration, the
 * user or API token id and the request id: nothing about patients.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { log } from './log';
import { metrics, methodLabel, secondsSince } from './metrics';
import { REQUEST_ID_HEADER, requestContextStorage, type RequestContext } from './request-context';
import { routePattern, serverRouteTable } from './route-patterns';

const INSTALLED = Symbol.for('titerline.request-log-installed');
type Holder = { [INSTALLED]?: boolean };

/** A request id: 16 random bytes, URL-safe (22 characters), easy to read out and to search for. */
export function newRequestId(): string {
  return randomBytes(16).toString('base64url');
}

/** The fields of a request's log line (exported for the tests of what a line may hold). */
export function requestLine(ctx: RequestContext, req: Pick<http.IncomingMessage, 'method' | 'url' | 'headers'>, status: number, seconds: number, finished: boolean) {
  return {
    requestId: ctx.requestId,
    method: methodLabel(req.method),
    route: routePattern(req.url ?? '', serverRouteTable()),
    status,
    durationMs: Math.round(seconds * 10_000) / 10,
    userId: ctx.userId,
    ...(ctx.apiTokenId !== null ? { apiTokenId: ctx.apiTokenId } : {}),
    ...(ctx.errorDigest !== null ? { errorDigest: ctx.errorDigest } : {}),
    // A server action is a POST to the page's path; say so, the pattern alone does not.
    ...(req.headers['next-action'] ? { serverAction: true } : {}),
    ...(finished ? {} : { clientGone: true }),
  };
}

function observe(ctx: RequestContext, req: http.IncomingMessage, res: http.ServerResponse, startNs: bigint): void {
  const seconds = secondsSince(startNs);
  const line = requestLine(ctx, req, res.statusCode, seconds, res.writableFinished);
  const m = metrics();
  m.httpRequests.inc({ method: line.method, route: line.route, status: String(line.status) });
  m.httpDuration.observe({ method: line.method, route: line.route }, seconds);
  const level = line.status >= 500 ? 'error' : 'info';
  log()[level](line, 'request');
}

/** Logs and measures every request this process's HTTP servers receive (idempotent). */
export function installRequestLog(): void {
  const holder = globalThis as Holder;
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  const storage = requestContextStorage();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function logRequest(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'request') return Reflect.apply(emit, this, [event, ...args]) as boolean;
    const req = args[0] as http.IncomingMessage;
    const res = args[1] as http.ServerResponse;
    const ctx: RequestContext = { requestId: newRequestId(), userId: null, apiTokenId: null, errorDigest: null };
    req.headers[REQUEST_ID_HEADER] = ctx.requestId;
    res.setHeader('X-Request-Id', ctx.requestId);
    const startNs = process.hrtime.bigint();
    res.once('close', () => {
      try {
        observe(ctx, req, res, startNs);
      } catch {
        // The log must never take a request down with it.
      }
    });
    return storage.run(ctx, () => Reflect.apply(emit, this, [event, ...args]) as boolean);
  };
}
