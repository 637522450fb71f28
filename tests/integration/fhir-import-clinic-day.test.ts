/**
 * The collection day of an imported FHIR result is the clinic's (decision 0044), on a
 * real database with TITERLINE_TIME_ZONE=Europe/Madrid: a CK drawn 00:30 on 2026-11-02
 * in Madrid, sent as the instant 2026-11-01T23:30:00Z, is stored on 2026-11-02, where
 * the form and the HL7 feed put it, so the FHIR copy of a result typed from the paper
 * report is recognised; the same holds across a daylight-saving change; a plain date
 * stays as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { resetClinicTime } from '@/lib/clinic-time';
import { makeActor } from '../setup/actors';
import { newPatient, sqlite } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor;
let nurse: Actor;
const saved = process.env.TITERLINE_TIME_ZONE;
beforeAll(async () => {
  process.env.TITERLINE_TIME_ZONE = 'Europe/Madrid';
  resetClinicTime();
  db = useTempDatabase();
  physician = await makeActor('physician');
  nurse = await makeActor('nurse');
});
afterAll(() => {
  db.dispose();
  if (saved === undefined) delete process.env.TITERLINE_TIME_ZONE;
  else process.env.TITERLINE_TIME_ZONE = saved;
  resetClinicTime();
});

const ckObs = (mrn: string, effectiveDateTime: string, over: Record<string, unknown> = {}) => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] },
  subject: { identifier: { system: 'urn:titerline:mrn', value: mrn } }, effectiveDateTime,
  identifier: [{ system: 'urn:titerline:accession', value: 'ACC-77' }, { system: 'urn:hospital:lab:result', value: `R-${mrn}-${effectiveDateTime}` }],
  valueQuantity: { value: 950, unit: 'U/L' }, referenceRange: [{ high: { value: 308, unit: 'U/L' } }], ...over,
});
const importAll = (...resources: unknown[]) =>
  importFhirBundle(nurse, { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource, i) => ({ fullUrl: `urn:uuid:${i + 1}`, resource })) });
const days = (p: number) => sqlite().prepare('SELECT collected_on FROM enzyme_results WHERE patient_id = ? ORDER BY id').pluck().all(p);

describe('a CK drawn 2026-11-02 00:30 in Madrid, sent by FHIR as 2026-11-01T23:30:00Z', () => {
  it('is stored on the clinic\'s day, 2026-11-02', () => {
    const p = newPatient(physician, { mrn: 'TZ-1', sex: 'female' });
    expect(importAll(ckObs('TZ-1', '2026-11-01T23:30:00Z')).ok).toBe(true);
    expect(days(p)).toEqual(['2026-11-02']);
  });

  it('is recognised as the result the nurse typed from the paper report, not stored again on the day before', () => {
    const p = newPatient(physician, { mrn: 'TZ-2', sex: 'female' });
    recordEnzymeResult(nurse, p, { analyte: 'ck', collectedOn: '2026-11-02', value: '950', unit: 'U/L', upperLimit: '308', accession: 'ACC-77' });
    const report = importAll(ckObs('TZ-2', '2026-11-01T23:30:00Z'));
    expect(report.lines.map((l) => l.outcome)).toEqual(['present']);
    expect(sqlite().prepare('SELECT collected_on, value_ul FROM enzyme_results WHERE patient_id = ? ORDER BY id').all(p)).toEqual([{ collected_on: '2026-11-02', value_ul: 950 }]);
  });
});

describe('other instants and plain dates', () => {
  it('follows daylight-saving time: 22:30 UTC is the next day in summer time and the same day in winter time', () => {
    const p = newPatient(physician, { mrn: 'TZ-3', sex: 'female' });
    expect(importAll(ckObs('TZ-3', '2026-03-29T22:30:00Z'), ckObs('TZ-3', '2026-10-25T22:30:00Z', { valueQuantity: { value: 900, unit: 'U/L' } })).ok).toBe(true);
    expect(days(p)).toEqual(['2026-03-30', '2026-10-25']);
  });

  it('keeps a plain date as written, and an offset-less time is refused with nothing written', () => {
    const p = newPatient(physician, { mrn: 'TZ-4', sex: 'female' });
    expect(importAll(ckObs('TZ-4', '2026-11-01')).ok).toBe(true);
    const report = importAll(ckObs('TZ-4', '2026-11-03T08:00:00', { valueQuantity: { value: 700, unit: 'U/L' } }));
    expect(report.ok).toBe(false);
    expect(report.lines.map((l) => l.message).join()).toMatch(/has a time but no offset from UTC/);
    expect(days(p)).toEqual(['2026-11-01']);
  });

  it('refuses a result whose Specimen was collected on another clinic day, though both are written 2026-11-01', () => {
    const p = newPatient(physician, { mrn: 'TZ-5', sex: 'female' });
    const specimen = { resourceType: 'Specimen', id: 's5', collection: { collectedDateTime: '2026-11-01T23:30:00Z' } };
    const report = importAll(ckObs('TZ-5', '2026-11-01', { specimen: { reference: 'Specimen/s5' } }), specimen);
    expect(report.ok).toBe(false);
    expect(report.lines.map((l) => l.message).join()).toMatch(/collected on 2026-11-01, its Specimen .* on 2026-11-02/);
    expect(days(p)).toEqual([]);
  });
});
