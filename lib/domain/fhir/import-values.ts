/**
 * Reading untrusted FHIR JSON: every accessor takes `unknown` and either returns a
 * checked value or throws a {@link Rejection} whose message says what is wrong and
 * what is accepted. The bundle reader turns a Rejection into one report line.
 */
import { isIsoDate, todayInZone } from '../dates';

export type Json = Record<string, unknown>;

/** A resource (or part of one) that cannot be mapped; the message goes to the import report. */
export class Rejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Rejection';
  }
}

export function reject(message: string): never {
  throw new Rejection(message);
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const objects = (v: unknown): Json[] => asArray(v).filter(isObject);

/**
 * Echoes input in a message, quoted and shortened, so a hostile 10 MB string never
 * floods the report and the reader sees exactly what was sent.
 */
export function quote(v: unknown, max = 60): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

export interface CodingIn { system?: string; code?: string; display?: string }

export function codingsOf(concept: unknown): CodingIn[] {
  if (!isObject(concept)) return [];
  return objects(concept.coding).map((c) => ({ system: asString(c.system), code: asString(c.code), display: asString(c.display) }));
}

/** The code of `concept` in `system`, if it has one. */
export function codeIn(concept: unknown, system: string): string | undefined {
  return codingsOf(concept).find((c) => c.system === system && c.code)?.code;
}

/** Human text of a concept: its text, else the first display. */
export function conceptText(concept: unknown): string | undefined {
  if (!isObject(concept)) return undefined;
  return asString(concept.text) ?? codingsOf(concept).find((c) => c.display)?.display;
}

/** Describes a concept's codes for messages: "http://loinc.org|1234-5". */
export function describeCodes(concept: unknown): string {
  const list = codingsOf(concept).map((c) => `${c.system ?? '(no system)'}|${c.code ?? '(no code)'}`);
  return list.length ? quote(list.join(', '), 120) : quote(conceptText(concept) ?? '(no code)');
}

/**
 * A calendar date from a FHIR date (a birth date, or a dateTime read as written where
 * no clinic day is needed). A partial date (year or year-month) cannot be placed on a
 * day and is refused.
 */
export function parseDay(v: unknown, label: string): string {
  const s = asString(v);
  if (!s) reject(`${label} is missing.`);
  const day = s.slice(0, 10);
  if (!isIsoDate(day) || (s.length > 10 && s[10] !== 'T')) reject(`${label} ${quote(s)} is not a full date (YYYY-MM-DD or a FHIR dateTime).`);
  return day;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d|60)(\.\d{1,9})?)?(Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$/;

/**
 * The clinic's calendar day of a FHIR date or dateTime (decision 0044): a plain date
 * stays the day as written; a dateTime with a time is an instant, placed on the
 * clinic's calendar in `timeZone` (2026-11-01T23:30:00Z is 2026-11-02 in Madrid).
 * A time without its offset from UTC cannot be placed and is refused (FHIR requires
 * the offset), as is a partial date. Pure: the caller passes the clinic's time zone.
 */
export function clinicDay(v: unknown, label: string, timeZone: string): string {
  const s = asString(v);
  if (!s) reject(`${label} is missing.`);
  if (s.length === 10 && isIsoDate(s)) return s;
  const m = DATE_TIME.exec(s);
  if (!m || !isIsoDate(s.slice(0, 10))) reject(`${label} ${quote(s)} is not a full date (YYYY-MM-DD or a FHIR dateTime).`);
  const zone = m[8];
  if (zone === undefined) reject(`${label} ${quote(s)} has a time but no offset from UTC (such as Z or +01:00): the clinic's day cannot be known. Send the date alone, or the time with its offset.`);
  const [, y, mo, d, h, mi, sec, frac] = m;
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0), Math.floor(Number(`0${frac ?? ''}`) * 1000));
  return todayInZone(new Date(utc - offsetMinutes * 60_000), timeZone);
}

export interface QuantityIn { value: number; comparator?: string; unit?: string; system?: string; code?: string }

export function parseQuantity(v: unknown, label: string): QuantityIn {
  if (!isObject(v)) reject(`${label} is missing or not a Quantity.`);
  const value = v.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) reject(`${label} has no numeric value.`);
  return { value, comparator: asString(v.comparator), unit: asString(v.unit), system: asString(v.system), code: asString(v.code) };
}

/** The unit of a quantity for messages: its text, else its code. */
export const unitLabel = (q: Pick<QuantityIn, 'unit' | 'code'>): string => q.unit ?? q.code ?? '(no unit)';

/** Texts of Annotation notes, joined as one paragraph per note. */
export function noteText(notes: unknown): string {
  return objects(notes).map((n) => asString(n.text) ?? '').filter(Boolean).join('\n\n');
}

/** Value of the first extension with `url`, of the named value type. */
export function extensionValue(resource: Json, url: string, key: 'valueCode' | 'valueDate' | 'valueString' | 'valueBoolean' | 'valueQuantity'): unknown {
  return objects(resource.extension).find((e) => e.url === url)?.[key];
}

/** Where a resource sits in the Bundle, for report lines. */
export interface EntryRef { entry: number; label: string }
/** A clinical resource placed on a patient (by MRN) and a day. */
export interface Placed extends EntryRef { mrn: string; day: string }

/** The id at the end of a reference such as "Patient/12", "https://x/fhir/Patient/12" or ".../Patient/12/_history/3". */
export function refId(ref: string, type: string): string | undefined {
  return new RegExp(`(?:^|/)${type}/([A-Za-z0-9.-]{1,64})(?:/_history/[^/]+)?$`).exec(ref)?.[1];
}

/** True when `ref` points at the entry: its exact fullUrl, or Type/id (relative or absolute). */
export const refersTo = (e: { fullUrl?: string; id?: string }, ref: string, type: string) =>
  (e.fullUrl !== undefined && e.fullUrl === ref) || (e.id !== undefined && refId(ref, type) === e.id);
