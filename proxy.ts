import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { refuseOversizedBody } from './lib/api/body-limits';

/** Pages and endpoints reachable without a session. */
const PUBLIC_PATHS = ['/signin', '/setup', '/api/auth', '/api/health'];
/** Endpoints that authenticate on their own (API tokens), not with the session cookie. */
const SELF_AUTHENTICATED = ['/api/v1', '/api/fhir'];

const isUnder = (pathname: string, base: string) => pathname === base || pathname.startsWith(`${base}/`);

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== 'production';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Chart.js and Next set inline style attributes; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * First line of defence: request bodies within their limits, per-request CSP nonce,
 * no-store caching, and no page or POST without a session cookie. It only checks that a valid JWT is present; the
 * DAL re-checks the session, the user and the permission on every call.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Before anything reads a body: one over its documented limit is a 413 naming the limit (lib/api/body-limits.ts).
  const tooLarge = await refuseOversizedBody(request, pathname);
  if (tooLarge) return tooLarge;
  const open = [...PUBLIC_PATHS, ...SELF_AUTHENTICATED].some((base) => isUnder(pathname, base));
  if (!open) {
    const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET }).catch(() => null);
    if (!token?.sid) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return NextResponse.json(
          { error: { code: 'unauthorized', message: 'Sign in first: this request needs a session.' } },
          { status: 401, headers: { 'Cache-Control': 'no-store' } },
        );
      }
      const url = new URL('/signin', request.url);
      if (pathname !== '/') url.searchParams.set('callbackUrl', `${pathname}${search}`);
      return NextResponse.redirect(url);
    }
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('Cache-Control', 'no-store, max-age=0');
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
