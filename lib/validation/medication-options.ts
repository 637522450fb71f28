/**
 * The medication form's vocabularies, without the zod schemas in medications.ts:
 * client forms import these, and importing medications.ts put zod (about 30 kB
 * gzipped) into every page with a form (docs/performance.md).
 */
/** Units a dose is written in (prefilled per drug from DRUG_CATALOG). */
export const DOSE_UNITS = ['mg', 'g', 'mg/kg', 'g/kg', 'mg/m²', 'mL', 'units'] as const;
export const ROUTES = ['oral', 'iv', 'sc', 'im', 'topical', 'other'] as const;
export const ROUTE_LABELS: Record<(typeof ROUTES)[number], string> = {
  oral: 'Oral', iv: 'Intravenous (IV)', sc: 'Subcutaneous (SC)', im: 'Intramuscular (IM)', topical: 'Topical', other: 'Other',
};
/** Route label for display (stored rows hold the key). */
export const routeLabel = (r: string): string => (Object.hasOwn(ROUTE_LABELS, r) ? ROUTE_LABELS[r as keyof typeof ROUTE_LABELS] : r);
/** Common frequencies, offered as suggestions; any short text is accepted. */
export const FREQUENCY_SUGGESTIONS = ['daily', 'twice daily', 'every other day', 'weekly', 'every 2 weeks', 'every 4 weeks', 'every 6 months', 'per course'];
