import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { ZodError } from 'zod';
import { actorFromApiToken } from '../dal/api-token-auth';
import { recordRefusal } from '../dal/refusals';
import { currentActor, secondFactorFirst } from '../dal/session';
import { awaitWriteLock } from '../dal/write-lock';
import { JSON_BODY_LIMIT_BYTES } from './body-limits';
import type { Actor } from '../dal/actor';
import { can, type Action } from '../permissions';
import { AppError, asBusy, BUSY_RETRY_AFTER_SECONDS, forbidden, isAppError, unauthorized } from '../errors';
import { logFailure, referenceSentence } from '../ops/log';

/** Request bodies larger than this are refused with 413 before they are parsed (lib/api/body-limits.ts). */
export const MAX_BODY_BYTES = JSON_BODY_LIMIT_BYTES;

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The challenge of every 401: an API token in `Authorization: Bearer <token>`. */
export const BEARER_CHALLENGE = 'Bearer realm="Titerline API"';

export function json(data: unknown, status = 200): NextResponse {
  return NextResponse.json(data, { status, headers: NO_STORE });
}

export function errorJson(code: string, message: string, status: number, fields?: Record<string, string[]>): NextResponse {
  return json({ error: { code, message, ...(fields && Object.keys(fields).length ? { fields } : {}) } }, status);
}

/**
 * True when `origin` names this host. Browsers send `Origin: null` from sandboxed
 * frames, file: pages and some redirects; that, a missing header and anything that is
 * not a URL are cross-site (refused with 403, not a 500 from new URL()).
 */
function sameSite(origin: string | null, host: string): boolean {
  if (!origin) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The caller: a bearer API token, else the session cookie. A cookie-authenticated
 * request that changes data must come from this site (Origin check against CSRF);
 * token requests carry no ambient credentials, so they need none.
 */
export async function apiActor(request: NextRequest, action?: Action): Promise<Actor> {
  const auth = request.headers.get('authorization');
  let actor: Actor | null;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    // An unknown, expired, revoked or disabled token is refused (401) with the reason.
    actor = m?.[1] ? actorFromApiToken(m[1]) : null;
  } else {
    actor = await currentActor();
    if (actor && !['GET', 'HEAD'].includes(request.method) && !sameSite(request.headers.get('origin'), request.nextUrl.host)) {
      throw new AppError('forbidden', 'Cross-site request refused: the Origin header must match this site.');
    }
  }
  if (!actor) throw unauthorized();
  if (actor.secondFactorOverdue) throw secondFactorFirst();
  if (action && !can(actor, action)) throw forbidden({ actor, permission: action, target: `${request.method} ${request.nextUrl.pathname}` });
  // A write waits here, without blocking the server, while another process (an import)
  // holds the write lock; after a few seconds it is a 503 with Retry-After.
  if (!['GET', 'HEAD'].includes(request.method)) await awaitWriteLock();
  return actor;
}

/** Reads a JSON body with a size limit; 413 / 415 / 400 with a message otherwise. */
export async function readJsonBody(request: NextRequest): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json') && !type.toLowerCase().startsWith('application/fhir+json')) {
    throw new AppError('invalid', 'Send the body as JSON (Content-Type: application/json).');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new AppError('too-large', `The body is over the ${MAX_BODY_BYTES / 1024} KB limit.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError('too-large', `The body is over the ${MAX_BODY_BYTES / 1024} KB limit.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid', 'The body is not valid JSON.');
  }
}

/**
 * Runs a handler and maps every failure to a JSON error: never a 500 with a stack
 * trace. A database busy with another process's write is a 503 with Retry-After
 * (nothing was written; the same request can be sent again).
 */
export async function handle(fn: () => Promise<NextResponse> | NextResponse): Promise<NextResponse> {
  try {
    return await fn();
  } catch (raw) {
    const e = asBusy(raw);
    if (isAppError(e) && e.code === 'busy') {
      const res = errorJson(e.code, e.message, e.status);
      res.headers.set('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
      return res;
    }
    if (isAppError(e)) {
      recordRefusal(e, 'route');
      const res = errorJson(e.code, e.message, e.status, e.fieldErrors);
      // RFC 6750: a 401 names the scheme that would have worked.
      if (e.code === 'unauthorized') res.headers.set('WWW-Authenticate', BEARER_CHALLENGE);
      return res;
    }
    if (e instanceof ZodError) return errorJson('invalid', 'Invalid request.', 422);
    const ref = logFailure('API error', e);
    return errorJson('internal', `Something went wrong on our side; nothing was saved.${referenceSentence(ref)}`, 500);
  }
}
