/**
 * The lab's reference range of an incoming enzyme result (lib/domain/fhir/import-range.ts):
 * every referenceRange entry is considered; ranges for the other sex do not apply;
 * conditions Titerline cannot judge, unreadable ranges and applicable ranges that
 * disagree are refused; only a result without any range, or with ranges all marked as
 * not the lab's (Titerline's export of a site default or an earlier range), takes the fallback.
 */
import { describe, expect, it } from 'vitest';
import { parseEnzyme } from '@/lib/domain/fhir/import-labs';
import { Rejection } from '@/lib/domain/fhir/import-values';
import type { Sex } from '@/lib/domain/types';

const U = (value: number, unit = 'U/L') => ({ value, unit });
const gender = (code: string) => [{ coding: [{ system: 'http://hl7.org/fhir/administrative-gender', code }] }];
const snomed = (code: string) => [{ coding: [{ system: 'http://snomed.info/sct', code }] }];
const MEN = { low: U(39), high: U(395), appliesTo: gender('male') };
const WOMEN = { low: U(26), high: U(192), appliesTo: gender('female') };

/** The limits stored for a CK of 250 `unit` with these ranges, for a patient of `sex` (null: not known). */
function limits(referenceRange: unknown[] | undefined, sex: Sex | null = 'female', unit = 'U/L') {
  const r = { valueQuantity: { value: 250, unit }, ...(referenceRange ? { referenceRange } : {}) };
  const plan = parseEnzyme(r, 'ck', { accession: '', sex: () => sex ?? undefined });
  return [plan.lowerLimit, plan.upperLimit];
}
function refused(referenceRange: unknown[], pattern: RegExp, sex: Sex | null = 'female') {
  expect(() => limits(referenceRange, sex)).toThrow(Rejection);
  expect(() => limits(referenceRange, sex)).toThrow(pattern);
}

