/**
 * An ORU^R01 as the FHIR Bundle the import reads (lib/dal/fhir-import.ts), so that a
 * feed result passes the very same code map, value checks, entry rules, duplicate and
 * correction matching, one-transaction write, audit and signal recompute as a FHIR or
 * CSV import (docs/decisions/0032-hl7-feed.md). Pure.
 * - PID-3: the MRN is the identifier of the configured assigning authority, else the
 *   one typed MR, else the only one; the others are kept as the patient's identifiers
 *   (a PID carrying another patient's identifier is refused when they are linked).
 * - OBX-11: F final, C corrected, P/R/S/I preliminary (held: not stored until final),
 *   X cancelled and D/W deleted or wrong patient (retract the earlier result).
 * - OBR-7 (when the specimen was collected), else OBX-14: the collection day, as the lab
 *   wrote it (its local day). OBX-14 is often when the analyser ran: when both are sent
 *   and name two days, the result is refused (as the FHIR import refuses an Observation
 *   and its Specimen on two days). SPM is not read.
 */
import { SYSTEM } from '../../domain/fhir/codes';
import type { Coded, ObxData, OruMessage, PidData } from './oru';
import { contentError, ERROR_CODE, refuse } from './problem';
import { referenceRangeOf, valueOf } from './values';

type Json = Record<string, unknown>;

const STATUS: Readonly<Record<string, string>> = {
  F: 'final', C: 'corrected', P: 'preliminary', R: 'preliminary', S: 'preliminary', I: 'registered', X: 'cancelled', D: 'entered-in-error', W: 'entered-in-error',
};

export interface BundleOptions {
  /** PID-3 assigning authority (CX-4) whose identifier is Titerline's MRN (TITERLINE_HL7_MRN_AUTHORITY). */
  mrnAuthority?: string;
  /**
   * A nurse or physician assigned the message to this registered patient from the lab
   * inbox (they saw the lab's PID beside the patient's name and birth date): the Patient
   * is theirs, and the lab's PID-3 identifiers are NOT linked to them (a one-off choice
   * must not teach the feed to file the lab's identifier under this patient for good).
   */
  assignedPatient?: { mrn: string; familyName: string; givenName: string; birthDate: string };
}

const PATIENT_URL = 'urn:uuid:00000000-0000-4000-8000-000000000000';
const obsUrl = (n: number) => `urn:uuid:00000000-0000-4000-8001-${String(n).padStart(12, '0')}`;
const V2_0203 = SYSTEM.v2IdentifierType;

/** The day of an HL7 DTM (YYYYMMDD[HHMM[SS[.S]]][+ZZZZ]), or null. */
export function dayOf(dtm: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2,6}(\.\d{1,4})?)?([+-]\d{4})?$/.exec(dtm.trim());
  if (!m) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : day;
}

/** The instant of an HL7 DTM with hours, minutes and a UTC offset (YYYYMMDDHHMM[SS[.S]]+ZZZZ), in ms, or null. */
export function instantOf(dtm: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2}(?:\.\d{1,4})?)?([+-])(\d{2})(\d{2})$/.exec(dtm.trim());
  if (!m || dayOf(dtm) === null) return null;
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), 0) + Math.round(Number(m[6] ?? '0') * 1000);
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return local - offset;
}

/**
 * The collection day of one result: OBR-7, the time the specimen was collected (what a
 * result's date means in Titerline); OBX-14 only when OBR-7 is empty. Labs often put the
 * time of analysis in OBX-14: a specimen drawn at 23:00 and run after midnight must not
 * move to the next day, and which day is right is the lab's to say, so two days are
 * refused (not the same instant written in two time zones).
 */
