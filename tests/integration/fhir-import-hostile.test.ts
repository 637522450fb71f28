/**
 * Hostile Bundles against the hospital import (issue 18, Proof): huge, deep, wrong
 * types, another patient's identifiers, and code-map input that is not what the
 * preview offered. Each gets a precise answer, never a 500, and leaves the database
 * exactly as it was (every table's row count, and an intact audit chain).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { confirmCodeMapping, createCodeMapping, setCodeMappingActive, updateCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { senderKey } from '@/lib/domain/fhir/import-code-map';
import { makeActor } from '../setup/actors';
import { appError, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { ASTRID, HOSPITAL, hospitalLabBundle, hospitalPatient, mi2Observation, resultId } from '../setup/hospital-bundle';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let physician: Actor, nurse: Actor, reviewer: Actor;
const DAY = daysAgo(30);
const collection = (resources: unknown[]) => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource, i) => ({ fullUrl: `urn:uuid:5e0c7a10-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, resource })) });

/** Imports (for real, and as a dry run), expects a refusal naming `pattern`, and proves nothing changed. */
function expectRefused(input: unknown, pattern: RegExp, actor = physician) {
  for (const dryRun of [true, false]) {
    const before = tableCounts();
    const report = importFhirBundle(actor, input, { dryRun });
    expect(report.ok, JSON.stringify(report.lines.slice(0, 3))).toBe(false);
    expect(report.lines.filter((l) => l.outcome === 'rejected').map((l) => l.message).join('\n')).toMatch(pattern);
    expect(tableCounts()).toEqual(before);
  }
  expect(verifyAuditChain(getDb()).ok).toBe(true);
}

beforeAll(async () => {
  useTempDatabase();
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  // Astrid's first message, with its two codes mapped: her MRN system and result ids are now taken.
  const preview = importFhirBundle(physician, hospitalLabBundle(DAY), { dryRun: true });
  for (const m of preview.mappings) confirmCodeMapping(nurse, { key: m.key, target: m.best });
  expect(importFhirBundle(physician, hospitalLabBundle(DAY)).ok).toBe(true);
});

