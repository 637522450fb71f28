import NextAuth from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { authOptions, SIGNIN_BUSY } from '@/lib/dal/auth-options';
import { BUSY_RETRY_AFTER_SECONDS } from '@/lib/errors';

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth's own test (core/lib/assert.js): a path, or an absolute http(s) URL. */
function isPathOrHttpUrl(url: string): boolean {
  try {
    return /^https?:/.test(new URL(url, url.startsWith('/') ? 'http://localhost' : undefined).protocol);
  } catch {
    return false;
  }
}

const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'];

/**
 * What next-auth v4 would answer with a 500 although the client is at fault: a
 * callbackUrl (query or cookie) that is not a path or an http(s) URL ("server
 * configuration" error), and a JSON content type with a body that is not JSON (an
 * uncaught SyntaxError). Refused here with 400 JSON instead; next-auth sees the rest.
 */
async function clientError(request: NextRequest): Promise<string | null> {
  const callbackUrls = [request.nextUrl.searchParams.get('callbackUrl'), ...CALLBACK_COOKIES.map((n) => request.cookies.get(n)?.value)];
  if (callbackUrls.some((u) => u && !isPathOrHttpUrl(u))) return 'callbackUrl must be a path or an http(s) URL.';
  if (request.method === 'POST' && (request.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      JSON.parse(await request.clone().text());
    } catch {
      return 'The body is not valid JSON.';
    }
  }
  return null;
}

/**
 * next-auth answers every credentials failure with 401, a database busy with another
 * process's write included (auth-options.ts throws SIGNIN_BUSY): that one is a 503
 * with Retry-After instead, so neither a client nor a monitor reads it as a wrong
 * password. The body (the sign-in page's `error=busy`) is kept.
 */
async function busyAs503(response: Response): Promise<Response> {
  if (response.status !== 401 || !(response.headers.get('content-type') ?? '').includes('json')) return response;
  const body = await response.clone().text();
  if (!body.includes(`error=${SIGNIN_BUSY}`)) return response;
  const headers = new Headers(response.headers);
  headers.set('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
  return new Response(body, { status: 503, headers });
}

async function authRoute(request: NextRequest, context: Context): Promise<Response> {
  const problem = await clientError(request);
  if (problem) return NextResponse.json({ error: { code: 'invalid', message: problem } }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  const response: Response = await handler(request, context);
  return request.method === 'POST' ? busyAs503(response) : response;
}

export { authRoute as GET, authRoute as POST };
