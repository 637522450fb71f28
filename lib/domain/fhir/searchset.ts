/**
 * Search results as FHIR R4 `searchset` Bundles: the matches of one page, the total,
 * and the paging links a client follows (self, first, previous, next, last), each a
 * full URL that repeats exactly the parameters applied. Ignored parameters (lenient
 * handling) are named in an OperationOutcome entry with search.mode `outcome`.
 * Pure: the caller gives the base URL and the clock.
 */
import { dateMatches, tokenMatches } from './search-values';
import type { MedicationSearch, ObservationSearch, Paging } from './search-queries';
import type { Bundle, BundleEntry, BundleLink, ExportResource, MedicationStatement, Observation } from './types';
import { warningOutcome } from './outcome';

const codingsOf = (concepts: readonly { coding?: { system?: string; code?: string }[] }[] | undefined) => (concepts ?? []).flatMap((c) => c.coding ?? []);

/** The Observations that match every parameter, sorted as asked (by date, then in export order). */
export function matchObservations(all: readonly Observation[], q: ObservationSearch): Observation[] {
  const hits = all.filter((o) => {
    const day = (o.effectiveDateTime ?? '').slice(0, 10);
    return q.codes.every((tokens) => codingsOf([o.code]).some((c) => tokenMatches(tokens, c)))
      && (!q.categories || codingsOf(o.category).some((c) => tokenMatches(q.categories ?? [], c)))
      && q.dates.every((d) => day !== '' && dateMatches(d, day));
  });
  if (!q.sort) return hits;
  const sign = q.sort === 'date' ? 1 : -1;
  const order = new Map(hits.map((o, i) => [o, i]));
  return [...hits].sort((a, b) => {
    const da = a.effectiveDateTime ?? '';
    const db = b.effectiveDateTime ?? '';
    return da === db ? (order.get(a) ?? 0) - (order.get(b) ?? 0) : da < db ? -sign : sign;
  });
}

export function matchMedications(all: readonly MedicationStatement[], q: MedicationSearch): MedicationStatement[] {
  return q.statuses ? all.filter((m) => q.statuses?.includes(m.status)) : [...all];
}

/** One page of the matches (all of them without paging). */
export function pageOf<T>(items: readonly T[], paging: Paging | null): T[] {
  return paging ? items.slice(paging.offset, paging.offset + paging.count) : [...items];
}

export interface SearchsetInput {
  /** FHIR base, e.g. https://clinic.example/api/fhir */
  base: string;
  /** What was searched, relative to the base: "Observation", "Patient/12/$everything". */
  path: string;
  used: readonly [string, string][];
  ignored: readonly string[];
  paging: Paging | null;
  total: number;
  resources: readonly ExportResource[];
  timestamp: string;
}

function linkTo(input: SearchsetInput, offset: number | null): string {
  const params = new URLSearchParams(input.used.map(([k, v]) => [k, v]));
  if (input.paging && offset !== null) {
    params.set('_count', String(input.paging.count));
    params.set('_offset', String(offset));
  }
  const qs = params.toString();
  return `${input.base.replace(/\/+$/, '')}/${input.path}${qs ? `?${qs}` : ''}`;
}

function links(input: SearchsetInput): BundleLink[] {
  const p = input.paging;
  if (!p) return [{ relation: 'self', url: linkTo(input, null) }];
  const out: BundleLink[] = [{ relation: 'self', url: linkTo(input, p.offset) }];
  if (p.count === 0) return out;
  const last = input.total === 0 ? 0 : Math.floor((input.total - 1) / p.count) * p.count;
  out.push({ relation: 'first', url: linkTo(input, 0) });
  if (p.offset > 0) out.push({ relation: 'previous', url: linkTo(input, Math.max(0, Math.min(p.offset - p.count, last))) });
  if (p.offset + p.count < input.total) out.push({ relation: 'next', url: linkTo(input, p.offset + p.count) });
  out.push({ relation: 'last', url: linkTo(input, last) });
  return out;
}

export function searchsetBundle(input: SearchsetInput): Bundle {
  const base = input.base.replace(/\/+$/, '');
  const entry: BundleEntry[] = input.resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`, resource, search: { mode: 'match' } }));
  if (input.ignored.length) {
    entry.push({
      resource: warningOutcome(`Ignored (not supported here): ${input.ignored.map((k) => `"${k.slice(0, 40)}"`).join(', ')}. The self link shows the search that was run.`),
      search: { mode: 'outcome' },
    });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: input.timestamp,
    total: input.total,
    link: links(input),
    ...(entry.length ? { entry } : {}),
  };
}
