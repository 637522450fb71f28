/**
 * The resources a hospital lab Bundle carries around its results, read for context
 * (issue 18, item 1): the collection date from the Specimen, the accession number
 * from the Specimen or the report, the performing lab from an Organization (directly,
 * through a PractitionerRole, or as the DiagnosticReport's performer). References
 * resolve within the Bundle: `urn:uuid:` fullUrls, absolute URLs and Type/id.
 */
import { SYSTEM } from './codes';
import { asString, clinicDay, codeIn, isObject, objects, quote, refId, reject, type EntryRef, type Json } from './import-values';

export interface Entry extends EntryRef { resource: Json; type: string; fullUrl?: string; id?: string }

export interface Context {
  /** The entry a reference points to, when it is one of `types`. */
  resolve(ref: unknown, types: readonly string[]): Entry | undefined;
  /** The performing lab of an Observation, as the Bundle names it (undefined when it names none). */
  labOf(obs: Entry): string | undefined;
  /** The collection day of an Observation (the clinic's day of a time): its own effective date, else its Specimen's, else its report's. */
  collectionDay(obs: Entry): string;
  /** The lab's accession number of an Observation: its own, else its Specimen's or report's. */
  accessionOf(obs: Entry): string;
}

const ACCESSION_TYPE = 'ACSN';

/** An accession identifier: Titerline's system, or one typed ACSN (HL7 v2 table 0203). */
export const isAccession = (i: Json): boolean => i.system === SYSTEM.accession || codeIn(i.type, SYSTEM.v2IdentifierType) === ACCESSION_TYPE;
const accessionIn = (identifiers: unknown): string | undefined => asString(objects(identifiers).find(isAccession)?.value)?.trim();

/** The raw date-time of an effective[x] (dateTime, instant or period start). */
function effectiveOf(r: Json): string | undefined {
  const period = isObject(r.effectivePeriod) ? r.effectivePeriod : undefined;
  return asString(r.effectiveDateTime) ?? asString(r.effectiveInstant) ?? asString(period?.start);
}

/** `timeZone`: the clinic's, in which a date-time with a time is placed on a day (decision 0044). */
export function buildContext(entries: readonly Entry[], timeZone: string): Context {
  const reportOf = new Map<Entry, Entry>();
  // Indexed once: a 20 000-entry Bundle resolves each reference in constant time, not by a scan.
  const byUrl = new Map<string, Entry>();
  const byTypeId = new Map<string, Entry>();
  for (const e of entries) {
    if (e.fullUrl !== undefined && !byUrl.has(e.fullUrl)) byUrl.set(e.fullUrl, e);
    if (e.id !== undefined && !byTypeId.has(`${e.type}/${e.id}`)) byTypeId.set(`${e.type}/${e.id}`, e);
  }
  /** The entry a reference names: its exact fullUrl, or Type/id (relative or absolute; lib/domain/fhir/import-values.ts refersTo). */
  const resolve = (ref: unknown, types: readonly string[]): Entry | undefined => {
    const r = isObject(ref) ? asString(ref.reference) : undefined;
    if (r === undefined) return undefined;
    const exact = byUrl.get(r);
    if (exact && types.includes(exact.type)) return exact;
    for (const t of types) {
      const id = refId(r, t);
      const hit = id === undefined ? undefined : byTypeId.get(`${t}/${id}`);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const report of entries.filter((e) => e.type === 'DiagnosticReport')) {
    for (const ref of objects(report.resource.result)) {
      const obs = resolve(ref, ['Observation']);
      if (obs && !reportOf.has(obs)) reportOf.set(obs, report);
    }
  }
  /** The lab among performer references: an Organization, a PractitionerRole's organization, else the first display. */
  const labIn = (performers: unknown): string | undefined => {
    const refs = objects(performers);
    for (const ref of refs) {
      const target = resolve(ref, ['Organization', 'PractitionerRole']);
      const org = target?.type === 'PractitionerRole' ? resolve(target.resource.organization, ['Organization']) : target;
      const name = org ? asString(org.resource.name) ?? asString(isObject(target?.resource.organization) ? target?.resource.organization.display : undefined) : undefined;
      if (name) return name.trim();
    }
    // A display without a resolvable reference (Titerline's own export names the lab so).
    const unresolved = refs.find((r) => !resolve(r, ['Practitioner', 'Organization', 'PractitionerRole']) && asString(r.display));
    return asString(unresolved?.display)?.trim();
  };
  const specimenOf = (obs: Entry): Entry | undefined => {
    const own = resolve(obs.resource.specimen, ['Specimen']);
    if (own) return own;
    const specimens = objects(reportOf.get(obs)?.resource.specimen);
    return specimens.length === 1 ? resolve(specimens[0], ['Specimen']) : undefined;
  };
  return {
    resolve,
    labOf: (obs) => labIn(obs.resource.performer) ?? labIn(reportOf.get(obs)?.resource.performer),
    collectionDay(obs) {
      const own = effectiveOf(obs.resource);
      const specimen = specimenOf(obs);
      const collection = isObject(specimen?.resource.collection) ? specimen.resource.collection : undefined;
      const period = isObject(collection?.collectedPeriod) ? collection.collectedPeriod : undefined;
      const collected = asString(collection?.collectedDateTime) ?? asString(period?.start);
      const label = 'effectiveDateTime (the collection or visit date)';
      if (own !== undefined && collected !== undefined) {
        // Both on the clinic's calendar: the same instant written in two zones is one day.
        const a = clinicDay(own, label, timeZone);
        const b = clinicDay(collected, 'Specimen.collection.collectedDateTime', timeZone);
        if (a !== b) reject(`The result says it was collected on ${a}, its Specimen (${specimen?.label}) on ${b}${own.length > 10 || collected.length > 10 ? ' (days in the clinic\'s time zone)' : ''}: the collection date must be one day. Ask the lab which is right.`);
        return a;
      }
      const report = reportOf.get(obs);
      const raw = own ?? collected ?? (report ? effectiveOf(report.resource) : undefined);
      return clinicDay(raw, label, timeZone);
    },
    accessionOf(obs) {
      const specimen = specimenOf(obs);
      const fromSpecimen = isObject(specimen?.resource.accessionIdentifier) ? asString(specimen.resource.accessionIdentifier.value)?.trim() : undefined;
      return accessionIn(obs.resource.identifier) ?? fromSpecimen ?? accessionIn(reportOf.get(obs)?.resource.identifier) ?? '';
    },
  };
}

/** What a context resource contributes, for its report line. */
export function contextNote(e: Entry): string {
  switch (e.type) {
    case 'Specimen': return 'Read for context: the collection date and accession number of its results.';
    case 'DiagnosticReport': return 'Read for context: which results it reports, its performing lab and date; the results are imported one by one.';
    case 'Organization': return `Read for context: the performing lab${asString(e.resource.name) ? ` ${quote(e.resource.name)}` : ''}.`;
    case 'Medication': return 'Read for context: the drug of the medication statements that refer to it.';
    default: return `Read for context; ${/^[AEIOU]/.test(e.type) ? 'an' : 'a'} ${e.type} itself is not recorded in Titerline.`;
  }
}
