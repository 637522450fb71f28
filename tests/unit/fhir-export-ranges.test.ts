/**
 * What a FHIR receiver reads from a result's reference range (lib/domain/fhir/export-labs.ts):
 * - the range always agrees with the interpretation beside it: a value inside
 *   referenceRange.high is never POS, a value above it never NEG. An assay that counts its
 *   cut-off dilution as positive sends no high limit (high 80 would put a positive 1:80
 *   within the normal range), only the limits in words and the cut-off in an extension;
 * - an enzyme range the lab did not give (site default, this patient's earlier lab range)
 *   goes out in words, marked, with no low/high that a receiver would take for the lab's.
 */
import { describe, expect, it } from 'vitest';
import { antibodyObservation, enzymeObservation } from '@/lib/domain/fhir/export-labs';
import type { FhirAntibodyRow } from '@/lib/domain/fhir/export-input';
import { labFacts } from '@/lib/domain/fhir/import-lab-code';
import { parseAntibody, parseEnzyme } from '@/lib/domain/fhir/import-labs';
import type { Json } from '@/lib/domain/fhir/import-values';
import type { Observation } from '@/lib/domain/fhir/types';
import { ab, enz } from './fhir-fixtures';

const CUTOFF_EXT = 'urn:titerline:fhir:extension:cutoff';
const SOURCE_EXT = 'urn:titerline:fhir:extension:range-source';
const code = (o: Observation) => o.interpretation?.[0]?.coding?.[0]?.code;

/** A receiver's reading: a value (no comparator) at or below the high limit is within the normal range. */
function expectConsistent(o: Observation): void {
  const high = o.referenceRange?.[0]?.high?.value;
  const v = o.valueQuantity;
  if (high === undefined || v?.value === undefined || v.comparator) return;
  if (v.value <= high) expect(code(o), `${v.value} within high ${high}`).toBe('NEG');
  else expect(code(o), `${v.value} above high ${high}`).not.toBe('NEG');
}

const IIF = { unit: '{titer}', cutoff: 80, positiveFrom: null, strongAbove: null, analyte: 'mi2', assay: { ...ab().assay, loinc: null, method: 'iif' } } as const;
const iif = (value: number, over: Partial<FhirAntibodyRow> = {}) => ab({ ...IIF, value, cutoffDilutionPositive: true, ...over });

describe('anti-Mi2: reference range and interpretation agree for every kind of assay', () => {
  it('a plain numeric assay: the cut-off is the high limit, negative at it, borderline and positive above it', () => {
    const at = (value: number) => antibodyObservation(ab({ value }), 1);
    expect([5, 8, 20, 80].map((v) => code(at(v)))).toEqual(['NEG', 'IND', 'POS', 'POS']);
    for (const v of [3, 5, 8, 20, 80]) expectConsistent(at(v));
    expect(at(5).referenceRange?.[0]?.high?.value).toBe(5);
  });

  it('a dilution assay whose cut-off dilution is negative: 1:80 with cut-off 80 is NEG and within high 80', () => {
    const at = (value: number) => antibodyObservation(ab({ ...IIF, value, cutoffDilutionPositive: false }), 1);
    expect([40, 80, 160].map((v) => code(at(v)))).toEqual(['NEG', 'NEG', 'POS']);
    for (const v of [40, 80, 160]) expectConsistent(at(v));
    expect(at(80).referenceRange).toEqual([{ high: { value: 80, unit: '{titer}', system: 'http://unitsofmeasure.org', code: '{titer}' }, text: 'Cut-off of this assay: negative at or below 80.' }]);
  });

  it('a dilution assay whose cut-off dilution is positive: 1:80 is POS and no high limit says it is normal', () => {
    const o = antibodyObservation(iif(80), 1);
    expect(code(o)).toBe('POS');
    expect(o.referenceRange).toEqual([{
      extension: [{ url: CUTOFF_EXT, valueQuantity: { value: 80, unit: '{titer}', system: 'http://unitsofmeasure.org', code: '{titer}' } }],
      text: 'Cut-off of this assay: negative below 80, positive from 80.',
    }]);
    expect([40, 160].map((v) => code(antibodyObservation(iif(v), 1)))).toEqual(['NEG', 'POS']);
    const censored = antibodyObservation(iif(80, { comparator: '<' }), 1);
    expect([code(censored), censored.referenceRange?.[0]?.high]).toEqual(['NEG', undefined]);
  });

  it('a category without a cut-off sends no range', () => {
    expect(antibodyObservation(ab({ value: null, qualitative: 'positive', cutoff: null }), 1).referenceRange).toBeUndefined();
  });
});

