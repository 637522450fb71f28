/**
 * The HL7 mapper's two readings a wrong guess would file on the wrong day or as the
 * wrong value (lib/interop/hl7/to-bundle.ts, values.ts):
 * - the collection day is OBR-7's (when the specimen was collected); OBX-14, often the
 *   time of analysis, is used only without OBR-7, and a result whose OBX-14 names
 *   another day is refused, as the FHIR import refuses an Observation and its Specimen
 *   on two days;
 * - a coded answer (CE/CWE/CNE/IS, or any OBX-5 in components) is read only as a
 *   category the product knows, never as a number.
 */
import { describe, expect, it } from 'vitest';
import { parseCategory } from '@/lib/domain/fhir/import-labs';
import { readOru } from '@/lib/interop/hl7/oru';
import { Hl7Problem } from '@/lib/interop/hl7/problem';
import { instantOf, oruToBundle } from '@/lib/interop/hl7/to-bundle';
import { CATEGORY_WORDS } from '@/lib/interop/hl7/values';

type Json = Record<string, unknown>;

/** One CK order collected at `obr7`, its result observed at `obx14`, value `value` of type `type`. */
const message = ({ obr7 = '202611012300+0100', obx14 = '', type = 'NM', value = '950' } = {}) => [
  'MSH|^~\\&|LABA|REFLAB A|TITERLINE|CLINIC|202611020300||ORU^R01|T-1|P|2.5.1',
  'PID|1||OBR-1^^^^MR||Berg^Ana||19700101|F',
  `OBR|1||A-5|CK^CK^L|||${obr7}`,
  `OBX|1|${type}|2157-6^Creatine kinase^LN||${value}|U/L^U/L^UCUM|||||F|||${obx14}`,
].join('\r');
const observation = (o: Parameters<typeof message>[0]): Json =>
  (oruToBundle(readOru(message(o))).bundle.entry as { resource: Json }[]).map((e) => e.resource).find((r) => r.resourceType === 'Observation')!;
