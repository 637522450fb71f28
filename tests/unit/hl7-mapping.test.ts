/**
 * The pure HL7 v2 mapping (lib/interop/hl7): ORU^R01 messages from two lab systems
 * read into the Bundle the import files, value by value; the refusals in words with
 * their ACK code and place; and the ACK as a receiver reads it back.
 */
import { Hl7Message } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { buildAck } from '@/lib/interop/hl7/ack';
import { listenerConfigFrom } from '@/lib/interop/hl7/config';
import { readOru } from '@/lib/interop/hl7/oru';
import { Hl7Problem } from '@/lib/interop/hl7/problem';
import { dayOf, oruToBundle, type BundleOptions } from '@/lib/interop/hl7/to-bundle';
import { labAMessage, labBMessage } from '../setup/hl7-messages';

type Json = Record<string, unknown>;
const observations = (text: string, opts: BundleOptions = {}) =>
  (oruToBundle(readOru(text), opts).bundle.entry as { resource: Json }[]).map((e) => e.resource).filter((r) => r.resourceType === 'Observation');
const only = (text: string) => observations(text)[0]!;
const problem = (fn: () => unknown): Hl7Problem => {
  try {
    fn();
  } catch (e) {
    if (e instanceof Hl7Problem) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};
/** Lab B's message with its first OBX replaced. */
const labBWith = (obx: string) => labBMessage().replace(/OBX\|1\|SN[^\n]*/, obx);

describe('two lab systems', () => {
  it('reference lab A (v2.5.1, LOINC, UCUM, OBX-23): two results with accession, performing lab, ranges, flags and notes', () => {
    const [mi2, ck] = observations(labAMessage({ day: '2026-11-02' }));
    expect(mi2).toMatchObject({
      status: 'final', effectiveDateTime: '2026-11-02', code: { coding: [{ system: 'http://loinc.org', code: '88733-1' }] },
      valueQuantity: { value: 34, unit: 'units', system: 'http://unitsofmeasure.org', code: 'units' }, referenceRange: [{ high: { value: 5 } }],
      performer: [{ display: 'Reference lab A' }], note: [{ text: 'Line blot & confirmation: Mi-2^beta band strong\nsecond line' }],
      identifier: [{ system: 'urn:titerline:accession', value: 'A26-0001' }, { system: 'urn:titerline:hl7:LABSYS|REFLAB A:result', value: 'A26-0001|LN|88733-1|' }],
      interpretation: [{ coding: [{ code: 'H' }] }],
    });
    expect(ck).toMatchObject({ valueQuantity: { value: 812, unit: 'U/L' }, referenceRange: [{ low: { value: 26 }, high: { value: 192 } }], identifier: [{ value: 'A26-0001-2' }, {}] });
  });

  it('hospital lab (v2.3, local codes, \\n line ends, no OBX-23): SN with comparator, CK as text, the facility as the lab', () => {
    const msg = readOru(labBMessage());
    expect(msg.header).toMatchObject({ sendingApplication: 'HLAB', sendingFacility: 'GENERAL HOSP', version: '2.3', controlId: 'HB000017' });
    expect(msg.orders.map((o) => o.notes.length + o.results.flatMap((r) => r.notes).join())).toEqual(['0Assay | kit lot 44\\2', '0']);
    const [elisa, ck] = observations(labBMessage());
    expect(elisa).toMatchObject({ code: { coding: [{ system: '99HLB', code: 'MI2E', display: 'MI-2 AB (ELISA)' }] }, valueQuantity: { value: 20, comparator: '<', unit: 'AU/mL' }, performer: [{ display: 'GENERAL HOSP' }] });
    expect(elisa!.valueQuantity).not.toHaveProperty('system');
    expect(ck).toMatchObject({ valueQuantity: { value: 4.1, unit: 'ukat/L' }, referenceRange: [{ low: { value: 0.4 }, high: { value: 3.2 } }] });
  });
});

describe('values, statuses, dates', () => {
  it('reads comparators in NM, SN and text, and categories by their abbreviations', () => {
    expect(only(labBWith('OBX|1|NM|MI2E^X^99HLB||>150|AU/mL|||||F')).valueQuantity).toMatchObject({ value: 150, comparator: '>' });
    expect(only(labBWith('OBX|1|SN|MI2E^X^99HLB||=^42|AU/mL|||||F')).valueQuantity).toEqual({ value: 42, unit: 'AU/mL' });
    expect(only(labBWith('OBX|1|ST|MI2E^X^99HLB||<5|AU/mL|||||F')).valueQuantity).toMatchObject({ value: 5, comparator: '<' });
    expect(only(labBWith('OBX|1|ST|MI2E^X^99HLB||NEG||||||F')).valueCodeableConcept).toEqual({ text: 'negative' });
    expect(only(labBWith('OBX|1|CWE|MI2E^X^99HLB||POS^Positive^L||||||F')).valueCodeableConcept).toEqual({ text: 'Positive' });
    // <= is passed on: the import says Titerline keeps < and > only.
    expect(only(labBWith('OBX|1|SN|MI2E^X^99HLB||<=^5|AU/mL|||||F')).valueQuantity).toMatchObject({ comparator: '<=' });
  });

  it('maps OBX-11 to the import\'s statuses', () => {
    const status = (s: string) => only(labBWith(`OBX|1|NM|MI2E^X^99HLB||42|AU/mL|||||${s}`)).status;
    expect(['F', 'C', 'P', 'R', 'S', 'I', 'X', 'D', 'W'].map(status)).toEqual(['final', 'corrected', 'preliminary', 'preliminary', 'preliminary', 'registered', 'cancelled', 'entered-in-error', 'entered-in-error']);
    expect(problem(() => status('U'))).toMatchObject({ ack: 'AE', code: '103', location: { segment: 'OBX', sequence: 1, field: 11 } });
  });

  it('takes the collection day from OBR-7 (OBX-14 on the same day), and only real dates', () => {
    // Lab B's OBR-7 is 2026-11-03 07:00; the day rules in detail: tests/unit/hl7-day-and-answer.test.ts.
    expect(only(labBWith('OBX|1|NM|MI2E^X^99HLB||42|AU/mL|||||F|||20261103101500+0100')).effectiveDateTime).toBe('2026-11-03');
    expect(problem(() => only(labBWith('OBX|1|NM|MI2E^X^99HLB||42|AU/mL|||||F|||20261030101500+0100'))).message).toMatch(/collected on 2026-11-03, the result is dated 2026-10-30/);
    expect(dayOf('20260229')).toBeNull();
    expect(dayOf('2026-01-01')).toBeNull();
    expect(dayOf('20240229')).toBe('2024-02-29');
    expect(problem(() => only(labBWith('OBX|1|NM|MI2E^X^99HLB||42|AU/mL|||||F|||20261340')))).toMatchObject({ ack: 'AE', location: { field: 14 } });
  });

  it('refuses what cannot be one stored value, saying where and what is allowed', () => {
    const cases: [string, RegExp][] = [
      ['OBX|1|SN|MI2E^X^99HLB||^1^:^80|titer|||||F', /range or ratio/],
      ['OBX|1|NM|MI2E^X^99HLB||12~13|AU/mL|||||F', /OBX-5 repeats/],
      ['OBX|1|ED|MI2E^X^99HLB||^PDF^^Base64^AAAA||||||F', /value type "ED" cannot be filed/],
      ['OBX|1|NM|MI2E^X^99HLB||12|AU/mL|normal||||F', /OBX-7 reference range "normal" cannot be read/],
      ['OBX|1|NM|||12|AU/mL|||||F', /OBX-3 is empty/],
    ];
    for (const [obx, words] of cases) expect(problem(() => observations(labBWith(obx))).message).toMatch(words);
  });
});

describe('the patient of PID-3', () => {
  const pid3 = (ids: string) => labAMessage().replace(/^PID\|1\|\|[^|]*/m, `PID|1||${ids}`);
  const mrn = (ids: string, opts: BundleOptions = {}) => oruToBundle(readOru(pid3(ids)), opts).mrn;

  it('is the identifier of the configured authority, else the one typed MR, else the only one', () => {
    expect(mrn('111^^^HOSP^PI~222^^^CLINIC^MR')).toBe('222');
    expect(mrn('111^^^HOSP^PI~222^^^CLINIC^XX', { mrnAuthority: 'hosp' })).toBe('111');
    expect(mrn('333')).toBe('333');
  });

  it('is refused when missing or ambiguous', () => {
    expect(problem(() => mrn('111^^^HOSP^PI~222^^^CLINIC^PI')).message).toMatch(/no medical record number/);
    expect(problem(() => mrn('111^^^A^MR~222^^^B^MR')).message).toMatch(/2 medical record numbers/);
    expect(problem(() => mrn('111^^^A^MR', { mrnAuthority: 'B' })).message).toMatch(/assigning authority "B"/);
  });
});

describe('the message itself', () => {
  it('is refused (AR) when not an ORU^R01 production message of a supported version', () => {
    expect(problem(() => readOru(labAMessage().replace('|P|2.5.1|', '|T|2.5.1|')))).toMatchObject({ ack: 'AR', code: '202' });
    expect(problem(() => readOru(labAMessage().replace('|2.5.1|', '|2.2|')))).toMatchObject({ ack: 'AR', code: '203' });
    expect(problem(() => readOru(labAMessage().replace('ORU^R01^ORU_R01', 'ORM^O01')))).toMatchObject({ ack: 'AR', code: '200' });
    expect(problem(() => readOru(labAMessage().replace('|A-1001|', '||')))).toMatchObject({ ack: 'AR', code: '101', location: { field: 10 } });
    expect(problem(() => readOru(`${labAMessage()}\rPID|2||X^^^^MR`))).toMatchObject({ ack: 'AR', message: /one patient per message/ });
  });

  it('gets an ACK a receiver reads back: MSA with the code and control ID, ERR with the place and the words', () => {
    const ack = buildAck({
      code: 'AE', controlId: 'A|1', text: 'Nothing stored. OBX[2]: Value must be a positive number ^ in U/L.', error: { code: '102', location: { segment: 'OBX', sequence: 2, field: 5 } },
      sender: { application: 'LABSYS', facility: 'REFLAB A', version: '2.3' }, self: { application: 'TITERLINE', facility: 'CLINIC' }, now: new Date('2026-11-02T10:00:00Z'), ackId: 'TL1',
    });
    const msg = Hl7Message.parse(ack);
    expect(msg.header.getComponent(9, 1)).toBe('ACK');
    expect(msg.header.getComponent(5, 1)).toBe('LABSYS');
    expect(msg.header.getComponent(12, 1)).toBe('2.3');
    const msa = msg.getSegment('MSA')!;
    expect(msa.getComponent(1, 1)).toBe('AE');
    expect(msa.getComponent(2, 1)).toBe('A\\F\\1');
    expect(msa.getField(3).toString().length).toBeLessThanOrEqual(90);
    const err = msg.getSegment('ERR')!;
    expect(err.getField(2).toString()).toBe('OBX^2^5');
    expect(err.getComponent(3, 1)).toBe('102');
    expect(err.getComponent(4, 1)).toBe('E');
    expect(err.getField(8).toString()).toContain('Value must be a positive number \\S\\ in U/L.');
  });
});

describe('listener settings', () => {
  it('refuse to start without senders, with a bad port or a malformed sender', () => {
    expect(listenerConfigFrom({})).toMatchObject({ ok: false, problems: [expect.stringMatching(/TITERLINE_HL7_ALLOWED_SENDERS is empty/)] });
    expect(listenerConfigFrom({ TITERLINE_HL7_ALLOWED_SENDERS: 'LAB', TITERLINE_HL7_PORT: '70000' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/PORT/), expect.stringMatching(/"LAB" is not "sending application\|sending facility"/)] });
    expect(listenerConfigFrom({ TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|REFLAB A, HLAB|*' })).toMatchObject({
      ok: true, config: { host: '127.0.0.1', port: 2575, allowedAddresses: ['127.0.0.1', '::1'], allowedSenders: [{ application: 'LABSYS', facility: 'REFLAB A' }, { application: 'HLAB', facility: '*' }] },
    });
  });
});
