import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { exportPatientFhir } from '@/lib/dal/fhir-export';
import { searchsetBundle } from '@/lib/domain/fhir/searchset';
import type { Bundle, ExportResource } from '@/lib/domain/fhir/types';

export const BASE_URL = 'https://titerline.test/api/fhir';

/** Ids of every live patient, in id order. */
export const livePatientIds = (): number[] =>
  (getDb().$client.prepare('SELECT id FROM patients WHERE entered_in_error = 0 ORDER BY id').all() as { id: number }[]).map((r) => r.id);

/** One patient's $everything searchset, as the route builds it (the whole record, no paging). */
export function everythingBundle(actor: Actor, patientId: number): Bundle {
  const { resources, total } = exportPatientFhir(actor, patientId);
  return searchsetBundle({ base: BASE_URL, path: `Patient/${patientId}/$everything`, used: [], ignored: [], paging: null, total, resources, timestamp: new Date().toISOString() });
}

/** Every patient's $everything bundle, as the JSON a client receives (parsed back). */
export function exportEveryPatient(actor: Actor): Bundle[] {
  return livePatientIds().map((id) => JSON.parse(JSON.stringify(everythingBundle(actor, id))) as Bundle);
}

const EXPORTED = new Set(['Patient', 'Observation', 'MedicationStatement']);
const isExportResource = (r: { resourceType: string }): r is ExportResource => EXPORTED.has(r.resourceType);

/** The resources of bundles (outcome entries, which are about the search, left out). */
export const resourcesOf = (bundles: readonly Bundle[]): ExportResource[] =>
  bundles.flatMap((b) => (b.entry ?? []).flatMap((e) => (e.resource && isExportResource(e.resource) ? [e.resource] : [])));

/** One collection Bundle of many resources, fullUrls under BASE_URL. */
export function collection(resources: readonly unknown[]): Bundle {
  return {
    resourceType: 'Bundle', type: 'collection',
    entry: resources.map((r) => {
      const res = r as ExportResource;
      return { fullUrl: `${BASE_URL}/${res.resourceType}/${res.id ?? ''}`, resource: res };
    }),
  };
}

/**
 * Resources with database ids replaced by their position ("Observation/#12"), in ids
 * and references alike, so exports of two databases compare "identical apart from ids".
 * meta (when each server stored the row) is the server's bookkeeping, not content: left out.
 */
export function withoutIds(resources: readonly ExportResource[]): unknown {
  const byKey = new Map(resources.map((r, i) => [`${r.resourceType}/${r.id ?? ''}`, `${r.resourceType}/#${i}`]));
  return JSON.parse(JSON.stringify(resources, (key, value: unknown) => {
    if (key === 'meta') return undefined;
    if (key === 'id' && typeof value === 'string') return '#';
    if (key === 'reference' && typeof value === 'string') return byKey.get(value) ?? `unresolved ${value}`;
    return value;
  }));
}
