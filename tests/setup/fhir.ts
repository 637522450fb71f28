import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { exportPatientFhir } from '@/lib/dal/fhir-export';
import type { Bundle, ExportResource } from '@/lib/domain/fhir/types';

export const BASE_URL = 'https://titerline.test/api/fhir';

/** Ids of every live patient, in id order. */
export const livePatientIds = (): number[] =>
  (getDb().$client.prepare('SELECT id FROM patients WHERE entered_in_error = 0 ORDER BY id').all() as { id: number }[]).map((r) => r.id);

/** Every patient's $everything bundle, as the JSON a client receives (parsed back). */
export function exportEveryPatient(actor: Actor): Bundle[] {
  return livePatientIds().map((id) => JSON.parse(JSON.stringify(exportPatientFhir(actor, id, { baseUrl: BASE_URL }).bundle)) as Bundle);
}

export const resourcesOf = (bundles: readonly Bundle[]): ExportResource[] =>
  bundles.flatMap((b) => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));

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
 */
export function withoutIds(resources: readonly ExportResource[]): unknown {
  const byKey = new Map(resources.map((r, i) => [`${r.resourceType}/${r.id ?? ''}`, `${r.resourceType}/#${i}`]));
  return JSON.parse(JSON.stringify(resources, (key, value: unknown) => {
    if (key === 'id' && typeof value === 'string') return '#';
    if (key === 'reference' && typeof value === 'string') return byKey.get(value) ?? `unresolved ${value}`;
    return value;
  }));
}
