/**
 * The pure parts of the hospital import (issue 18): code-map keys and targets, the
 * preview's candidates (a unique lab + unit + cut-off match is THE candidate, never a
 * choice), drug names and codes, dermatomyositis Conditions, the Bundle's context
 * (collection date from the Specimen, lab from the Organization), statuses, and the
 * depth guard.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogAssay } from '@/lib/domain/fhir/import-assay';
import { parseBundle } from '@/lib/domain/fhir/import-bundle';
import { drugCandidates, labCandidates, type LabFacts } from '@/lib/domain/fhir/import-candidates';
import { CodeMap, parseSenderKey, parseTargetValue, senderKey, targetValue, type MapTarget } from '@/lib/domain/fhir/import-code-map';
import { readCondition } from '@/lib/domain/fhir/import-condition';
import { textTooDeep, valueTooDeep } from '@/lib/domain/fhir/import-entries';
import { guessDrug, RXNORM_SYSTEM } from '@/lib/domain/fhir/import-drug-codes';

const A = (id: number, name: string, over: Partial<CatalogAssay> = {}): CatalogAssay => ({
  id, name, lab: 'Reference lab A', analyte: 'mi2-beta', method: 'line-blot', unit: 'units', qualitativeOnly: false, cutoff: 5, positiveFrom: null, strongAbove: null, active: true, ...over,
});
const CATALOG = [A(1, 'Mi-2α line blot', { analyte: 'mi2-alpha' }), A(2, 'Mi-2β line blot'), A(3, 'Mi-2β immunoblot', { lab: 'Reference lab B', unit: 'SIU', cutoff: 10 }), A(4, 'Mi-2 ELISA', { analyte: 'mi2', method: 'elisa', lab: 'Hospital lab', unit: 'AU/mL', cutoff: 20 })];
const facts = (over: Partial<LabFacts> = {}): LabFacts => ({ analyte: 'mi2-beta', lab: 'Reference lab A', unit: { text: 'units' }, cutoff: 5, method: '', display: '', numeric: true, ...over });

describe('code map keys and targets', () => {
  it('round-trips every key and target, and refuses anything else', () => {
    fc.assert(fc.property(fc.constantFrom('lab' as const, 'drug' as const), fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (domain, facility, system, code) => {
      const key = senderKey({ domain, application: '', facility, system, code });
      const back = parseSenderKey(key);
      if (system.trim() && code.trim() && back) expect(senderKey(back)).toBe(key);
    }));
    const targets: MapTarget[] = [{ kind: 'assay', assayId: 7 }, { kind: 'enzyme', analyte: 'ck' }, { kind: 'drug', drug: 'prednisone' }, { kind: 'drug', drug: 'other', immunosuppressant: true }, { kind: 'ignore' }];
    for (const t of targets) expect(parseTargetValue(targetValue(t))).toEqual(t);
    for (const bad of ['assay:', 'assay:1:2', 'enzyme:crp', 'drug:snake-oil', 'drug:other', 'drug:other:maybe', '', 42, null, 'constructor', '__proto__']) expect(parseTargetValue(bad)).toBeNull();
    for (const bad of ['', '[]', '["lab","","","",""]', '["x","","","s","c"]', '{"a":1}', 'not json', 7]) expect(parseSenderKey(bad)).toBeNull();
  });

  it('folds the lab and a text code, so "Reference Lab A " and "reference lab a" are one sender', () => {
    const a = senderKey({ domain: 'lab', application: '', facility: 'Reference Lab A ', system: 'urn:titerline:code-map:text', code: 'Anti-Mi2  Beta' });
    expect(a).toBe(senderKey({ domain: 'lab', application: '', facility: 'reference lab a', system: 'urn:titerline:code-map:text', code: 'anti-mi2 beta' }));
  });

  it('finds a mapping by any of a result\'s codes, and reports two codes mapped to different things', () => {
    const code = (c: string) => ({ domain: 'lab' as const, application: '', facility: 'lab a', system: 'http://x', code: c });
    const map = new CodeMap([{ id: 1, ...code('A'), target: { kind: 'assay', assayId: 2 } }, { id: 2, ...code('B'), target: { kind: 'ignore' } }]);
    expect(map.lookup([code('Z'), code('A')])).toMatchObject({ hit: { id: 1 } });
    expect(map.lookup([code('A'), code('B')])).toMatchObject({ clash: [{ id: 1 }, { id: 2 }] });
    expect(map.lookup([code('Z')])).toBeNull();
  });
});

describe('candidates in the preview', () => {
  it('names the unique assay with the result\'s lab, unit and cut-off as THE candidate', () => {
    expect(labCandidates(CATALOG, facts())).toMatchObject({ best: 'assay:2', bestWhy: expect.stringMatching(/lab, unit and cut-off/) });
    expect(labCandidates(CATALOG, facts({ lab: 'Reference lab B', unit: { text: 'SIU' }, cutoff: 10 })).best).toBe('assay:3');
  });

  it('offers only assays of the analyte for an anti-Mi2 code, never "not imported"; an unknown code gets enzymes and "not imported" too', () => {
    expect(labCandidates(CATALOG, facts()).options.map((o) => o.value)).toEqual(['assay:2', 'assay:3']);
    const unknown = labCandidates(CATALOG, facts({ analyte: null, lab: 'Hospital lab', unit: { text: 'U/L' }, cutoff: 190, display: 'Creatine kinase' }));
    expect(unknown.options.map((o) => o.value)).toEqual(expect.arrayContaining(['assay:1', 'assay:4', 'enzyme:ck', 'enzyme:ast', 'ignore']));
    expect(unknown.best).toBe('enzyme:ck');
  });

  it('points to no candidate when nothing fits, and says so', () => {
    expect(labCandidates(CATALOG, facts({ lab: 'Unknown lab', unit: { text: 'AU/mL' }, cutoff: 99 }))).toMatchObject({ best: null, bestWhy: expect.stringMatching(/No catalog entry matches/) });
  });

  it('reads drug names and codes: "mycophenolate" and RxNorm 68149 point to mycophenolate mofetil, with a caution', () => {
    expect(guessDrug([], 'mycophenolate')).toMatchObject({ drug: 'mycophenolate-mofetil', caution: expect.stringMatching(/mycophenolate sodium/) });
    expect(guessDrug([{ system: RXNORM_SYSTEM, code: '68149' }], undefined)?.drug).toBe('mycophenolate-mofetil');
    expect(guessDrug([{ system: 'http://www.whocc.no/atc', code: 'h02ab07' }], 'whatever')?.drug).toBe('prednisone');
    expect(guessDrug([], 'Prednisone 5 mg and methotrexate')).toBeNull(); // two drugs: no guess
    expect(guessDrug([], 'vitamin D')).toBeNull();
    expect(drugCandidates([], 'MTX 15 mg weekly').best).toBe('drug:methotrexate');
  });
});

describe('Conditions', () => {
  const cond = (system: string, code: string, over: Record<string, unknown> = {}) => ({ resourceType: 'Condition', code: { coding: [{ system, code }] }, ...over });
  it('reads dermatomyositis from ICD-10 M33.0, M33.1, M33.9 (with or without the dot) and SNOMED CT; M33.2 is polymyositis', () => {
    for (const c of ['M33.0', 'M33.1', 'M33.10', 'M339', 'M33.9']) expect(readCondition(cond('http://hl7.org/fhir/sid/icd-10-cm', c)).kind).toBe('dermatomyositis');
    expect(readCondition(cond('http://snomed.info/sct', '396230008')).kind).toBe('dermatomyositis');
    expect(readCondition(cond('http://hl7.org/fhir/sid/icd-10', 'M33.2')).kind).toBe('polymyositis');
    expect(readCondition(cond('http://hl7.org/fhir/sid/icd-10', 'M34.0')).kind).toBe('other');
    const refuted = { verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'refuted' }] } };
    expect(readCondition(cond('http://hl7.org/fhir/sid/icd-10', 'M33.1', refuted)).kind).toBe('other');
  });
});

describe('the Bundle around a result', () => {
  const patient = { resourceType: 'Patient', identifier: [{ system: 'urn:titerline:mrn', value: 'P-1' }], name: [{ family: 'Doe', given: ['Jo'] }], birthDate: '1970-01-01' };
  const ck = (over: Record<string, unknown> = {}) => ({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] }, subject: { reference: 'urn:uuid:p' }, valueQuantity: { value: 300, unit: 'U/L' }, specimen: { reference: 'Specimen/s1' }, ...over });
  const specimen = (collectedDateTime: string) => ({ resourceType: 'Specimen', id: 's1', accessionIdentifier: { value: 'ACC-9' }, collection: { collectedDateTime } });
  const inZone = (timeZone: string, ...resources: Record<string, unknown>[]) => parseBundle({
    resourceType: 'Bundle', type: 'collection', entry: resources.map((r, i) => ({ fullUrl: i === 0 ? 'urn:uuid:p' : `urn:uuid:${i}`, resource: r })),
  }, { catalog: [], codeMap: new CodeMap(), timeZone });
  const parse = (...resources: Record<string, unknown>[]) => inZone('UTC', ...resources);

  it('dates a result by its Specimen on the clinic\'s calendar and takes its accession number from it; the same instant in another zone is one day', () => {
    expect(parse(patient, ck(), specimen('2024-05-06T23:30:00-02:00')).labs[0]).toMatchObject({ day: '2024-05-07', result: { plan: { accession: 'ACC-9' } } });
    expect(inZone('America/Sao_Paulo', patient, ck(), specimen('2024-05-06T23:30:00-02:00')).labs[0]).toMatchObject({ day: '2024-05-06' });
    expect(parse(patient, ck({ effectiveDateTime: '2024-05-06T23:30:00-02:00' }), specimen('2024-05-07T01:30:00Z')).labs).toHaveLength(1);
  });

  it('refuses a result and its Specimen that name two different days', () => {
    const out = parse(patient, ck({ effectiveDateTime: '2024-05-01' }), specimen('2024-05-06T08:00:00Z'));
    expect(out.lines.find((l) => l.outcome === 'rejected')?.message).toMatch(/collected on 2024-05-01, its Specimen .* on 2024-05-06/);
  });

  it('reads a single resource as a Bundle of one, holds preliminary results, and lists unknown resource types as ignored', () => {
    expect(parseBundle({ ...ck({ subject: { identifier: { system: 'urn:titerline:mrn', value: 'P-1' } }, effectiveDateTime: '2024-01-01' }), specimen: undefined }, { catalog: [], codeMap: new CodeMap(), timeZone: 'UTC' }).labs).toHaveLength(1);
    const out = parse(patient, ck({ status: 'preliminary', effectiveDateTime: '2024-01-01' }), { resourceType: 'Basic', code: { text: 'x' } });
    expect(out.lines.map((l) => l.outcome)).toEqual(['held', 'ignored']);
    expect(out.counts).toEqual({ held: 1, ignored: 1 });
  });
});

describe('the depth guard', () => {
  it('agrees between the text and the parsed value, and ignores brackets inside strings', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
      expect(textTooDeep(JSON.stringify(v), 4)).toBe(valueTooDeep(v, 4));
    }), { numRuns: 300 });
    expect(textTooDeep(JSON.stringify({ a: '[[[[[[[[[[[[[[[[[[' }), 3)).toBe(false);
    expect(textTooDeep('['.repeat(65))).toBe(true);
  });
});
