/**
 * What the request log needs to know about the request being served: its id, and who
 * made it once the data layer has resolved the caller. The HTTP server's request event
 * runs each request inside this context (lib/ops/request-log.ts); everything the request
 * does (the proxy, a page, a route handler, a server action) runs inside it too, so the
 * data layer can name the user and error handlers can name the request id.
 *
 * The store lives on globalThis under a registered symbol: Next bundles
 * instrumentation.ts and every route separately, and each bundle would otherwise hold
 * its own copy of this module (the same reason as lib/peer-stamp.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  /** Random, ours (a client's X-Request-Id is not believed), sent back as X-Request-Id. */
  requestId: string;
  /** The signed-in user's id, once the data layer has resolved the session. */
  userId: number | null;
  /** The API token's id, when the request authenticated with one. */
  apiTokenId: number | null;
  /** Next's digest of an error that reached its error page (the reference the page shows). */
  errorDigest: string | null;
}

/** The request id header the server sets on every request it receives (and on its response). */
export const REQUEST_ID_HEADER = 'x-request-id';

const KEY = Symbol.for('titerline.request-context');
type Holder = { [KEY]?: AsyncLocalStorage<RequestContext> };

export function requestContextStorage(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new AsyncLocalStorage<RequestContext>();
  return holder[KEY];
}

/** The context of the request being served, or undefined (tests, CLIs, timers). */
export function currentRequest(): RequestContext | undefined {
  return requestContextStorage().getStore();
}

/** The id of the request being served, or null outside one. */
export function currentRequestId(): string | null {
  return currentRequest()?.requestId ?? null;
}

/** Records who is making the request (the data layer calls this once it knows). */
export function noteRequestCaller(caller: { userId?: number | null; apiTokenId?: number | null }): void {
  const ctx = currentRequest();
  if (!ctx) return;
  if (caller.userId != null) ctx.userId = caller.userId;
  if (caller.apiTokenId != null) ctx.apiTokenId = caller.apiTokenId;
}
