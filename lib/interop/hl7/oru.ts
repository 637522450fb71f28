/**
 * An ORU^R01 message (v2.3 to v2.5.1) read into plain data: the header, one patient
 * (PID), and its orders (OBR) with their results (OBX) and notes (NTE). Z segments and
 * the segments that carry nothing Titerline records (PV1, ORC, SPM, TQ1...) are
 * skipped. Structure comes from @medplum/core (delimiters from MSH-1/MSH-2); this
 * module checks what a result feed must say and refuses the rest in words (problem.ts).
 */
import { Hl7Message, type Hl7Segment } from '@medplum/core';
import { component, present, repetitions, value } from './fields';
import { ERROR_CODE, Hl7Problem, refuse, type Location } from './problem';

export const SUPPORTED_VERSIONS = ['2.3', '2.3.1', '2.4', '2.5', '2.5.1'] as const;

export interface Coded { code: string; text: string; system: string; alternate?: { code: string; text: string; system: string } }

export interface Header {
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  controlId: string;
  processingId: string;
  version: string;
}

export interface PatientIds { id: string; authority: string; typeCode: string }

export interface PidData { identifiers: PatientIds[]; familyName: string; givenName: string; birthDate: string; sex: string; location: Location }

export interface ObxData {
  setId: string;
  valueType: string;
  code: Coded;
  subId: string;
  /** OBX-5, each repetition as its components. */
  values: string[][];
  units: Coded;
  referenceRange: string;
  flags: string[];
  status: string;
  observedAt: string;
  producer: string;
  performingOrganization: string;
  notes: string[];
  location: Location;
}

export interface ObrData { placerNumber: string; fillerNumber: string; service: Coded; observedAt: string; notes: string[]; results: ObxData[]; location: Location }

export interface OruMessage { header: Header; patient: PidData; orders: ObrData[]; skippedSegments: string[]; text: string }

const coded = (seg: Hl7Segment, field: number, rep = 0): Coded => {
  const c = (n: number) => present(component(seg, field, n, rep));
  const alternate = c(4) || c(5) ? { code: c(4), text: c(5), system: c(6) } : undefined;
  return { code: c(1), text: c(2), system: c(3), ...(alternate ? { alternate } : {}) };
};

/** Parses the text of one message; throws Hl7Problem (AR) when it is not an ORU^R01 this feed accepts. */
export function readOru(text: string): OruMessage {
  let header: Header | undefined;
  try {
    return readParts(text, (h) => (header = h));
  } catch (e) {
    // A refusal after the header was read answers with its control ID and sender.
    if (e instanceof Hl7Problem && header) e.header = header;
    throw e;
  }
}