const problem = (o: Parameters<typeof message>[0]): Hl7Problem => {
  try {
    observation(o);
  } catch (e) {
    if (e instanceof Hl7Problem) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('the collection day', () => {
  it('is OBR-7\'s: a specimen drawn at 23:00 and analysed after midnight is refused, naming both days (AE, at OBX-14)', () => {
    const p = problem({ obr7: '202611012300+0100', obx14: '202611020110+0100' });
    expect(p).toMatchObject({ ack: 'AE', code: '102', location: { segment: 'OBX', sequence: 1, field: 14 } });
    expect(p.message).toBe('Creatine kinase: the specimen was collected on 2026-11-01, the result is dated 2026-11-02: a result is filed on its collection date, and these are two days. Ask the lab which is right.');
    // The other way round too (a result time before the collection day).
    expect(problem({ obr7: '20261102', obx14: '20261101' }).message).toMatch(/collected on 2026-11-02, the result is dated 2026-11-01/);
  });

  it('is OBR-7\'s day when OBX-14 is on the same day, or absent; OBX-14\'s only when OBR-7 is empty', () => {
    expect(observation({ obr7: '202611010700+0100', obx14: '202611012350+0100' }).effectiveDateTime).toBe('2026-11-01');
    expect(observation({ obr7: '202611010700', obx14: '' }).effectiveDateTime).toBe('2026-11-01');
    expect(observation({ obr7: '', obx14: '202611050900' }).effectiveDateTime).toBe('2026-11-05');
  });

  it('accepts the same instant written in two time zones, and files it on OBR-7\'s day', () => {
    expect(instantOf('202611012330+0000')).toBe(instantOf('202611020030+0100'));
    expect(instantOf('20261101')).toBeNull();
    expect(observation({ obr7: '202611012330+0000', obx14: '202611020030+0100' }).effectiveDateTime).toBe('2026-11-01');
    expect(problem({ obr7: '202611012330+0000', obx14: '202611020031+0100' }).message).toMatch(/two days/);
  });

  it('refuses an unreadable OBR-7 even with a readable OBX-14, an unreadable OBX-14, and no date at all', () => {
    expect(problem({ obr7: '20261301', obx14: '20261101' })).toMatchObject({ location: { segment: 'OBR', field: 7 }, message: /specimen's collection time "20261301" is not a date/ });
    expect(problem({ obr7: '20261101', obx14: '2026-11-01' })).toMatchObject({ location: { segment: 'OBX', field: 14 }, message: /result's time "2026-11-01" is not a date/ });
    expect(problem({ obr7: '', obx14: '' })).toMatchObject({ code: '101', location: { segment: 'OBR', field: 7 }, message: /does not say when the specimen was collected/ });
  });
});

describe('a coded answer', () => {
  const at14 = '202611010700';
  const value = (type: string, v: string) => {
    const obs = observation({ obx14: at14, type, value: v });
    return obs.valueQuantity ?? obs.valueCodeableConcept;
  };
  const refusal = (type: string, v: string) => problem({ obx14: at14, type, value: v });

  it('is never read as a number: a code of the lab\'s own list without words is refused in words (AE, at OBX-5)', () => {
    const p = refusal('CWE', '3^^99LAB');
    expect(p).toMatchObject({ ack: 'AE', code: '102', location: { segment: 'OBX', sequence: 1, field: 5 } });
    expect(p.message).toBe('Creatine kinase: the answer "3" (a code, without words) is not a result Titerline can file. A coded answer is filed only as negative, borderline, positive or strong positive (in words, or as NEG, IND or POS); a measurement must be sent as a number.');
    for (const [type, v] of [['CE', '3^^99LAB'], ['CNE', '3^^99LAB'], ['IS', '3'], ['CWE', '^<5'], ['CWE', '5^5^L'], ['CWE', 'WPOS^Weakly positive^L'], ['ST', '3^^99LAB'], ['TX', '3^^99LAB']]) {
      expect(refusal(type!, v!).message, `${type} ${v}`).toMatch(/is not a result Titerline can file/);
    }
    expect(refusal('CWE', 'WPOS^Weakly positive^L').message).toMatch(/the answer "Weakly positive" is not/);
  });

  it('in components is not a number under NM either', () => {
    expect(refusal('NM', '3^^99LAB').message).toMatch(/"3\^\^99LAB" is not a number/);
    expect(value('NM', '3^')).toMatchObject({ value: 3 });
  });

  it('is read by its words or a known code (also the alternate), and refused when they disagree', () => {
    expect(value('CWE', 'NEG^^99LAB')).toEqual({ text: 'negative' });
    expect(value('CWE', '3^Positive^99LAB')).toEqual({ text: 'Positive' });
    expect(value('CE', '260385009^^SCT')).toEqual({ text: 'negative' });
    expect(value('CWE', '3^^99LAB^IND^^L')).toEqual({ text: 'borderline' });
    // A positive code beside "strongly positive" words agree (the words are more precise).
    expect(value('CNE', 'POS^Strongly positive^L')).toEqual({ text: 'Strongly positive' });
    expect(refusal('CWE', 'NEG^Strong positive^L').message).toMatch(/both negative and strong/);
    expect(value('IS', 'DET')).toEqual({ text: 'detected' });
    expect(value('ST', '^Not detected')).toEqual({ text: 'Not detected' });
    expect(refusal('CWE', 'NEG^Positive^L').message).toBe('Creatine kinase: the coded answer says both negative and positive. Ask the lab which is right.');
  });

  it('means to the import what it means here (the words are the import\'s own)', () => {
    for (const [word, category] of Object.entries(CATEGORY_WORDS)) expect(parseCategory({ text: word })).toBe(category);
    const read = (v: string) => parseCategory(value('CWE', v));
    expect(['NEG^^L', 'ND^^L', 'IND^^L', 'EQV^^L', 'POS^^L', 'DET^^L', '10828004^^SCT', '^strong positive'].map(read)).toEqual(['negative', 'negative', 'borderline', 'borderline', 'positive', 'positive', 'positive', 'strong']);
  });

  it('leaves plain text as it was: a number when it is one, else a category in words', () => {
    expect(value('ST', '<5')).toMatchObject({ value: 5, comparator: '<' });
    expect(value('ST', 'NEG')).toEqual({ text: 'negative' });
    expect(value('FT', 'Negative')).toEqual({ text: 'Negative' });
  });
});