describe('which of the lab\'s reference ranges an enzyme result keeps', () => {
  it('keeps no range when none is sent (the fallback applies), and the one range when one is sent', () => {
    expect(limits(undefined)).toEqual([null, null]);
    expect(limits([])).toEqual([null, null]);
    expect(limits([{ low: U(39), high: U(308) }])).toEqual([39, 308]);
    expect(limits([{ high: U(308), text: '39-308 U/L' }])).toEqual([null, 308]);
    expect(limits([{ high: U(3, 'ukat/L') }])).toEqual([null, 180]);
  });

  it('reads a range written plainly as text, in the value\'s unit or its own, as the HL7 feed reads OBX-7', () => {
    expect(limits([{ text: '39-308 U/L' }])).toEqual([39, 308]);
    expect(limits([{ text: ' 39 – 308 ' }])).toEqual([39, 308]);
    expect(limits([{ text: '<207 IU/L' }])).toEqual([null, 207]);
    expect(limits([{ text: '>0.5 µkat/L' }])).toEqual([30, null]);
    expect(limits([{ text: '0.65-5.13 ukat/L' }], 'female', 'ukat/L')).toEqual([0.65, 5.13]);
    expect(limits([{ text: '39-300 U/L' }], 'female', 'ukat/L')).toEqual([0.65, 5]);
  });

  it('takes the range with limits beside a text note, wherever it stands', () => {
    expect(limits([{ text: 'Adult reference' }, { low: U(39), high: U(308) }])).toEqual([39, 308]);
    expect(limits([{ low: U(39), high: U(308) }, { text: 'see the lab handbook' }])).toEqual([39, 308]);
    expect(limits([{ text: '39-308 U/L' }, { low: U(39), high: U(308) }])).toEqual([39, 308]);
  });

  it('refuses a range that cannot be read, never storing the site default in its place', () => {
    refused([{ text: 'Adult reference' }], /reference range "Adult reference" cannot be read: .*"39-308 U\/L"/);
    refused([{ text: '39,0-308,0 U/L' }], /cannot be read/);
    refused([{ text: '39-308 mg/dL' }], /cannot be read/);
    refused([{ text: 'Women 26-192 U/L' }, { low: U(39), high: U(395), appliesTo: gender('male') }], /"Women 26-192 U\/L" cannot be read/);
    refused([{ appliesTo: gender('female') }], /without limits/);
  });

  it('keeps the range for the patient\'s sex (FHIR, v3 or SNOMED CT codes), whatever the order', () => {
    expect(limits([MEN, WOMEN], 'female')).toEqual([26, 192]);
    expect(limits([WOMEN, MEN], 'male')).toEqual([39, 395]);
    expect(limits([{ high: U(395), appliesTo: snomed('248153007') }, { high: U(192), appliesTo: snomed('248152002') }], 'female')).toEqual([null, 192]);
    const v3 = (code: string) => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender', code }] }];
    expect(limits([{ high: U(395), appliesTo: v3('M') }, { high: U(192), appliesTo: v3('F') }], 'female')).toEqual([null, 192]);
    expect(limits([{ text: 'Normal range' }, WOMEN, MEN], 'female')).toEqual([26, 192]);
  });

  it('refuses ranges by sex when the patient\'s sex is not recorded as male or female, or when none is the patient\'s', () => {
    refused([MEN, WOMEN], /recorded as of unknown sex: which range applies cannot be known/, 'unknown');
    refused([MEN, WOMEN], /recorded as of other sex/, 'other');
    refused([MEN, WOMEN], /for men, and this patient's sex is not known here/, null);
    refused([MEN], /all for the other sex \(this patient is recorded as a woman\)/, 'female');
  });

  it('refuses a condition it cannot judge: an age band, another population, a range that is not the normal one', () => {
    refused([{ ...WOMEN, age: { low: { value: 18, unit: 'a' } } }], /for an age band/);
    refused([{ low: U(39), high: U(308), appliesTo: [{ text: 'Black' }] }], /for "Black", which Titerline cannot judge/);
    refused([{ low: U(39), high: U(308), appliesTo: gender('other') }], /cannot judge/);
    refused([{ low: U(39), high: U(308), type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/referencerange-meaning', code: 'therapeutic' }] } }], /not the normal range/);
    const normal = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/referencerange-meaning', code: 'normal' }] };
    expect(limits([{ low: U(39), high: U(308), type: normal }])).toEqual([39, 308]);
    // A condition on a range for the other sex does not matter: that range does not apply anyway.
    expect(limits([{ ...MEN, age: { low: { value: 18, unit: 'a' } } }, WOMEN], 'female')).toEqual([26, 192]);
  });

  it('refuses two applicable ranges that disagree, and takes two that agree', () => {
    refused([{ low: U(39), high: U(308) }, { low: U(26), high: U(192) }], /differ \(39-308 U\/L; 26-192 U\/L\)/);
    refused([{ text: '39-308 U/L' }, { high: U(207) }], /differ/);
    refused([WOMEN, { high: U(207) }], /differ/, 'female');
    expect(limits([{ high: U(180) }, { high: U(3, 'ukat/L') }])).toEqual([null, 180]);
  });
});

describe('a range the sender marks as not the lab\'s (Titerline\'s own export of a filled-in range)', () => {
  const marked = (valueCode: string, rest: Record<string, unknown> = {}) => ({ extension: [{ url: 'urn:titerline:fhir:extension:range-source', valueCode }], ...rest });
  const words = 'No range reported by the lab: read against the site default range, up to 207 U/L.';

  it('is never kept as the lab\'s: with words only, with limits, or beside the lab\'s own range', () => {
    expect(limits([marked('site-default', { text: words })])).toEqual([null, null]);
    expect(limits([marked('patient', { text: "No range reported by the lab: read against this patient's earlier lab range, 39-308 U/L." })])).toEqual([null, null]);
    expect(limits([marked('site-default', { high: U(207), text: words })])).toEqual([null, null]);
    expect(limits([marked('site-default', { text: words }), { low: U(39), high: U(308) }])).toEqual([39, 308]);
  });

  it('is a range like any other when marked as the lab\'s, and its words alone, without the mark, are refused', () => {
    expect(limits([marked('lab', { high: U(308) })])).toEqual([null, 308]);
    refused([{ text: words }], /cannot be read/);
  });
});