describe('enzymes: a range the lab did not give is never sent as the lab\'s', () => {
  it('sends the lab\'s range as its limits, with a plain flag', () => {
    const o = enzymeObservation(enz({ value: 180, valueUL: 180, lowerLimitUL: 26, upperLimitUL: 192 }), 1);
    expect(o.referenceRange).toEqual([{ low: { value: 26, unit: 'U/L', system: 'http://unitsofmeasure.org', code: 'U/L' }, high: { value: 192, unit: 'U/L', system: 'http://unitsofmeasure.org', code: 'U/L' } }]);
    expect(o.interpretation?.[0]).toEqual({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'N', display: 'Normal' }] });
  });

  it('sends a site default in words, marked, without limits; the flag says what it was read against', () => {
    const o = enzymeObservation(enz({ value: 180, valueUL: 180, lowerLimitUL: null, upperLimitUL: 207, rangeSource: 'site-default' }), 1);
    expect(o.referenceRange).toEqual([{
      extension: [{ url: SOURCE_EXT, valueCode: 'site-default' }],
      text: 'No range reported by the lab: read against the site default range, up to 207 U/L.',
    }]);
    expect([code(o), o.interpretation?.[0]?.text]).toEqual(['N', 'Normal against the site default range (no range reported by the lab)']);
    expect(code(enzymeObservation(enz({ value: 300, valueUL: 300, lowerLimitUL: null, upperLimitUL: 207, rangeSource: 'site-default' }), 1))).toBe('H');
  });

  it('sends this patient\'s earlier lab range the same way, in the unit the result was reported in', () => {
    const o = enzymeObservation(enz({ value: 6, unit: 'ukat/L', valueUL: 360, lowerLimitUL: 39, upperLimitUL: 308, rangeSource: 'patient' }), 1);
    expect(o.referenceRange).toEqual([{
      extension: [{ url: SOURCE_EXT, valueCode: 'patient' }],
      text: "No range reported by the lab: read against this patient's earlier lab range, 0.65-5.133 ukat/L.",
    }]);
    expect(o.interpretation?.[0]?.text).toBe("High against this patient's earlier lab range (no range reported by the lab)");
  });
});

describe('read back by Titerline\'s own import', () => {
  const json = (o: Observation) => JSON.parse(JSON.stringify(o)) as Json;

  it('keeps the cut-off in force of an assay whose cut-off dilution is positive, from the extension', () => {
    const o = json(antibodyObservation(iif(80), 1));
    expect(parseAntibody(o, 'mi2', { accession: '' }).cutoff).toBe(80);
    expect(labFacts(o, 'mi2', 'Lab A').cutoff).toBe(80);
    // A high limit, where one is sent, is the cut-off, as from any lab.
    expect(parseAntibody(json(antibodyObservation(ab({ ...IIF, value: 80 }), 1)), 'mi2', { accession: '' }).cutoff).toBe(80);
  });

  it('takes no limits from a range the lab did not give: the receiving fallback applies', () => {
    const o = json(enzymeObservation(enz({ value: 180, valueUL: 180, lowerLimitUL: null, upperLimitUL: 207, rangeSource: 'site-default' }), 1));
    expect(parseEnzyme(o, 'ck', { accession: '', sex: () => 'female' })).toMatchObject({ lowerLimit: null, upperLimit: null });
    const lab = json(enzymeObservation(enz({ value: 180, valueUL: 180, lowerLimitUL: 26, upperLimitUL: 192 }), 1));
    expect(parseEnzyme(lab, 'ck', { accession: '', sex: () => 'female' })).toMatchObject({ lowerLimit: 26, upperLimit: 192 });
  });
});
