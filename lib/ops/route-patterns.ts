/**
 * The route pattern of a request path ("/patients/[id]", not "/patients/42"), for the
 * request log and the metrics. A pattern names no record and no search term, and there
 * are few of them, so they can be metric labels. The patterns come from the production
 * build's routes manifest (.next/routes-manifest.json, the table Next itself routes by);
 * a path that matches none is "(unmatched)" (scanners, typos), so a label never holds
 * what a client made up.
 */
import fs from 'node:fs';
import path from 'node:path';

export const UNMATCHED = '(unmatched)';

interface Manifest {
  staticRoutes?: { page: string }[];
  dynamicRoutes?: { page: string; regex: string }[];
}

export interface RouteTable {
  exact: Map<string, string>;
  dynamic: { page: string; regex: RegExp }[];
}

/** Builds the table from a parsed routes manifest (tests pass their own). */
export function routeTable(manifest: Manifest): RouteTable {
  const exact = new Map<string, string>();
  for (const r of manifest.staticRoutes ?? []) exact.set(r.page, r.page);
  const dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  return { exact, dynamic };
}

/** Next's own files: served by the framework, one pattern each. */
const FRAMEWORK_PREFIXES: [string, string][] = [
  ['/_next/static/', '/_next/static/[file]'],
  ['/_next/image', '/_next/image'],
  ['/_next/', '/_next/[internal]'],
];

/** The pattern of `url` (a request target such as "/patients/42?tab=labs"). */
export function routePattern(url: string, table: RouteTable): string {
  const q = url.search(/[?#]/);
  let pathname = q < 0 ? url : url.slice(0, q);
  if (!pathname.startsWith('/')) return UNMATCHED;
  for (const [prefix, pattern] of FRAMEWORK_PREFIXES) if (pathname.startsWith(prefix)) return pattern;
  if (pathname.length > 1 && pathname.endsWith('/')) pathname = pathname.slice(0, -1);
  // Next serves a page's data (RSC) at the page's path with a suffix in some modes.
  pathname = pathname.replace(/\.(rsc|segments\/.*)$/, '');
  const direct = table.exact.get(pathname === '' ? '/' : pathname);
  if (direct) return direct;
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return UNMATCHED;
  }
  for (const r of table.dynamic) if (r.regex.test(pathname) || r.regex.test(decoded)) return r.page;
  return UNMATCHED;
}

let loaded: { file: string; table: RouteTable } | null = null;

/** The table of the build this server runs (read once; empty when there is no build, as in `next dev`). */
export function serverRouteTable(): RouteTable {
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), '.next', 'routes-manifest.json');
  if (loaded?.file !== file) {
    let manifest: Manifest = {};
    try {
      manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    } catch {
      // No build (next dev keeps it elsewhere): every path is "(unmatched)" rather than its raw self.
    }
    loaded = { file, table: routeTable(manifest) };
  }
  return loaded.table;
}
