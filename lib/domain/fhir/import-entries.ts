/**
 * The envelope of an incoming Bundle: its type, its entries, and what each entry's
 * resource type means to Titerline (issue 18, item 1). A single resource is read as a
 * Bundle of one. Imported: Patient, Observation, MedicationStatement. Read for context:
 * Specimen, DiagnosticReport, Organization, Practitioner(Role), Encounter,
 * ServiceRequest, Medication. Condition: may propose a diagnosis group. Anything else
 * is listed as ignored, never refused.
 */
import type { Entry } from './import-context';
import { rejectedLine, type ReportLine } from './import-report';
import { asString, isObject, quote } from './import-values';

export const BUNDLE_TYPES = ['collection', 'batch', 'transaction', 'searchset'] as const;
export const MAX_ENTRIES = 20_000;
export const IMPORTED_TYPES = ['Patient', 'Observation', 'MedicationStatement'];
export const CONTEXT_TYPES = ['Specimen', 'DiagnosticReport', 'Organization', 'Practitioner', 'PractitionerRole', 'Encounter', 'ServiceRequest', 'Medication'];

/** FHIR resource type names: letters only, starting with a capital (https://hl7.org/fhir/R4/resourcelist.html). */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;

export type Envelope = { ok: true; type: (typeof BUNDLE_TYPES)[number]; raw: unknown[] } | { ok: false; message: string };

/** The Bundle type and raw entries, or why the input is not a Bundle (or single resource) Titerline reads. */
export function readEnvelope(input: unknown): Envelope {
  if (!isObject(input)) return { ok: false, message: 'Expected a JSON object: a FHIR Bundle or a single resource.' };
  const rtype = input.resourceType;
  if (rtype !== 'Bundle') {
    if (typeof rtype !== 'string' || !RESOURCE_TYPE.test(rtype)) {
      return { ok: false, message: `resourceType is ${quote(rtype ?? '(missing)')}: expected a Bundle, or a single FHIR resource such as an Observation.` };
    }
    return { ok: true, type: 'collection', raw: [{ resource: input }] };
  }
  const type = BUNDLE_TYPES.find((t) => t === input.type);
  if (!type) return { ok: false, message: `Bundle type ${quote(input.type ?? '(missing)')} is not imported: use ${BUNDLE_TYPES.join(', ')}.` };
  if (!Array.isArray(input.entry) || input.entry.length === 0) return { ok: false, message: 'The Bundle has no entries.' };
  if (input.entry.length > MAX_ENTRIES) return { ok: false, message: `The Bundle has ${input.entry.length} entries; at most ${MAX_ENTRIES} are imported at once (split it).` };
  return { ok: true, type, raw: input.entry };
}

/** Checks each entry's envelope; refuses duplicates by fullUrl and by type/id, and requests that are not creates. */
export function readEntries(raw: readonly unknown[], type: string, lines: ReportLine[]): Entry[] {
  const out: Entry[] = [];
  const fullUrls = new Set<string>();
  const ids = new Set<string>();
  raw.forEach((e, i) => {
    const resource = isObject(e) ? e.resource : undefined;
    const rtype = isObject(resource) ? asString(resource.resourceType) : undefined;
    const id = isObject(resource) ? asString(resource.id) : undefined;
    const label = `${rtype?.slice(0, 40) ?? 'entry'}${id ? `/${id.slice(0, 64)}` : ` #${i}`}`;
    const fail = (m: string) => lines.push(rejectedLine(i, label, m));
    if (!isObject(e) || !isObject(resource) || !rtype || !RESOURCE_TYPE.test(rtype)) return fail('Not a Bundle entry with a resource that has a resourceType.');
    const method = isObject(e.request) ? e.request.method : undefined;
    if ((type === 'batch' || type === 'transaction') && method !== 'POST' && method !== 'PUT') {
      return fail(`Request method ${quote(method ?? '(none)')}: only POST or PUT entries create data; an import never deletes or reads.`);
    }
    const fullUrl = asString(e.fullUrl);
    if (fullUrl && fullUrls.has(fullUrl)) return fail(`Duplicate fullUrl ${quote(fullUrl, 120)}.`);
    if (id && ids.has(`${rtype}/${id}`)) return fail(`Duplicate resource: ${label} appears twice.`);
    if (fullUrl) fullUrls.add(fullUrl);
    if (id) ids.add(`${rtype}/${id}`);
    out.push({ entry: i, label, resource, type: rtype, fullUrl, id });
  });
  return out;
}

/** Deepest nesting a Bundle may have: FHIR resources nest a handful of levels; a hostile file nests thousands. */
export const MAX_DEPTH = 64;

/** True when JSON text nests objects and arrays deeper than `max` (counted outside strings, without parsing). */
export function textTooDeep(text: string, max = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The same for a value already parsed (walked without recursion, so depth itself cannot overflow the stack). */
export function valueTooDeep(value: unknown, max = MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let visited = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d >= max || ++visited > 5_000_000) return true;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, d + 1]);
  }
  return false;
}
