/**
 * The day of an incoming FHIR date-time (decision 0044; lib/domain/fhir/import-values.ts
 * clinicDay): a plain date is the day as written; a date-time with a time is an instant,
 * placed on the clinic's calendar, across midnight and daylight-saving changes alike;
 * the Observation's and its Specimen's days are compared on that calendar.
 */
import { describe, expect, it } from 'vitest';
import { parseBundle } from '@/lib/domain/fhir/import-bundle';
import { CodeMap } from '@/lib/domain/fhir/import-code-map';
import { clinicDay, Rejection } from '@/lib/domain/fhir/import-values';

const MADRID = 'Europe/Madrid';
const day = (v: string, timeZone = MADRID) => clinicDay(v, 'd', timeZone);

describe('the clinic\'s day of a FHIR date or date-time', () => {
  it('keeps a plain date as written, whatever the zone', () => {
    expect(day('2026-11-01')).toBe('2026-11-01');
    expect(day('2026-11-01', 'Pacific/Kiritimati')).toBe('2026-11-01');
  });

  it('places an instant on the clinic\'s calendar across midnight, in either direction', () => {
    expect(day('2026-11-01T23:30:00Z')).toBe('2026-11-02');
    expect(day('2026-11-01T22:59:59Z')).toBe('2026-11-01');
    expect(day('2026-11-02T00:30:00+01:00')).toBe('2026-11-02');
    expect(day('2026-11-01T20:30:00-05:00', 'America/New_York')).toBe('2026-11-01');
    expect(day('2026-11-02T01:30:00Z', 'America/New_York')).toBe('2026-11-01');
    expect(day('2026-11-01T23:30:00.250Z', 'UTC')).toBe('2026-11-01');
    expect(day('2026-11-01T23:30+00:00')).toBe('2026-11-02');
  });

  it('follows the daylight-saving changes: 22:30 UTC is the next day in Madrid only in summer time', () => {
    expect(day('2026-03-28T22:30:00Z')).toBe('2026-03-28'); // CET, +01:00: 23:30
    expect(day('2026-03-29T22:30:00Z')).toBe('2026-03-30'); // CEST from 29 March, +02:00: 00:30
    expect(day('2026-10-24T22:30:00Z')).toBe('2026-10-25'); // CEST: 00:30
    expect(day('2026-10-25T22:30:00Z')).toBe('2026-10-25'); // CET again from 25 October: 23:30
    expect(day('2026-03-29T00:30:00Z')).toBe('2026-03-29');
  });

  it('refuses a time without its offset, partial and impossible dates, and text after the date', () => {
    const refused = (v: unknown, pattern: RegExp) => {
      expect(() => clinicDay(v, 'The collection date', MADRID)).toThrow(Rejection);
      expect(() => clinicDay(v, 'The collection date', MADRID)).toThrow(pattern);
    };
    refused('2026-11-01T23:30:00', /has a time but no offset from UTC .*the clinic's day cannot be known/);
    refused('2026-11', /not a full date/);
    refused('2026-02-29T10:00:00Z', /not a full date/);
    refused('2026-11-01T', /not a full date/);
    refused('2026-11-01Tnoon', /not a full date/);
    refused('2026-11-01T24:00:00Z', /not a full date/);
    refused(undefined, /missing/);
  });
});

describe('a result and its Specimen, compared on the clinic\'s calendar', () => {
  const patient = { resourceType: 'Patient', identifier: [{ system: 'urn:titerline:mrn', value: 'P-1' }], name: [{ family: 'Doe', given: ['Jo'] }], birthDate: '1970-01-01' };
  const ck = (over: Record<string, unknown> = {}) => ({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] }, subject: { reference: 'urn:uuid:p' }, valueQuantity: { value: 300, unit: 'U/L' }, specimen: { reference: 'Specimen/s1' }, ...over });
  const specimen = (collectedDateTime: string) => ({ resourceType: 'Specimen', id: 's1', collection: { collectedDateTime } });
  const parse = (timeZone: string, ...resources: Record<string, unknown>[]) => parseBundle({
    resourceType: 'Bundle', type: 'collection', entry: resources.map((r, i) => ({ fullUrl: i === 0 ? 'urn:uuid:p' : `urn:uuid:${i}`, resource: r })),
  }, { catalog: [], codeMap: new CodeMap(), timeZone });
  const rejected = (out: ReturnType<typeof parse>) => out.lines.filter((l) => l.outcome === 'rejected').map((l) => l.message);

  it('dates a result by its Specimen\'s instant, on the clinic\'s day', () => {
    expect(parse(MADRID, patient, ck(), specimen('2026-11-01T23:30:00Z')).labs[0]?.day).toBe('2026-11-02');
    expect(parse('UTC', patient, ck(), specimen('2026-11-01T23:30:00Z')).labs[0]?.day).toBe('2026-11-01');
  });

  it('takes the same instant written in two zones as one day, and the clinic\'s day as written as that day', () => {
    expect(parse(MADRID, patient, ck({ effectiveDateTime: '2026-11-01T23:30:00Z' }), specimen('2026-11-02T00:30:00+01:00')).labs[0]?.day).toBe('2026-11-02');
    expect(parse(MADRID, patient, ck({ effectiveDateTime: '2026-11-02' }), specimen('2026-11-01T23:30:00Z')).labs[0]?.day).toBe('2026-11-02');
  });

  it('refuses a result and its Specimen on two clinic days, even when both are written with one date', () => {
    const out = parse(MADRID, patient, ck({ effectiveDateTime: '2026-11-01' }), specimen('2026-11-01T23:30:00Z'));
    expect(out.labs).toEqual([]);
    expect(rejected(out).join()).toMatch(/collected on 2026-11-01, its Specimen .* on 2026-11-02 \(days in the clinic's time zone\)/);
  });

  it('places a dose epoch\'s start and end written with times on the clinic\'s days too', () => {
    const statement = {
      resourceType: 'MedicationStatement', status: 'completed', subject: { reference: 'urn:uuid:p' }, medicationCodeableConcept: { text: 'Prednisone' },
      effectivePeriod: { start: '2026-03-29T22:30:00Z', end: '2026-10-25T22:30:00Z' }, dosage: [{ doseAndRate: [{ doseQuantity: { value: 20, unit: 'mg' } }] }],
    };
    expect(parse(MADRID, patient, statement).medications[0]?.form).toMatchObject({ startOn: '2026-03-30', endOn: '2026-10-25' });
  });
});