function collectionDay(obx: ObxData, order: OruMessage['orders'][number]): string {
  const test = obx.code.text || obx.code.code;
  const atObr = { segment: 'OBR', sequence: order.location.sequence, field: 7 };
  const atObx = { segment: 'OBX', sequence: obx.location.sequence, field: 14 };
  if (!order.observedAt && !obx.observedAt) contentError(`${test}: the order does not say when the specimen was collected: the collection date is needed.`, ERROR_CODE.requiredField, atObr);
  const read = (raw: string, what: string, at: typeof atObr) =>
    dayOf(raw) ?? contentError(`${test}: the ${what} ${JSON.stringify(raw.slice(0, 30))} is not a date and time (YYYYMMDD[HHMM]).`, ERROR_CODE.dataType, at);
  const collected = order.observedAt ? read(order.observedAt, 'specimen\'s collection time', atObr) : null;
  const observed = obx.observedAt ? read(obx.observedAt, 'result\'s time', atObx) : null;
  if (collected === null) return observed!;
  if (observed !== null && observed !== collected) {
    const instant = instantOf(order.observedAt);
    if (instant === null || instant !== instantOf(obx.observedAt)) {
      contentError(`${test}: the specimen was collected on ${collected}, the result is dated ${observed}: a result is filed on its collection date, and these are two days. Ask the lab which is right.`, ERROR_CODE.dataType, atObx);
    }
  }
  return collected;
}

/** Which PID-3 identifier is the MRN, and the others. */
export function mrnOf(pid: PidData, opts: BundleOptions): { mrn: string; others: PidData['identifiers'] } {
  const at = { segment: 'PID', sequence: 1, field: 3 };
  const wanted = opts.mrnAuthority?.trim().toLowerCase();
  const candidates = wanted
    ? pid.identifiers.filter((i) => i.authority.toLowerCase() === wanted)
    : pid.identifiers.filter((i) => i.typeCode.toUpperCase() === 'MR').concat(pid.identifiers.length === 1 ? pid.identifiers : []);
  const ids = [...new Set(candidates.map((i) => i.id))];
  if (ids.length === 0) {
    contentError(wanted ? `PID-3 has no identifier of the assigning authority ${JSON.stringify(opts.mrnAuthority)}: the MRN cannot be read.` : 'PID-3 has no medical record number: type it MR (CX-5) or send one identifier.', ERROR_CODE.requiredField, at);
  }
  if (ids.length > 1) contentError(`PID-3 has ${ids.length} medical record numbers (${ids.map((i) => JSON.stringify(i)).join(', ')}): the patient is ambiguous.`, ERROR_CODE.dataType, at);
  const mrn = ids[0]!;
  if (mrn.length > 64) contentError('PID-3: the MRN is longer than 64 characters.', ERROR_CODE.dataType, at);
  return { mrn, others: pid.identifiers.filter((i) => i.id !== mrn && i.authority !== '') };
}

function patientResource(pid: PidData, opts: BundleOptions): { mrn: string; resource: Json } {
  const a = opts.assignedPatient;
  if (a) return { mrn: a.mrn, resource: { resourceType: 'Patient', identifier: [{ system: SYSTEM.mrn, value: a.mrn }], name: [{ family: a.familyName, given: [a.givenName] }], birthDate: a.birthDate } };
  const { mrn, others } = mrnOf(pid, opts);
  const at = (field: number) => ({ segment: 'PID', sequence: 1, field });
  if (!pid.familyName || !pid.givenName) contentError('PID-5 needs the family and given name: they are checked against the patient registered under the MRN.', ERROR_CODE.requiredField, at(5));
  const birthDate = dayOf(pid.birthDate) ?? contentError(`PID-7 birth date ${JSON.stringify(pid.birthDate.slice(0, 30))} is missing or not a date (YYYYMMDD): it is checked against the registered patient.`, ERROR_CODE.dataType, at(7));
  const gender = { F: 'female', M: 'male', O: 'other', A: 'other', N: 'other', U: 'unknown' }[pid.sex.toUpperCase()] ?? 'unknown';
  const identifier = [
    { system: SYSTEM.mrn, value: mrn },
    ...others.map((o) => ({ system: `urn:titerline:hl7:authority:${o.authority}`, value: o.id, ...(o.typeCode ? { type: { coding: [{ system: V2_0203, code: o.typeCode }] } } : {}) })),
  ];
  return { mrn, resource: { resourceType: 'Patient', identifier, name: [{ family: pid.familyName, given: [pid.givenName] }], birthDate, gender } };
}

