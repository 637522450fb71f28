/**
 * A real HTTP server in front of the real FHIR route handlers of app/api/fhir, so a
 * standard FHIR client (fhir-kit-client, over fetch and sockets) can be tested
 * against them without a Next build: each request becomes the NextRequest Next would
 * build, goes to the handler Next's file-system router would pick (static segments
 * before dynamic ones, the catch-all last), and the Response goes back on the wire.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Response | Promise<Response>;
type Route = { re: RegExp; names: string[]; load: () => Promise<Record<string, unknown>> };

const R = (pattern: string, names: string[], load: Route['load']): Route => ({ re: new RegExp(`^/api/fhir${pattern}$`), names, load });
const ROUTES: Route[] = [
  R('', [], () => import('@/app/api/fhir/route')),
  R('/metadata', [], () => import('@/app/api/fhir/metadata/route')),
  R('/Patient', [], () => import('@/app/api/fhir/Patient/route')),
  R('/Patient/([^/]+)', ['id'], () => import('@/app/api/fhir/Patient/[id]/route')),
  R('/Patient/([^/]+)/([^/]+)', ['id', 'op'], () => import('@/app/api/fhir/Patient/[id]/[op]/route')),
  R('/Observation', [], () => import('@/app/api/fhir/Observation/route')),
  R('/Observation/([^/]+)', ['id'], () => import('@/app/api/fhir/Observation/[id]/route')),
  R('/MedicationStatement', [], () => import('@/app/api/fhir/MedicationStatement/route')),
  R('/MedicationStatement/([^/]+)', ['id'], () => import('@/app/api/fhir/MedicationStatement/[id]/route')),
];
const CATCH_ALL = R('/(.+)', ['path'], () => import('@/app/api/fhir/[...path]/route'));

async function dispatch(req: http.IncomingMessage, body: Buffer, origin: string): Promise<Response> {
  const url = new URL(req.url ?? '/', origin);
  // Next redirects /api/fhir/ to /api/fhir (308 keeps the method and body); go there directly.
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  const route = ROUTES.find((r) => r.re.test(url.pathname)) ?? CATCH_ALL;
  const m = route.re.exec(url.pathname);
  if (!m) return new Response('not found', { status: 404 });
  const params: Record<string, string | string[]> = {};
  route.names.forEach((n, i) => { params[n] = n === 'path' ? (m[i + 1] ?? '').split('/') : m[i + 1] ?? ''; });
  const mod = await route.load();
  const handler = mod[req.method ?? 'GET'] as Handler | undefined;
  // Next answers 405 when the route file has no handler for the method.
  if (!handler) return new Response(null, { status: 405 });
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const request = new NextRequest(url, { method: req.method, headers, body: ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : new Uint8Array(body) });
  return handler(request, { params: Promise.resolve(params) });
}

export interface FhirTestServer { base: string; close: () => Promise<void> }

/** Starts the server on a free port; its FHIR base is `${origin}/api/fhir`. */
export async function startFhirServer(): Promise<FhirTestServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { port } = server.address() as AddressInfo;
      dispatch(req, Buffer.concat(chunks), `http://127.0.0.1:${port}`)
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((e: unknown) => {
          res.writeHead(599);
          res.end(String(e));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/api/fhir`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
