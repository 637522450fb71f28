/**
 * First-load JavaScript per route, from the build's own manifests: the root main
 * files every page loads (.next/build-manifest.json) plus the chunks of the route's
 * layouts, boundaries and page (entryJSFiles of its client reference manifest), each
 * gzipped at level 9 as a server would send it. Chunks loaded later (dynamic imports
 * such as the chart code) are not first-load: scripts/bench/charts.ts reports them.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { ROOT } from './options';

const nextDir = (root: string) => path.join(root, '.next');

export interface RouteJs {
  route: string;
  files: string[];
  gzipKb: number;
}

export interface BundleStats {
  routes: RouteJs[];
  smallest: RouteJs;
  patient: RouteJs;
}

const gzCache = new Map<string, number>();
function gzipBytes(file: string, root = ROOT): number {
  const full = path.join(nextDir(root), file);
  let n = gzCache.get(full);
  if (n === undefined) {
    n = zlib.gzipSync(fs.readFileSync(full), { level: 9 }).length;
    gzCache.set(full, n);
  }
  return n;
}

function manifests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? manifests(p) : e.name.endsWith('page_client-reference-manifest.js') ? [p] : [];
  });
}

interface RscManifest {
  entryJSFiles: Record<string, string[]>;
}

/** Evaluates a client reference manifest (a script assigning globalThis.__RSC_MANIFEST[route]). */
function readManifest(file: string): [string, RscManifest][] {
  const sandbox = { globalThis: {} as { __RSC_MANIFEST?: Record<string, RscManifest> } };
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox);
  return Object.entries(sandbox.globalThis.__RSC_MANIFEST ?? {});
}

const sum = (files: Iterable<string>, root: string) => [...files].reduce((n, f) => n + gzipBytes(f, root), 0) / 1024;
const clean = (f: string) => f.replace(/^\/?_next\//, '');

/** Gzipped size (kB) of a file of the build, e.g. static/chunks/x.js. */
export const gzipKbOf = (file: string, root = ROOT) => gzipBytes(clean(file), root) / 1024;

/** `root`: the checkout whose build is read (another one to compare before and after a change). */
export function bundleStats(root = ROOT): BundleStats {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir(root), 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const routes: RouteJs[] = [];
  for (const file of manifests(path.join(nextDir(root), 'server', 'app'))) {
    for (const [route, m] of readManifest(file)) {
      if (!route.endsWith('/page') || route.startsWith('/_global-error')) continue;
      const files = new Set([...build.rootMainFiles, ...Object.values(m.entryJSFiles).flat()].map(clean));
      routes.push({ route, files: [...files], gzipKb: sum(files, root) });
    }
  }
  routes.sort((a, b) => a.gzipKb - b.gzipKb);
  const patient = routes.find((r) => r.route === '/(app)/patients/[id]/page');
  if (!routes[0] || !patient) throw new Error('No route statistics in .next: is there a production build?');
  return { routes, smallest: routes[0], patient };
}