describe('huge and deep', () => {
  it('refuses a text over the size limit before parsing it, and more entries than the limit', () => {
    expectRefused(`{"resourceType":"Bundle","type":"collection","entry":[${' '.repeat(21 * 1024 * 1024)}]}`, /larger than 20 MB/);
    expectRefused({ resourceType: 'Bundle', type: 'collection', entry: Array.from({ length: 20_001 }, () => ({})) }, /at most 20000/);
  });

  it('refuses nesting thousands of levels deep, as text and as a parsed value, without overflowing the stack', () => {
    expectRefused(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}]}`, /nests deeper than 64 levels/);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expectRefused({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: deep }] }, /nests deeper than 64 levels/);
  });

  it('answers a 5 MB code text with a short quote, not the whole text', () => {
    const obs = { ...mi2Observation({ day: DAY }), identifier: resultId('HUGE-1'), code: { text: 'x'.repeat(5 * 1024 * 1024) }, subject: { identifier: { system: 'urn:titerline:mrn', value: ASTRID.mrn } } };
    const report = importFhirBundle(physician, collection([obs]), { dryRun: true });
    expect(report.ok).toBe(false);
    expect(Math.max(...report.lines.map((l) => l.message.length))).toBeLessThan(1000);
    expect(report.mappings[0]?.code.code.length).toBeLessThanOrEqual(200);
  });
});

describe('wrong types', () => {
  const mrnRef = { identifier: { system: 'urn:titerline:mrn', value: ASTRID.mrn } };
  it.each([
    ['a Bundle type that is a number', { resourceType: 'Bundle', type: 7, entry: [{}] }, /Bundle type "7" is not imported/],
    ['entries that are not a list', { resourceType: 'Bundle', type: 'collection', entry: { resource: {} } }, /no entries/],
    ['an entry whose resource is a string', collection(['Observation']), /Not a Bundle entry with a resource/],
    ['a resourceType that is a number', collection([{ resourceType: 42 }]), /Not a Bundle entry with a resource/],
    ['a status that is a list', collection([{ ...mi2Observation({ day: DAY }), status: ['final'], subject: mrnRef }]), /Observation\.status must be text, not a list/],
    ['a subject that is a number', collection([{ ...mi2Observation({ day: DAY }), identifier: resultId('T-1'), subject: 42 }]), /Observation\.subject must be an object \(\{\.\.\.\}\), not the number 42/],
    ['a value that is text', collection([{ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] }, subject: mrnRef, effectiveDateTime: DAY, valueQuantity: { value: '480', unit: 'U/L' } }]), /Observation\.valueQuantity\.value must be a number, not text/],
    ['a date in the future from the Specimen', (() => {
      const b = hospitalLabBundle(DAY, { type: 'collection' });
      (b.entry[6]!.resource as { collection: { collectedDateTime: string } }).collection.collectedDateTime = '2999-01-01T08:00:00Z';
      return b;
    })(), /collected on .* its Specimen .* on 2999-01-01/],
  ])('refuses %s', (_name, input, pattern) => expectRefused(input, pattern));
});

describe('another patient\'s identifiers', () => {
  it('refuses a new patient carrying an identifier of another patient', () => {
    const impostor = hospitalPatient({ mrn: 'H-99999', family: 'Berg', given: ['Nils'], birthDate: '1970-02-02', gender: 'male' }, [{ system: HOSPITAL.mrn, value: ASTRID.mrn }]);
    expectRefused(collection([impostor]), /already belongs to another patient in Titerline/);
  });

  it('refuses a result id of Astrid\'s sent for another patient, as final or as a correction', () => {
    const other = newPatient(physician, { mrn: 'OTHER-1' });
    expect(other).toBeGreaterThan(0);
    const subject = { identifier: { system: 'urn:titerline:mrn', value: 'OTHER-1' } };
    for (const status of ['final', 'amended']) {
      const obs = { resourceType: 'Observation', status, identifier: resultId('OBS-1'), code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] }, subject, effectiveDateTime: DAY, valueQuantity: { value: 999, unit: 'U/L' } };
      expectRefused(collection([obs]), /belongs to a result of another patient/);
    }
  });

  it('refuses a Patient that reuses Astrid\'s MRN under another name', () => {
    expectRefused(collection([hospitalPatient({ ...ASTRID, family: 'Svensson' })]), /Refusing to merge two people/);
  });
});

describe('results of different assays are never merged', () => {
  it('refuses an amendment that names another assay than the result it corrects', () => {
    const amended = {
      ...mi2Observation({ status: 'amended', unit: 'SIU', value: 40, cutoff: 10, day: DAY, performer: { display: 'Reference lab B' } }),
      method: { text: 'Mi-2β immunoblot' }, specimen: undefined, subject: { identifier: { system: 'urn:titerline:mrn', value: ASTRID.mrn } },
    };
    expectRefused(collection([JSON.parse(JSON.stringify(amended))]), /names another assay than the result it corrects/);
  });
});

describe('the code map refuses what the preview did not offer', () => {
  const key = senderKey({ domain: 'lab', application: '', facility: 'Reference lab A', system: HOSPITAL.labCodes, code: 'NEW-1' });
  it.each([
    ['a key that is not one', { key: 'lab|x', target: 'ignore' }, 'invalid'],
    ['a target that is not one', { key, target: 'assay:abc' }, 'invalid'],
    ['an assay that does not exist', { key, target: 'assay:999999' }, 'invalid'],
    ['a drug for a lab code', { key, target: 'drug:prednisone' }, 'invalid'],
    ['a lab code already mapped', { key: senderKey({ domain: 'lab', application: '', facility: 'Reference lab A', system: HOSPITAL.labCodes, code: 'MI2B-LB' }), target: 'assay:3' }, 'conflict'],
    ['a display of 10 000 characters', { key, target: 'ignore', display: 'x'.repeat(10_000) }, 'invalid'],
  ])('refuses %s and writes nothing', async (_name, input, code) => {
    const before = tableCounts();
    expect((await appError(() => confirmCodeMapping(nurse, input))).code).toBe(code);
    expect(tableCounts()).toEqual(before);
  });

  it('refuses reviewers (no code-map:manage) and an unknown mapping id, writing nothing', async () => {
    const before = tableCounts();
    expect((await appError(() => confirmCodeMapping(reviewer, { key, target: 'ignore' }))).code).toBe('forbidden');
    expect((await appError(() => createCodeMapping(reviewer, { domain: 'lab', system: 'x', code: 'y', target: 'ignore' }))).code).toBe('forbidden');
    expect((await appError(() => updateCodeMapping(nurse, 987654, 'ignore'))).code).toBe('not-found');
    expect((await appError(() => setCodeMappingActive(reviewer, 1, false))).code).toBe('forbidden');
    expect(tableCounts()).toEqual(before);
    expect(sqlite().prepare('SELECT count(*) AS n FROM code_mappings WHERE active = 1').get()).toEqual({ n: 2 });
  });
});
