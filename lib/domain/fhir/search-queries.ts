/**
 * The searches Titerline's FHIR API answers, parameter by parameter, and what it
 * does with the rest. Unknown or unsupported parameters follow R4's handling rules
 * (https://hl7.org/fhir/R4/search.html#errors): by default (`lenient`) they are
 * ignored, left out of the `self` link and named in a warning; with
 * `Prefer: handling=strict` the search is refused with 400. A supported parameter
 * with a value that cannot be read is refused in both modes: a search that silently
 * widened would return data the client did not ask for. Pure.
 */
import {
  parseDateParam, parseInstant, parsePatientReference, parseTokens, parseWhole,
  type DateParam, type Parsed, type TokenParam,
} from './search-values';

export type Handling = 'strict' | 'lenient';

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 50;

/** Parameters every search understands: paging, and the format ones the HTTP layer already honoured. */
const GENERAL = ['_count', '_offset', '_format', '_pretty', '_total'] as const;

export interface Paging { count: number; offset: number }

export interface PatientSearch { ids: string[] | null; identifiers: TokenParam[] | null }
export interface ObservationSearch { patient: number | null; codes: TokenParam[][]; categories: TokenParam[] | null; dates: DateParam[]; sort: 'date' | '-date' | null }
export interface MedicationSearch { patient: number | null; statuses: string[] | null }
export const EVERYTHING_TYPES = ['Patient', 'Observation', 'MedicationStatement'] as const;
export type EverythingType = (typeof EVERYTHING_TYPES)[number];
export interface EverythingSearch { since: string | null; types: EverythingType[] | null }

export interface SearchRequest<Q> {
  query: Q;
  /** null: every match (the whole record of $everything when no _count is given). */
  paging: Paging | null;
  /** The parameters applied, in the order given: what the `self` link repeats. */
  used: [string, string][];
  /** Parameters left out (lenient handling), for the warning. */
  ignored: string[];
}
export type SearchParse<Q> = { ok: true; value: SearchRequest<Q> } | { ok: false; message: string; notSupported?: true };

type Reader<Q> = (values: ReadonlyMap<string, string[]>, add: (name: string) => void) => Parsed<Q>;

/** Splits the query into known and unknown parameters, then lets `read` build the query. */
function parse<Q>(params: readonly [string, string][], known: readonly string[], handling: Handling, read: Reader<Q>, defaultPage: number | null): SearchParse<Q> {
  const values = new Map<string, string[]>();
  const ignored: string[] = [];
  for (const [k, v] of params) {
    if ((GENERAL as readonly string[]).includes(k) || known.includes(k)) values.set(k, [...(values.get(k) ?? []), v]);
    else if (!ignored.includes(k)) ignored.push(k);
  }
  if (ignored.length && handling === 'strict') {
    return { ok: false, notSupported: true, message: `Not supported here: ${ignored.map((k) => `"${k.slice(0, 40)}"`).join(', ')}. Supported: ${known.join(', ')}, _count, _offset.` };
  }
  const usedNames = new Set<string>();
  const q = read(values, (name) => usedNames.add(name));
  if (!q.ok) return q;
  const one = (name: string) => values.get(name)?.at(-1);
  const count = one('_count');
  const offset = one('_offset');
  const c = count === undefined ? null : parseWhole(count, '_count', 0, MAX_PAGE);
  if (c && !c.ok) return c;
  const o = offset === undefined ? { ok: true as const, value: 0 } : parseWhole(offset, '_offset', 0, 1_000_000_000);
  if (!o.ok) return o;
  const size = c?.value ?? defaultPage;
  const used = params.filter(([k]) => usedNames.has(k));
  return { ok: true, value: { query: q.value, paging: size === null ? null : { count: size, offset: o.value }, used, ignored } };
}

