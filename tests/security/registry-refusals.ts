/**
 * The /api/v1 handlers that only refuse: a method a path does not serve (405 with
 * Allow, lib/api/methods.ts) and any method on an unknown path (JSON 404). They read
 * nothing and write nothing, so they are listed for the registry scan only (not fed to
 * the permission matrix or hostile input); tests/integration/api-house.test.ts calls
 * each one and checks its answer.
 */
import * as v1Other from '@/app/api/v1/[...path]/route';
import * as v1Assays from '@/app/api/v1/assays/route';
import * as v1Patients from '@/app/api/v1/patients/route';
import * as v1Patient from '@/app/api/v1/patients/[id]/route';
import * as v1Timeline from '@/app/api/v1/patients/[id]/timeline/route';
import * as v1LabResults from '@/app/api/v1/patients/[id]/lab-results/route';
import type { HttpMethod, RouteEntry } from './registry';

type Module = Partial<Record<HttpMethod, RouteEntry['handler']>>;

const SERVED: { file: string; mod: Module; path: string; served: HttpMethod[]; status: 404 | 405 }[] = [
  { file: 'app/api/v1/patients/route.ts', mod: v1Patients, path: '/api/v1/patients', served: ['GET'], status: 405 },
  { file: 'app/api/v1/patients/[id]/route.ts', mod: v1Patient, path: '/api/v1/patients/1', served: ['GET'], status: 405 },
  { file: 'app/api/v1/patients/[id]/timeline/route.ts', mod: v1Timeline, path: '/api/v1/patients/1/timeline', served: ['GET'], status: 405 },
  { file: 'app/api/v1/patients/[id]/lab-results/route.ts', mod: v1LabResults, path: '/api/v1/patients/1/lab-results', served: ['POST'], status: 405 },
  { file: 'app/api/v1/assays/route.ts', mod: v1Assays, path: '/api/v1/assays', served: ['GET'], status: 405 },
  { file: 'app/api/v1/[...path]/route.ts', mod: v1Other, path: '/api/v1/nothing-here', served: ['GET'], status: 404 },
];

const REFUSING: HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'];

export interface RefusalEntry extends RouteEntry { allow: string | null }

export const REFUSALS: RefusalEntry[] = SERVED.flatMap(({ file, mod, path, served, status }) =>
  REFUSING.filter((m) => !served.includes(m) || status === 404).flatMap((method) => {
    const handler = mod[method];
    if (!handler) throw new Error(`${file} does not export ${method}`);
    // The catch-all's GET is a real route (in ROUTES); its other methods are listed here.
    if (status === 404 && method === 'GET') return [];
    return [{
      kind: 'route' as const, file, method, handler, needs: 'public' as const, auth: 'public' as const, okStatus: status, writes: false,
      allow: status === 405 ? [...served, ...(served.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ') : null,
      request: () => ({ path, params: {} }),
    }];
  }));
