/**
 * A hospital Bundle whose resources have the right structure still imports as before;
 * one mistyped element in a resource Titerline reads refuses the whole Bundle, as a
 * dry run and for real, naming the element, and leaves every table and the audit chain
 * as they were (lib/domain/fhir/import-structure.ts, decision 31). Real SQLite file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { makeActor } from '../setup/actors';
import { daysAgo } from '../setup/dal-helpers';
import { hospitalLabBundle, URL } from '../setup/hospital-bundle';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

type Resource = Record<string, unknown>;
const DAY = daysAgo(20);

/** The hospital Bundle with the resource at `fullUrl` changed by `change`. */
function withChange(fullUrl: string, change: (r: Resource) => Resource) {
  const bundle = hospitalLabBundle(DAY);
  return { ...bundle, entry: bundle.entry.map((e) => (e.fullUrl === fullUrl ? { ...e, resource: change(e.resource) } : e)) };
}

describe('FHIR import checks the structure of each resource before mapping it', () => {
  let physician: Actor;
  beforeAll(async () => {
    useTempDatabase();
    physician = await makeActor('physician');
  });

  const cases: [string, string, (r: Resource) => Resource, RegExp][] = [
    ['a result value sent as text', URL.ck, (r) => ({ ...r, valueQuantity: { value: '480', unit: 'U/L' } }), /Observation\.valueQuantity\.value must be a number, not text/],
    ['a coding that is not a list', URL.mi2, (r) => ({ ...r, code: { coding: { system: 'http://loinc.org', code: '88733-1' } } }), /Observation\.code\.coding must be a list/],
    ['a birth date sent as a number', URL.patient, (r) => ({ ...r, birthDate: 19680412 }), /Patient\.birthDate must be text, not the number 19680412/],
    ['a dose that is text', URL.statement, (r) => ({ ...r, dosage: [{ doseAndRate: [{ doseQuantity: { value: '1000 mg' } }] }] }), /MedicationStatement\.dosage\[0\]\.doseAndRate\[0\]\.doseQuantity\.value must be a number/],
    ['a subject given as a string', URL.ldh, (r) => ({ ...r, subject: 'Patient/H-40021' }), /Observation\.subject must be an object/],
  ];

  for (const [what, url, change, message] of cases) {
    it(`refuses ${what}, writing nothing`, () => {
      for (const dryRun of [true, false]) {
        const before = tableCounts();
        const report = importFhirBundle(physician, withChange(url, change), { dryRun });
        expect(report.ok).toBe(false);
        expect(report.lines.filter((l) => l.outcome === 'rejected').map((l) => l.message).join('\n')).toMatch(message);
        expect(tableCounts()).toEqual(before);
      }
      expect(verifyAuditChain(getDb()).ok).toBe(true);
    });
  }

  it('reads the same Bundle with a sound structure: nothing in it is refused for its structure', () => {
    const report = importFhirBundle(physician, hospitalLabBundle(DAY), { dryRun: true });
    expect(report.lines.filter((l) => l.message.startsWith('Not FHIR R4 JSON'))).toEqual([]);
  });
});
