/**
 * The FHIR read API's DAL on the demo cohort: every resource of every patient's
 * $everything (results, visit measures, derived TIS, dose epochs) reads back by id,
 * identical; retractions read as entered-in-error and reach an incremental sync;
 * hostile ids and other patients' ids change nothing; one audit event per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { exportPatientFhir } from '@/lib/dal/fhir-export';
import { readFhirResource, READABLE_TYPES, type ReadableType } from '@/lib/dal/fhir-read';
import { searchObservationsFhir } from '@/lib/dal/fhir-search';
import { markVisitInError } from '@/lib/dal/visits';
import type { Observation } from '@/lib/domain/fhir/types';
import { seedDemo } from '@/scripts/seed/demo';
import { makeActor } from '../setup/actors';
import { appError, auditRows, sqlite } from '../setup/dal-helpers';
import { livePatientIds } from '../setup/fhir';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, nurse: Actor, reviewer: Actor;

beforeAll(async () => {
  db = useTempDatabase();
  await seedDemo();
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
}, 180_000);
afterAll(() => db.dispose());

describe('every exported resource reads back by id', () => {
  it('for every demo patient, TIS and visit measures included', () => {
    let tis = 0;
    for (const id of livePatientIds()) {
      for (const r of exportPatientFhir(physician, id).resources) {
        const read = readFhirResource(nurse, r.resourceType as ReadableType, r.id ?? '');
        expect(read, `${r.resourceType}/${r.id}`).toEqual({ kind: 'found', resource: r });
        if (r.id?.startsWith('tis-')) tis++;
      }
    }
    expect(tis).toBeGreaterThan(5);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  }, 120_000);
});

describe('retractions', () => {
  it('a visit marked entered in error reads as entered-in-error, and _since brings its retraction and the TIS stubs', async () => {
    const patientId = livePatientIds().find((id) => exportPatientFhir(physician, id).resources.some((r) => r.id?.startsWith('tis-')));
    if (!patientId) throw new Error('the demo cohort has a patient with a TIS');
    const before = exportPatientFhir(physician, patientId).resources;
    const scored = before.find((r) => r.id?.startsWith('tis-')) as Observation;
    const visitId = Number(scored.id?.slice(4));
    const since = new Date(Date.now() - 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    markVisitInError(physician, patientId, visitId, 'Wrong patient');
    const panel = readFhirResource(reviewer, 'Observation', `visit-${visitId}`);
    expect(panel.kind === 'found' && (panel.resource as Observation).status).toBe('entered-in-error');
    await expect(appError(() => readFhirResource(reviewer, 'Observation', scored.id ?? ''))).resolves.toMatchObject({ code: 'not-found' });
    const changed = exportPatientFhir(physician, patientId, { since, types: null }).resources;
    const byId = new Map(changed.map((r) => [r.id, r as Observation]));
    expect(byId.get(`visit-${visitId}`)?.status).toBe('entered-in-error');
    expect(byId.get(scored.id ?? '')?.status).toBe('entered-in-error');
    expect(byId.get(scored.id ?? '')?.valueQuantity).toBeUndefined();
    // The full export still leaves every retraction out.
    expect(exportPatientFhir(physician, patientId).resources.some((r) => (r as Observation).status === 'entered-in-error')).toBe(false);
  });
});

describe('hostile reads', () => {
  it('malformed, unknown and wrong-type ids are not found, audit nothing and change nothing', async () => {
    const counts = tableCounts();
    const enz = (sqlite().prepare('SELECT id FROM enzyme_results LIMIT 1').get() as { id: number }).id;
    const bad: [ReadableType, string][] = [
      ['Observation', `med-${enz}`], ['MedicationStatement', `enz-${enz}`], ['Observation', 'ab-0'], ['Observation', `enz-${enz}x`],
      ['Patient', '1e3'], ['Patient', '-1'], ['Observation', 'visit-1-../../x'], ['Observation', 'x'.repeat(10_000)], ['Patient', '__proto__'],
    ];
    for (const [type, id] of bad) expect((await appError(() => readFhirResource(physician, type, id))).code, `${type}/${id.slice(0, 20)}`).toBe('not-found');
    expect(tableCounts()).toEqual(counts);
    expect(READABLE_TYPES).toEqual(['Patient', 'Observation', 'MedicationStatement']);
  });

  it('a deactivated user is refused; a search of an unknown patient finds nothing, audited once', async () => {
    // Reads are audited through the read journal: counted once chained, as the audit page shows them.
    const chained = () => auditRows().length;
    const counts = chained();
    expect((await appError(() => readFhirResource({ ...nurse, active: false }, 'Patient', '1'))).code).toBe('forbidden');
    expect(searchObservationsFhir(reviewer, { patient: 987654, codes: [], categories: null, dates: [], sort: null }, { count: 10, offset: 0 }, [['patient', '987654']])).toEqual({ resources: [], total: 0 });
    expect(chained()).toBe(counts + 1);
  });
});
