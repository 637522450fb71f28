/**
 * next-auth's own request handling (next-auth/core AuthHandler: the code behind
 * /api/auth/*) run with the app's authOptions on real web Requests - cookies, CSRF
 * token, credentials callback, session endpoint - without Next's request scope, which
 * next-auth's Next adapter needs and vitest does not have (harness.ts, inNextScope).
 */
// next-auth does not export its core (package.json "exports"); it is the handler behind every /api/auth route.
import { AuthHandler } from '../../node_modules/next-auth/core/index.js';
import { authOptions } from '@/lib/dal/auth-options';
import { ORIGIN, SECRET } from './harness';

export interface AuthReply { status: number; body: unknown; redirect: string | null; cookies: Record<string, string> }

export async function authRequest(path: string, init: { method?: string; cookies?: Record<string, string>; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<AuthReply> {
  const headers = new Headers(init.headers);
  const cookies = Object.entries(init.cookies ?? {}).map(([k, v]) => `${k}=${v}`).join('; ');
  if (cookies) headers.set('cookie', cookies);
  let body: string | undefined;
  if (init.form) {
    // The core reads a web Request's body as JSON (next-auth's Next adapter parses the form into the same object).
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.form);
  }
  const req = new Request(`${ORIGIN}${path}`, { method: init.method ?? 'GET', headers, body });
  const res = await AuthHandler({ req, options: { ...authOptions, secret: SECRET } });
  const set: Record<string, string> = {};
  for (const c of res.cookies ?? []) set[c.name] = c.value;
  return { status: res.status ?? (res.redirect ? 302 : 200), body: res.body, redirect: res.redirect ?? null, cookies: set };
}

export const SESSION_COOKIE = 'next-auth.session-token';

/**
 * A sign-in through next-auth's credentials callback, as the sign-in form sends it
 * (CSRF token first). `headers` are the request's headers as the server received them
 * (X-Forwarded-For, the peer stamp). Returns the session cookie, or null and the error.
 */
export async function signInThroughNextAuth(email: string, password: string, headers: Record<string, string> = {}): Promise<{ cookie: string | null; error: string | null; redirect: string | null }> {
  const csrf = await authRequest('/api/auth/csrf');
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  const res = await authRequest('/api/auth/callback/credentials', {
    method: 'POST', cookies: csrf.cookies, headers, form: { csrfToken, email, password, json: 'true' },
  });
  const error = res.redirect ? new URL(res.redirect).searchParams.get('error') : null;
  return { cookie: res.cookies[SESSION_COOKIE] ?? null, error, redirect: res.redirect };
}
