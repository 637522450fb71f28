import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { safeCallbackPath } from './lib/callback-url';
import { refuseOversizedBody } from './lib/api/body-limits';

/** Pages and endpoints reachable without a session (the tab icon too: the sign-in page shows it). */
const PUBLIC_PATHS = ['/signin', '/setup', '/api/auth', '/api/health', '/icon.svg'];
/** Endpoints that authenticate on their own (API tokens, the metrics token), not with the session cookie. */
const SELF_AUTHENTICATED = ['/api/v1', '/api/fhir', '/api/metrics'];

const isUnder = (pathname: string, base: string) => pathname === base || pathname.startsWith(`${base}/`);

/** Methods that change nothing; every other one must come from this site. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Hosts this site answers as: the Host header, and the public address in NEXTAUTH_URL. */
function ownHosts(request: NextRequest): string[] {
  const hosts = [request.headers.get('host') ?? request.nextUrl.host];
  try {
    if (process.env.NEXTAUTH_URL) hosts.push(new URL(process.env.NEXTAUTH_URL).host);
  } catch {
    // An unreadable NEXTAUTH_URL adds nothing.
  }
  return hosts;
}

/**
 * Why a request that changes something (a server action, a form POST, sign-in) is
 * refused as possibly cross-site, or null (issue 20, item 8). Browsers send Origin with
 * every POST and Sec-Fetch-Site with every request; a request without Origin, with an
 * Origin of another host or "null", or marked as coming from another site is not a
 * form of this site (CSRF). Next checks server actions only when Origin is present.
 * The REST and FHIR API keep their own rule (lib/api/http.ts: bearer tokens need none).
 */
export function crossSiteProblem(request: NextRequest): string | null {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin') return 'the browser marked it as coming from another site';
  const origin = request.headers.get('origin');
  if (!origin) return 'it carries no Origin header';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return 'its Origin header is not an address';
  }
  return host !== '' && ownHosts(request).includes(host) ? null : 'its Origin is another site';
}

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
/**
 * First line of defence: request bodies within their limits, per-request CSP nonce,
 * no-store caching, no page or POST without a session cookie, and no POST to a page, a
 * server action or sign-in from another site. It only checks that a valid JWT is
 * present; the DAL re-checks the session, the user and the permission on every call.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Before anything reads a body: one over its documented limit is a 413 naming the limit (lib/api/body-limits.ts).
  const tooLarge = await refuseOversizedBody(request, pathname);
  if (tooLarge) return tooLarge;
  const selfAuthenticated = SELF_AUTHENTICATED.some((base) => isUnder(pathname, base));
  const open = selfAuthenticated || PUBLIC_PATHS.some((base) => isUnder(pathname, base));
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
      const back = safeCallbackPath(`${pathname}${search}`, request.nextUrl.origin);
      if (back !== '/') url.searchParams.set('callbackUrl', back);
      return NextResponse.redirect(url);
    }
  }
  if (!selfAuthenticated && !SAFE_METHODS.has(request.method)) {
    const problem = crossSiteProblem(request);
    if (problem) {
      return NextResponse.json(
        { error: { code: 'forbidden', message: `Cross-site request refused: ${problem}. Send forms from this site's own pages.` } },
        { status: 403, headers: { 'Cache-Control': 'no-store' } },
      );
    }
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // For the record of a refused page (lib/dal/session.ts requirePagePermission); always ours, never the client's.
  requestHeaders.set('x-titerline-path', pathname.slice(0, 200));
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('Cache-Control', 'no-store, max-age=0');
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
