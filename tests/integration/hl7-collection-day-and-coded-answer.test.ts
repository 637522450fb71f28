/**
 * Two readings of the HL7 feed end to end, over MLLP with a real client (@medplum/hl7's
 * Hl7Client) against the listener on a real SQLite file:
 * - a result is filed on the day its specimen was collected (OBR-7); a CK drawn at 23:00
 *   and analysed after midnight (OBX-14 on the next day) is answered AE naming both days,
 *   held in the lab inbox, nothing stored; the same message with OBX-14 on the
 *   collection day is filed on it;
 * - a coded answer without words (CWE "3^^99LAB", answer 3 of the lab's own list) is
 *   answered AE, never stored as the number 3; a coded "negative" is filed as negative.
 */
import { describe, expect, it } from 'vitest';
import { createCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { makeActor } from '../setup/actors';
import { ASSAY, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { hl7Day } from '../setup/hl7-messages';
import { mllpConfig, startMllpFeed } from '../setup/mllp-feed';
import { tableCounts } from '../setup/temp-db';

let patient = 0;
const { send } = startMllpFeed(mllpConfig([{ application: 'LABA', facility: 'REFLAB A' }]), async () => {
  patient = newPatient(await makeActor('physician'), { mrn: 'OBR-1', familyName: 'Berg', givenName: 'Ana', birthDate: '1970-01-01', sex: 'female' });
  createCodeMapping(await makeActor('admin'), { domain: 'lab', application: 'LABA', facility: 'REFLAB A', system: '99LB', code: 'MI2BIB', target: `assay:${ASSAY.betaImmunoblotB}`, display: 'Mi-2 beta immunoblot' });
});

/** One order collected at `obr7` with one OBX (`obx`: OBX-2 to OBX-7), final, observed at `obx14`. */
const message = (controlId: string, accession: string, obr7: string, obx: string, obx14: string) => [
  `MSH|^~\\&|LABA|REFLAB A|TITERLINE|CLINIC|${hl7Day(daysAgo(1))}0300||ORU^R01|${controlId}|P|2.5.1`,
  'PID|1||OBR-1^^^^MR||Berg^Ana||19700101|F',
  `OBR|1||${accession}|PANEL^Panel^L|||${obr7}`,
  `OBX|1|${obx}||||F|||${obx14}`,
].join('\r');
const ck = (controlId: string, accession: string, obr7: string, obx14: string) => message(controlId, accession, obr7, 'NM|2157-6^Creatine kinase^LN||950|U/L^U/L^UCUM|26-192', obx14);
const immunoblot = (controlId: string, accession: string, value: string) =>
  message(controlId, accession, `${hl7Day(daysAgo(7))}0800`, `CWE|MI2BIB^Mi-2 beta immunoblot^99LB||${value}||`, `${hl7Day(daysAgo(7))}0800`);
const enzymes = () => sqlite().prepare('SELECT value, collected_on FROM enzyme_results WHERE patient_id = ? ORDER BY id').all(patient);
const antibodies = () => sqlite().prepare('SELECT value, unit, qualitative, collected_on FROM antibody_results WHERE patient_id = ? ORDER BY id').all(patient);
const lastInbox = () => sqlite().prepare('SELECT control_id AS controlId, status, problem FROM hl7_inbox ORDER BY id DESC LIMIT 1').get();


describe('the collection day over MLLP', () => {
  it('a CK drawn at 23:00 and analysed after midnight is answered AE with both days, held in the inbox, nothing stored', async () => {
    const [drawn, run] = [daysAgo(6), daysAgo(5)];
    const before = tableCounts();
    const ack = await send(ck('D-1', 'A-5', `${hl7Day(drawn)}2300+0100`, `${hl7Day(run)}0110+0100`));
    const words = `Creatine kinase: the specimen was collected on ${drawn}, the result is dated ${run}: a result is filed on its collection date, and these are two days. Ask the lab which is right.`;
    expect(ack.code).toBe('AE');
    expect(ack.words).toContain(words);
    expect(enzymes()).toEqual([]);
    expect(lastInbox()).toEqual({ controlId: 'D-1', status: 'open', problem: `Nothing stored. ${words}` });
    // Only the refusal's audit event and the inbox message were written.
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 1, hl7_inbox: before.hl7_inbox! + 1 });
  });

  it('files the result on the collection day when OBX-14 is later the same day, or absent', async () => {
    const drawn = daysAgo(4);
    expect(await send(ck('D-2', 'A-6', `${hl7Day(drawn)}0700+0100`, `${hl7Day(drawn)}2350+0100`))).toMatchObject({ code: 'AA' });
    expect(await send(ck('D-3', 'A-7', `${hl7Day(daysAgo(3))}0700+0100`, ''))).toMatchObject({ code: 'AA' });
    expect(enzymes()).toEqual([{ value: 950, collected_on: drawn }, { value: 950, collected_on: daysAgo(3) }]);
  });
});

describe('a coded answer over MLLP', () => {
  it('without words is answered AE, never stored as a number', async () => {
    const before = tableCounts();
    const ack = await send(immunoblot('C-1', 'B-91', '3^^99LAB'));
    expect(ack.code).toBe('AE');
    expect(ack.words).toMatch(/Mi-2 beta immunoblot: the answer "3" \(a code, without words\) is not a result Titerline can file/);
    expect(antibodies()).toEqual([]);
    expect(lastInbox()).toMatchObject({ controlId: 'C-1', status: 'open' });
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 1, hl7_inbox: before.hl7_inbox! + 1 });
  });

  it('that says negative is filed as a negative category', async () => {
    expect(await send(immunoblot('C-2', 'B-92', 'NEG^Negative^99LAB'))).toMatchObject({ code: 'AA' });
    expect(antibodies()).toEqual([{ value: null, unit: 'SIU', qualitative: 'negative', collected_on: daysAgo(7) }]);
  });
});
