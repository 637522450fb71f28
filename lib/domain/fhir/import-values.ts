/**
 * Reading untrusted FHIR JSON: every accessor takes `unknown` and either returns a
 * checked value or throws a {@link Rejection} whose message says what is wrong and
 * what is accepted. The bundle reader turns a Rejection into one report line.
 */
import { isIsoDate } from '../dates';

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
 * A calendar date from a FHIR date or dateTime. Titerline stores days (lib/domain/
 * types.ts): a dateTime keeps the date as written in the sender's own time zone.
 * A partial date (year or year-month) cannot be placed on a day and is refused.
 */
export function parseDay(v: unknown, label: string): string {
  const s = asString(v);
  if (!s) reject(`${label} is missing.`);
  const day = s.slice(0, 10);
  if (!isIsoDate(day) || (s.length > 10 && s[10] !== 'T')) reject(`${label} ${quote(s)} is not a full date (YYYY-MM-DD or a FHIR dateTime).`);
  return day;
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
export function extensionValue(resource: Json, url: string, key: 'valueCode' | 'valueDate' | 'valueString' | 'valueBoolean'): unknown {
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
