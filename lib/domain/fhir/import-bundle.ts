/**
 * Reads an incoming FHIR R4 Bundle (collection, batch, transaction or searchset)
 * into plans the DAL writes through the product's own write path, and a report line
 * for every resource it cannot map. Pure: which patients and assays exist is the
 * DAL's question. Any rejected line means nothing is written (all or nothing).
 */
import type { Analyte, EnzymeAnalyte } from '../types';
import { classifyObservation } from './import-classify';
import { parseAntibody, parseEnzyme, type AntibodyPlan, type EnzymePlan } from './import-labs';
import { parseMedication, type MedicationPlan } from './import-medications';
import { MRN_REQUIRED, mrnOf, parsePatient, type PatientPlan } from './import-patient';
import { rejectedLine, type ReportLine } from './import-report';
import {
  asString, describeCodes, isObject, parseDay, quote, refersTo, reject, Rejection, type EntryRef, type Json, type Placed,
} from './import-values';
import { groupVisits, type PartEntry, type VisitPlan } from './import-group';
import { parseVisitPart } from './import-visits';

export const BUNDLE_TYPES = ['collection', 'batch', 'transaction', 'searchset'] as const;
export const MAX_ENTRIES = 20_000;
const IMPORTED_TYPES = ['Patient', 'Observation', 'MedicationStatement'];

export interface ParsedBundle {
  patients: (PatientPlan & EntryRef)[];
  antibodies: (AntibodyPlan & Placed)[];
  enzymes: (EnzymePlan & Placed)[];
  visits: VisitPlan[];
  medications: (MedicationPlan & EntryRef & { mrn: string })[];
  lines: ReportLine[];
}

export interface Entry extends EntryRef { resource: Json; fullUrl?: string; id?: string }

function bundleProblem(message: string): ParsedBundle {
  return { patients: [], antibodies: [], enzymes: [], visits: [], medications: [], lines: [rejectedLine(null, 'Bundle', message)] };
}

/** Checks each entry's envelope; refuses duplicates by fullUrl and by type/id. */
function readEntries(raw: unknown[], type: string, lines: ReportLine[]): Entry[] {
  const out: Entry[] = [];
  raw.forEach((e, i) => {
    const resource = isObject(e) ? e.resource : undefined;
    const rtype = isObject(resource) ? asString(resource.resourceType) : undefined;
    const id = isObject(resource) ? asString(resource.id) : undefined;
    const label = `${rtype?.slice(0, 40) ?? 'entry'}${id ? `/${id.slice(0, 64)}` : ` #${i}`}`;
    const fail = (m: string) => lines.push(rejectedLine(i, label, m));
    if (!isObject(e) || !isObject(resource) || !rtype) return fail('Not a Bundle entry with a resource that has a resourceType.');
    if (!IMPORTED_TYPES.includes(rtype)) return fail(`Resource type ${quote(rtype)} is not imported: Titerline imports ${IMPORTED_TYPES.join(', ')}.`);
    const method = isObject(e.request) ? e.request.method : undefined;
    if ((type === 'batch' || type === 'transaction') && method !== 'POST' && method !== 'PUT') {
      return fail(`Request method ${quote(method ?? '(none)')}: only POST or PUT entries create data.`);
    }
    const fullUrl = asString(e.fullUrl);
    if (fullUrl && out.some((o) => o.fullUrl === fullUrl)) return fail(`Duplicate fullUrl ${quote(fullUrl, 120)}.`);
    if (id && out.some((o) => o.id === id && o.resource.resourceType === rtype)) return fail(`Duplicate resource: ${label} appears twice.`);
    out.push({ entry: i, label, resource, fullUrl, id });
  });
  return out;
}

