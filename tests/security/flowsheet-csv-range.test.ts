/**
 * The flowsheet CSV's period (`from`, `to`) as a client could send it: malformed,
 * impossible or reversed dates are refused with a 400 that says what is allowed, and
 * nothing is exported, audited or stored. The page sends its window's dates
 * (timeline-view.tsx); this is what any other caller gets.
 */
import './next-als';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { createAssay } from '@/lib/dal/assays';
import { createPatient } from '@/lib/dal/patients';
import { daysAgo } from '../setup/dal-helpers';
import { tableCounts } from '../setup/temp-db';
import { ROUTES } from './registry';
import { callRoute, createWorld, type World } from './harness';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

let world: World;
let patientId: number;

beforeAll(async () => {
  world = await createWorld();
  const { admin, nurse } = world.users;
  const assay = createAssay(admin, { name: 'Mi-2 ELISA', analyte: 'mi2-beta', method: 'elisa', unit: 'units', cutoff: '20', lab: 'Central lab' });
  patientId = createPatient(nurse, { mrn: 'RANGE-1', familyName: 'Range', givenName: 'Rita', birthDate: '1970-06-15', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
  recordAntibodyResult(nurse, patientId, { assayId: assay.id, collectedOn: daysAgo(30), value: '40' });
}, 90_000);
afterAll(() => world.dispose());

const entry = ROUTES.find((e) => e.file.endsWith('/timeline/csv/route.ts') && e.method === 'GET')!;
const get = (query: string) => callRoute(entry, { path: `/patients/${patientId}/timeline/csv?${query}`, params: { id: String(patientId) } }, { kind: 'cookie', caller: world.callers.admin });

describe('flowsheet CSV: the period asked for', () => {
  it.each([
    ['from=2026-13-01', 'From date'],
    ['from=2025-02-30', 'From date'],
    ['to=yesterday', 'To date'],
    ['from=01/02/2025', 'From date'],
    ['from=2025-06-01&to=2025-01-01', 'The end date must not be before the start date.'],
  ])('%s is refused with a 422 naming the date, and changes nothing', async (query, named) => {
    const before = tableCounts();
    const res = await get(query);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { error: { message: string } };
    expect(JSON.stringify(body)).toContain(named);
    expect(JSON.stringify(body)).not.toMatch(/ZodError|at .*\.ts|stack/i);
    expect(tableCounts()).toEqual(before);
  });

  it('a valid period, or none, exports the CSV (the same call the refusals are made against)', async () => {
    for (const query of [`from=${daysAgo(60)}&to=${daysAgo(0)}`, '']) {
      const res = await get(query);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(await res.text()).toContain('40');
    }
  });
});