/** A CWE as a FHIR CodeableConcept: LOINC (LN) by its URI, other systems by their HL7 name (L when unnamed). */
export function conceptOf(c: Coded): Json {
  const coding = (code: string, text: string, system: string) => ({ system: system.toUpperCase() === 'LN' ? SYSTEM.loinc : system || 'L', code, ...(text ? { display: text } : {}) });
  const codings = [c.code ? coding(c.code, c.text, c.system) : null, c.alternate?.code ? coding(c.alternate.code, c.alternate.text, c.alternate.system) : null].filter((x) => x !== null);
  const text = c.text || c.alternate?.text;
  return { ...(codings.length ? { coding: codings } : {}), ...(text ? { text } : {}) };
}

function observation(msg: OruMessage, obx: ObxData, order: OruMessage['orders'][number], n: number): Json {
  const at = (field: number) => ({ segment: 'OBX', sequence: obx.location.sequence, field });
  const status = STATUS[obx.status.toUpperCase()]
    ?? contentError(`OBX-11 result status ${JSON.stringify(obx.status.slice(0, 10) || '(missing)')}: send F (final), C (correction), P (preliminary), X (cannot be obtained) or D (deleted).`, ERROR_CODE.tableValue, at(11));
  if (!obx.code.code && !obx.code.text) contentError('OBX-3 is empty: which test is this result?', ERROR_CODE.requiredField, at(3));
  const accession = order.fillerNumber || order.placerNumber;
  if (!accession) contentError('OBR-3 (filler order number) and OBR-2 are empty: results need the lab\'s accession number, so a correction finds the result it corrects.', ERROR_CODE.requiredField, { segment: 'OBR', sequence: order.location.sequence, field: 3 });
  const day = collectionDay(obx, order);
  const value = valueOf(obx);
  const { header } = msg;
  const resultKey = [accession, obx.code.system, obx.code.code || obx.code.text, obx.subId].join('|');
  const lab = obx.performingOrganization || obx.producer || header.sendingFacility;
  return {
    resourceType: 'Observation', status, code: conceptOf(obx.code), subject: { reference: PATIENT_URL }, effectiveDateTime: day,
    identifier: [
      { system: SYSTEM.accession, value: accession },
      ...(resultKey.length <= 200 ? [{ system: `urn:titerline:hl7:${header.sendingApplication}|${header.sendingFacility}:result`.slice(0, 200), value: resultKey }] : []),
    ],
    ...(lab ? { performer: [{ display: lab }] } : {}),
    ...value,
    referenceRange: referenceRangeOf(obx, 'valueQuantity' in value),
    ...(obx.flags.length ? { interpretation: obx.flags.map((f) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0078', code: f }] })) } : {}),
    ...(obx.notes.length ? { note: obx.notes.map((text) => ({ text })) } : {}),
    id: `obx-${n}`,
  };
}

/** The Bundle of one message, and its MRN. Throws Hl7Problem (AE) when the content cannot be read. */
export function oruToBundle(msg: OruMessage, opts: BundleOptions = {}): { mrn: string; bundle: Json; results: number } {
  const patient = patientResource(msg.patient, opts);
  const entry: Json[] = [{ fullUrl: PATIENT_URL, resource: patient.resource }];
  let n = 0;
  for (const order of msg.orders) {
    for (const obx of order.results) {
      n++;
      if (n > 500) refuse('More than 500 results in one message: split it.', ERROR_CODE.segmentSequence, obx.location);
      entry.push({ fullUrl: obsUrl(n), resource: observation(msg, obx, order, n) });
    }
  }
  return { mrn: patient.mrn, bundle: { resourceType: 'Bundle', type: 'collection', entry }, results: n };
}
