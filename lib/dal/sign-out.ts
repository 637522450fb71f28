import 'server-only';
import { endSession } from './auth';
import { clearSessionCookie, sessionIdFromCookie } from './session';
import { providerSignOutUrl } from './sso-logout';
import { awaitWriteLock } from './write-lock';

/**
 * Sign-out from the top bar (issue 21): ends this browser's server-side session (one
 * transaction, audited `signout`), expires its cookie, and answers where the browser
 * goes next: the identity provider's sign-out for a single sign-on session whose
 * provider supports it (lib/dal/sso-logout.ts), else the sign-in page. Titerline's own
 * session has ended before the browser is sent anywhere.
 */
export async function signOutThisBrowser(): Promise<string> {
  const sid = await sessionIdFromCookie();
  let sealedIdToken: string | null = null;
  if (sid) {
    await awaitWriteLock();
    sealedIdToken = endSession(sid, 'signed out');
  }
  await clearSessionCookie();
  const signIn = signInPageUrl();
  return (signIn && (await providerSignOutUrl(sealedIdToken, signIn))) || '/signin';
}

/** The sign-in page's absolute address (the provider sends the browser back there), from NEXTAUTH_URL. */
function signInPageUrl(): string | null {
  try {
    return process.env.NEXTAUTH_URL ? new URL('/signin', process.env.NEXTAUTH_URL).href : null;
  } catch {
    return null;
  }
}
