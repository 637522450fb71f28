/**
 * What Patient/{id}/$everything sends (R4 operation Patient-everything): the whole
 * live record, or with `_since` only what changed at or after that instant, by
 * meta.lastUpdated, together with the retractions made since (./export-retracted.ts)
 * so an incremental copy can be kept right; `_type` keeps the resource types asked for.
 * Pure.
 */
import { patientResources, tisLastUpdated } from './export-patient';
import type { FhirPatientData } from './export-input';
import { retractedResources, retractedTisStubs } from './export-retracted';
import type { EverythingSearch } from './search-queries';
import type { ExportResource } from './types';

/** Changed at or after `since`; a resource whose change time is unknown counts as changed. */
const changedSince = (since: string) => (r: ExportResource) => !r.meta?.lastUpdated || r.meta.lastUpdated >= since;

export function everythingResources(data: FhirPatientData, q: EverythingSearch): ExportResource[] {
  let out = patientResources(data);
  if (q.since) {
    const since = q.since;
    const tisChanged = (tisLastUpdated(data) ?? '') >= since;
    out = [
      ...out.filter(changedSince(since)),
      ...retractedResources(data).filter(changedSince(since)),
      ...(tisChanged ? retractedTisStubs(data) : []),
    ];
  }
  if (q.types) {
    const types: readonly string[] = q.types;
    out = out.filter((r) => types.includes(r.resourceType));
  }
  return out;
}