/** All values of a repeatable parameter, each read with `read`; the first failure wins. */
function each<T>(values: readonly string[] | undefined, read: (v: string) => Parsed<T>): Parsed<T[]> {
  const out: T[] = [];
  for (const v of values ?? []) {
    const r = read(v);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}

/** `patient=` or `subject=` (the same thing here: every resource's subject is a Patient). Required. */
function patientOf(values: ReadonlyMap<string, string[]>, add: (n: string) => void, type: string): Parsed<number | null> {
  const name = values.has('patient') ? 'patient' : values.has('subject') ? 'subject' : null;
  if (!name) return { ok: false, message: `Search ${type} of one patient: add patient=Patient/{id} (or subject=).` };
  add(name);
  return parsePatientReference(values.get(name)?.at(-1) ?? '', name);
}

export function parsePatientSearch(params: readonly [string, string][], handling: Handling): SearchParse<PatientSearch> {
  return parse(params, ['identifier', '_id'], handling, (values, add) => {
    const ids = values.get('_id')?.at(-1);
    const identifier = values.get('identifier')?.at(-1);
    if (ids !== undefined) add('_id');
    if (identifier !== undefined) add('identifier');
    const tokens = identifier === undefined ? null : parseTokens(identifier, 'identifier');
    if (tokens && !tokens.ok) return tokens;
    return { ok: true, value: { ids: ids === undefined ? null : ids.split(','), identifiers: tokens?.value ?? null } };
  }, DEFAULT_PAGE);
}

export function parseObservationSearch(params: readonly [string, string][], handling: Handling): SearchParse<ObservationSearch> {
  const sorts = params.filter(([k]) => k === '_sort').map(([, v]) => v);
  // An unsupported sort is an unsupported parameter (R4 lets a server ignore a sort it cannot do).
  const sortable = sorts.every((s) => s === 'date' || s === '-date');
  const known = ['patient', 'subject', 'code', 'date', 'category', ...(sortable ? ['_sort'] : [])];
  return parse(params, known, handling, (values, add) => {
    const patient = patientOf(values, add, 'Observations');
    if (!patient.ok) return patient;
    const codes = each(values.get('code'), (v) => parseTokens(v, 'code'));
    if (!codes.ok) return codes;
    const dates = each(values.get('date'), (v) => parseDateParam(v, 'date'));
    if (!dates.ok) return dates;
    const category = values.get('category')?.at(-1);
    const categories = category === undefined ? null : parseTokens(category, 'category');
    if (categories && !categories.ok) return categories;
    for (const n of ['code', 'date', 'category', '_sort']) if (values.has(n)) add(n);
    const sort = values.get('_sort')?.at(-1);
    return { ok: true, value: { patient: patient.value, codes: codes.value, dates: dates.value, categories: categories?.value ?? null, sort: sort === 'date' || sort === '-date' ? sort : null } };
  }, DEFAULT_PAGE);
}

export function parseMedicationSearch(params: readonly [string, string][], handling: Handling): SearchParse<MedicationSearch> {
  return parse(params, ['patient', 'subject', 'status'], handling, (values, add) => {
    const patient = patientOf(values, add, 'MedicationStatements');
    if (!patient.ok) return patient;
    const status = values.get('status')?.at(-1);
    if (status !== undefined) add('status');
    return { ok: true, value: { patient: patient.value, statuses: status === undefined ? null : status.split(',') } };
  }, DEFAULT_PAGE);
}

/** Patient/{id}/$everything: `_since`, `_type`; the whole record unless `_count` asks for pages. */
export function parseEverything(params: readonly [string, string][], handling: Handling): SearchParse<EverythingSearch> {
  return parse(params, ['_since', '_type'], handling, (values, add) => {
    const sinceRaw = values.get('_since')?.at(-1);
    const since = sinceRaw === undefined ? null : parseInstant(sinceRaw, '_since');
    if (since && !since.ok) return since;
    if (sinceRaw !== undefined) add('_since');
    const typesRaw = values.get('_type');
    let types: EverythingType[] | null = null;
    if (typesRaw) {
      add('_type');
      const asked = typesRaw.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
      const unknown = asked.filter((t) => !(EVERYTHING_TYPES as readonly string[]).includes(t));
      if (unknown.length && handling === 'strict') {
        return { ok: false, message: `_type: Titerline holds no ${unknown.map((t) => `"${t.slice(0, 40)}"`).join(', ')}; it serves ${EVERYTHING_TYPES.join(', ')}.` };
      }
      types = EVERYTHING_TYPES.filter((t) => asked.includes(t));
    }
    return { ok: true, value: { since: since?.value ?? null, types } };
  }, null);
}
