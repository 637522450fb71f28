import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { decode } from 'next-auth/jwt';
import { can, type Action } from '../permissions';
import { forbidden, unauthorized } from '../errors';
import type { Actor } from './actor';
import { resolveSession } from './auth';
import { awaitWriteLock } from './write-lock';

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
  return token?.sid ? resolveSession(token.sid) : null;
});

/** For pages: the actor, or a redirect to sign-in. */
export async function requireUser(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  return actor;
}

/** For pages: the actor holding `action`, else sign-in or the forbidden page. */
export async function requirePagePermission(action: Action): Promise<Actor> {
  const actor = await requireUser();
  if (!can(actor, action)) redirect('/forbidden');
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
 * For actions and route handlers: the actor, or an `unauthorized`/`forbidden` error.
 * In a server action, which is about to write, it then waits (without blocking the
 * server) while another process holds the database's write lock, and throws `busy`
 * after a few seconds: the form says "nothing was saved, try again"
 * (write-lock.ts). `readOnly` actions (a preview) skip that wait.
 */
export async function actorFor(action?: Action, opts: { readOnly?: boolean } = {}): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw unauthorized();
  if (action && !can(actor, action)) throw forbidden();
  if (!opts.readOnly && (await isServerAction())) await awaitWriteLock();
  return actor;
}
