import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { decode } from 'next-auth/jwt';
import { can, type Action } from '../permissions';
import { forbidden, unauthorized } from '../errors';
import type { Actor } from './actor';
import { resolveSession } from './auth';
import { recordRefusalOf } from './refusals';
import { awaitWriteLock } from './write-lock';
import { noteRequestCaller } from '../ops/request-context';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

/**
 * The acting user for this request, or null. Decodes the next-auth JWT and then
 * re-reads the session row and the user from the database, so a deactivated user,
 * a changed role or an ended session takes effect at once. Once per request while
 * rendering (React `cache`): the layout, the page and its sections all ask, and
 * each decode derives the key again (HKDF) and queries the session (docs/performance.md).
 * Outside a render (route handlers, actions) every call reads afresh.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const store = await cookies();
  const raw = SESSION_COOKIES.map((n) => store.get(n)?.value).find(Boolean);
  const secret = process.env.NEXTAUTH_SECRET;
  if (!raw || !secret) return null;
  const token = await decode({ token: raw, secret }).catch(() => null);
  const actor = token?.sid ? resolveSession(token.sid) : null;
  // The request log names the user (by id only: lib/ops/request-log.ts).
  if (actor) noteRequestCaller({ userId: actor.userId });
  return actor;
});

/** For pages: the actor, or a redirect to sign-in. */
export async function requireUser(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  return actor;
}

/** The request's path, as proxy.ts passes it on (for the record of a refused page). */
export const PATH_HEADER = 'x-titerline-path';

/**
 * For pages: the actor holding `action`, else sign-in or the forbidden page. A refusal
 * is recorded as a security event (lib/dal/refusals.ts) with the page asked for.
 */
export async function requirePagePermission(action: Action): Promise<Actor> {
  const actor = await requireUser();
  if (!can(actor, action)) {
    const path = (await headers()).get(PATH_HEADER);
    recordRefusalOf({ actor, permission: action, target: path ? `page ${path}` : null }, 'page');
    redirect('/forbidden');
  }
  return actor;
}

/** A server action's request (Next names the action in this header). */
async function isServerAction(): Promise<boolean> {
  try {
    return (await headers()).has('next-action');
  } catch {
    return false;
  }
}

/**
 * For actions and route handlers: the actor, or an `unauthorized`/`forbidden` error
 * (the forbidden one names the actor, the permission and the target when given, for
 * the record the request's boundary writes). In a server action, which is about to
 * write, it then waits (without blocking the server) while another process holds the
 * database's write lock, and throws `busy` after a few seconds: the form says "nothing
 * was saved, try again" (write-lock.ts). `readOnly` actions (a preview) skip that wait.
 * `opts` may be the target alone.
 */
export async function actorFor(action?: Action, opts: string | null | { readOnly?: boolean; target?: string | null } = {}): Promise<Actor> {
  const { readOnly = false, target = null } = typeof opts === 'string' || opts === null ? { target: opts } : opts;
  const actor = await currentActor();
  if (!actor) throw unauthorized();
  if (action && !can(actor, action)) throw forbidden({ actor, permission: action, target });
  if (!readOnly && (await isServerAction())) await awaitWriteLock();
  return actor;
}
