import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { decode } from 'next-auth/jwt';
import { can, type Action } from '../permissions';
import { AppError, forbidden, unauthorized } from '../errors';
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
  const sid = await sessionIdFromCookie();
  const actor = sid ? resolveSession(sid) : null;
  // The request log names the user (by id only: lib/ops/request-log.ts).
  if (actor) noteRequestCaller({ userId: actor.userId });
  return actor;
});

/** The server-side session this browser's next-auth cookie names, if the cookie is genuine. */
export async function sessionIdFromCookie(): Promise<string | null> {
  const store = await cookies();
  const raw = SESSION_COOKIES.map((n) => store.get(n)?.value).find(Boolean);
  const secret = process.env.NEXTAUTH_SECRET;
  if (!raw || !secret) return null;
  const token = await decode({ token: raw, secret }).catch(() => null);
  return typeof token?.sid === 'string' ? token.sid : null;
}

/** Expires next-auth's session cookie in this browser (the row it names has ended). */
export async function clearSessionCookie(): Promise<void> {
  const store = await cookies();
  for (const name of SESSION_COOKIES) {
    if (store.has(name)) store.set(name, '', { maxAge: 0, path: '/', httpOnly: true, sameSite: 'lax', secure: name.startsWith('__Secure-') });
  }
}

/** Where a user whose two-factor set-up is overdue is sent (issue 21). */
export const ENROL_PATH = '/account/two-factor';

/** For pages: the actor, or a redirect to sign-in (or to the overdue two-factor set-up). */
export async function requireUser(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  if (actor.secondFactorOverdue) redirect(ENROL_PATH);
  return actor;
}

/** For the user's own account page and its actions: any signed-in user, set-up overdue or not. */
export async function requireOwnAccount(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  return actor;
}

/** The refusal for a user whose two-factor set-up is overdue, anywhere but the set-up itself. */
export const secondFactorFirst = () => new AppError('forbidden', 'Set up two-factor sign-in first, on your account page; until then nothing else is open to you.');

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
  if (actor.secondFactorOverdue) throw secondFactorFirst();
  if (action && !can(actor, action)) throw forbidden({ actor, permission: action, target });
  if (!readOnly && (await isServerAction())) await awaitWriteLock();
  return actor;
}

/**
 * For the user's own two-factor set-up actions: the signed-in user even while the set-up
 * is overdue (it is how they get out of that state); waits for the write lock like actorFor.
 */
export async function actorForOwnAccount(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw unauthorized();
  if (await isServerAction()) await awaitWriteLock();
  return actor;
}