export function parseBundle(input: unknown): ParsedBundle {
  if (!isObject(input)) return bundleProblem('Expected a JSON object: a FHIR Bundle.');
  if (input.resourceType !== 'Bundle') {
    return bundleProblem(`resourceType is ${quote(input.resourceType ?? '(missing)')}: expected a Bundle (wrap single resources in a Bundle of type collection).`);
  }
  const type = BUNDLE_TYPES.find((t) => t === input.type);
  if (!type) return bundleProblem(`Bundle type ${quote(input.type ?? '(missing)')} is not imported: use ${BUNDLE_TYPES.join(', ')}.`);
  if (!Array.isArray(input.entry) || input.entry.length === 0) return bundleProblem('The Bundle has no entries.');
  if (input.entry.length > MAX_ENTRIES) return bundleProblem(`The Bundle has ${input.entry.length} entries; at most ${MAX_ENTRIES} are imported at once (split it).`);
  const lines: ReportLine[] = [];
  const out: ParsedBundle = { patients: [], antibodies: [], enzymes: [], visits: [], medications: [], lines };
  const entries = readEntries(input.entry, type, lines);
  const attempt = (e: EntryRef, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
      lines.push(rejectedLine(e.entry, e.label, err.message));
    }
  };
  // Patients first: other resources point at them. null = a Patient that could not be read.
  const patientOf = new Map<Entry, string | null>();
  for (const e of entries.filter((x) => x.resource.resourceType === 'Patient')) {
    patientOf.set(e, null);
    attempt(e, () => {
      const plan = parsePatient(e.resource);
      if (out.patients.some((p) => p.mrn === plan.mrn)) reject(`A second Patient with MRN ${quote(plan.mrn)}: duplicate resource.`);
      out.patients.push({ ...plan, entry: e.entry, label: e.label });
      patientOf.set(e, plan.mrn);
      for (const w of plan.warnings) lines.push({ entry: e.entry, resource: e.label, outcome: 'note', message: w });
    });
  }
  const subjectMrn = (subject: unknown): string => {
    if (!isObject(subject)) return reject('No subject: every resource must say which patient it belongs to.');
    const ref = asString(subject.reference);
    if (ref !== undefined) {
      const hit = [...patientOf.keys()].find((p) => refersTo(p, ref, 'Patient'));
      if (!hit) return reject(`subject ${quote(ref, 120)} does not resolve to a Patient in this Bundle: include the Patient, or reference it by its MRN identifier.`);
      return patientOf.get(hit) ?? reject(`subject ${quote(ref, 120)} is a Patient that could not be imported (see its line).`);
    }
    return mrnOf([subject.identifier]) ?? reject(`subject ${MRN_REQUIRED}`);
  };
  const parts: PartEntry[] = [];
  for (const e of entries.filter((x) => x.resource.resourceType === 'Observation')) {
    attempt(e, () => readObservation(e, subjectMrn, out, parts));
  }
  for (const e of entries.filter((x) => x.resource.resourceType === 'MedicationStatement')) {
    attempt(e, () => {
      if (e.resource.status === 'entered-in-error') return skip(out, e, 'Entered in error at the source: not imported.');
      const mrn = subjectMrn(e.resource.subject);
      out.medications.push({ ...parseMedication(e.resource), mrn, entry: e.entry, label: e.label });
    });
  }
  out.visits = groupVisits(parts, lines);
  return out;
}

function skip(out: ParsedBundle, e: EntryRef, message: string): void {
  out.lines.push({ entry: e.entry, resource: e.label, outcome: 'skipped', message });
}

const FINAL = ['final', 'amended', 'corrected'];

function readObservation(e: Entry, subjectMrn: (s: unknown) => string, out: ParsedBundle, parts: PartEntry[]): void {
  const r = e.resource;
  const kind = classifyObservation(r.code)
    ?? reject(`Unknown code ${describeCodes(r.code)}: Titerline maps the anti-Mi2 and muscle-enzyme LOINC codes of docs/domain.md section 2 and its own urn:titerline:codes.`);
  if (r.status === 'entered-in-error') return skip(out, e, 'Entered in error at the source: not imported.');
  if (r.status === 'cancelled') return skip(out, e, 'Cancelled at the source: there is no result to import.');
  if (kind.kind === 'tis') return skip(out, e, 'Total Improvement Score: derived, so Titerline recomputes it from the imported measures.');
  // Status is read only as a string: String() of a hostile object ({"toString": false}) throws.
  if (typeof r.status !== 'string' || !FINAL.includes(r.status)) reject(`Status ${quote(r.status ?? '(missing)')}: only final, amended or corrected results are imported.`);
  const mrn = subjectMrn(r.subject);
  const day = parseDay(r.effectiveDateTime, 'effectiveDateTime (the collection or visit date)');
  const placed = { entry: e.entry, label: e.label, mrn, day };
  if (kind.kind === 'antibody') out.antibodies.push({ ...parseAntibody(r, kind.analyte as Analyte), ...placed });
  else if (kind.kind === 'enzyme') out.enzymes.push({ ...parseEnzyme(r, kind.analyte as EnzymeAnalyte), ...placed });
  else parts.push({ ...placed, fullUrl: e.fullUrl, id: e.id, part: parseVisitPart(r, kind.measure) });
}