function readParts(text: string, onHeader: (h: Header) => void): OruMessage {
  let msg: Hl7Message;
  try {
    msg = Hl7Message.parse(text.replace(/\r\n|\n/g, '\r'));
  } catch {
    return refuse('Not an HL7 v2 message: it must begin with an MSH segment (MSH|^~\\&|...).', ERROR_CODE.segmentSequence, { segment: 'MSH', sequence: 1 });
  }
  const segments = msg.segments.filter((s) => s.name !== '');
  const msh = segments[0];
  if (!msh || msh.name !== 'MSH') return refuse('The message must begin with an MSH segment.', ERROR_CODE.segmentSequence, { segment: 'MSH', sequence: 1 });
  const at = (field: number): Location => ({ segment: 'MSH', sequence: 1, field });
  const header: Header = {
    sendingApplication: value(msh, 3), sendingFacility: value(msh, 4), receivingApplication: value(msh, 5), receivingFacility: value(msh, 6),
    controlId: value(msh, 10), processingId: value(msh, 11), version: value(msh, 12),
  };
  onHeader(header);
  const type = `${component(msh, 9, 1)}^${component(msh, 9, 2)}`;
  if (type !== 'ORU^R01') refuse(`Message type ${type === '^' ? '(missing)' : type}: this listener accepts lab results as ORU^R01 only.`, ERROR_CODE.unsupportedType, at(9));
  if (!header.controlId) refuse('MSH-10 (message control ID) is empty: every message needs its own control ID.', ERROR_CODE.requiredField, at(10));
  if (header.controlId.length > 199) refuse('MSH-10 (message control ID) is longer than 199 characters.', ERROR_CODE.dataType, at(10));
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(header.version)) {
    refuse(`HL7 version ${header.version || '(missing)'} in MSH-12: this listener accepts ${SUPPORTED_VERSIONS.join(', ')}.`, ERROR_CODE.unsupportedVersion, at(12));
  }
  // Training and debugging messages must never land in a patient's record.
  if (header.processingId !== 'P') refuse(`Processing ID ${header.processingId || '(missing)'} in MSH-11: only production messages (P) are filed; test (T) and debug (D) messages are refused.`, ERROR_CODE.unsupportedProcessingId, at(11));
  if (!header.sendingApplication && !header.sendingFacility) refuse('MSH-3 and MSH-4 are empty: the sending application and facility identify the lab.', ERROR_CODE.requiredField, at(3));

  let patient: PidData | undefined;
  const orders: ObrData[] = [];
  const skipped: string[] = [];
  let lastObx: ObxData | undefined;
  const counts = new Map<string, number>();
  for (const seg of segments.slice(1)) {
    const sequence = (counts.get(seg.name) ?? 0) + 1;
    counts.set(seg.name, sequence);
    const location: Location = { segment: seg.name, sequence };
    const order = orders.at(-1);
    switch (seg.name) {
      case 'PID':
        if (patient) refuse('A second PID segment: send one patient per message.', ERROR_CODE.segmentSequence, location);
        patient = readPid(seg, location);
        break;
      case 'OBR':
        if (!patient) refuse('OBR before PID: the patient comes first.', ERROR_CODE.segmentSequence, location);
        orders.push(readObr(seg, location));
        lastObx = undefined;
        break;
      case 'OBX':
        if (!order) refuse('OBX before any OBR: each result belongs to an order.', ERROR_CODE.segmentSequence, location);
        lastObx = readObx(seg, location);
        order!.results.push(lastObx);
        break;
      case 'NTE':
        // A note belongs to the result (or order) it follows; notes after PID are about the patient and not filed.
        (lastObx ?? order)?.notes.push(repetitions(seg, 3).map((r) => r.map((c) => c.join(' ')).join(' ')).join('\n'));
        break;
      default:
        if (seg.name === 'MSH') refuse('A second MSH segment: send one message per MLLP frame.', ERROR_CODE.segmentSequence, location);
        if (!/^[A-Z][A-Z0-9]{2}$/.test(seg.name)) refuse(`${JSON.stringify(seg.name.slice(0, 20))} is not a segment name.`, ERROR_CODE.segmentSequence, location);
        skipped.push(seg.name);
    }
  }
  if (!patient) return refuse('No PID segment: the message names no patient.', ERROR_CODE.requiredField, { segment: 'PID', sequence: 1 });
  if (!orders.some((o) => o.results.length)) refuse('No OBX segment: the message carries no result.', ERROR_CODE.requiredField, { segment: 'OBX', sequence: 1 });
  return { header, patient, orders, skippedSegments: skipped, text };
}

function readPid(seg: Hl7Segment, location: Location): PidData {
  const identifiers = repetitions(seg, 3).map((rep) => ({
    id: present(rep[0]?.[0] ?? ''), authority: present(rep[3]?.[0] ?? ''), typeCode: present(rep[4]?.[0] ?? ''),
  })).filter((i) => i.id !== '');
  return {
    identifiers, familyName: present(component(seg, 5, 1)), givenName: present(component(seg, 5, 2)),
    birthDate: present(value(seg, 7)), sex: present(value(seg, 8)), location,
  };
}

function readObr(seg: Hl7Segment, location: Location): ObrData {
  return {
    placerNumber: present(value(seg, 2)), fillerNumber: present(value(seg, 3)), service: coded(seg, 4),
    observedAt: present(value(seg, 7)), notes: [], results: [], location,
  };
}

function readObx(seg: Hl7Segment, location: Location): ObxData {
  const producer = coded(seg, 15);
  return {
    setId: value(seg, 1), valueType: present(value(seg, 2)), code: coded(seg, 3), subId: present(value(seg, 4)),
    values: repetitions(seg, 5).map((rep) => rep.map((c) => c.join('&'))),
    units: coded(seg, 6), referenceRange: present(value(seg, 7)),
    flags: repetitions(seg, 8).map((r) => r[0]?.[0] ?? '').filter((f) => f !== ''),
    status: present(value(seg, 11)), observedAt: present(value(seg, 14)),
    producer: producer.text || producer.code, performingOrganization: present(value(seg, 23)), notes: [], location,
  };
}
