/**
 * The medication form's vocabularies, without the zod schemas in medications.ts:
 * client forms import these, and importing medications.ts put zod (about 30 kB
 * gzipped) into every page with a form (docs/performance.md).
 */
import { CHANGE_REASONS, type ChangeReason } from './medications';

/** Units a dose is written in (prefilled per drug from DRUG_CATALOG). */
export const DOSE_UNITS = ['mg', 'g', 'mg/kg', 'g/kg', 'mg/m²', 'mL', 'units'] as const;
/** 'not-stated': a source that gave no route (a FHIR MedicationStatement without dosage.route; issue 18, item 3). */
export const ROUTES = ['oral', 'iv', 'sc', 'im', 'topical', 'other', 'not-stated'] as const;
export const ROUTE_LABELS: Record<(typeof ROUTES)[number], string> = {
  oral: 'Oral', iv: 'Intravenous (IV)', sc: 'Subcutaneous (SC)', im: 'Intramuscular (IM)', topical: 'Topical', other: 'Other', 'not-stated': 'Not stated',
};
/** The frequency stored when a source gave none (any short text is a frequency; this one says so). */
export const FREQUENCY_NOT_STATED = 'not stated';
/** Route label for display (stored rows hold the key). */
export const routeLabel = (r: string): string => (Object.hasOwn(ROUTE_LABELS, r) ? ROUTE_LABELS[r as keyof typeof ROUTE_LABELS] : r);
/** Common frequencies, offered as suggestions; any short text is accepted. */
export const FREQUENCY_SUGGESTIONS = ['daily', 'twice daily', 'every other day', 'weekly', 'every 2 weeks', 'every 4 weeks', 'every 6 months', 'per course'];

/**
 * Which reasons make sense where (keys of CHANGE_REASONS, lib/domain/medications.ts).
 * A stop is an epoch end: "Started" or "Increased" cannot be why a drug was stopped.
 * A dose change ends one epoch and starts the next with the same reason, so its
 * reasons say why the dose moved. A start is "Started", or, for a past epoch that
 * continued a taper, the change that began it. An end (past treatment, corrections)
 * is a stop or a dose change: the epoch a dose change ended carries the change's reason.
 */
export const STOP_REASONS = ['stopped', 'course-completed', 'side-effect', 'ineffective', 'remission', 'other'] as const satisfies readonly ChangeReason[];
export const DOSE_CHANGE_REASONS = ['tapered', 'increased', 'side-effect', 'ineffective', 'remission', 'other'] as const satisfies readonly ChangeReason[];
export const START_REASONS = ['started', 'tapered', 'increased', 'side-effect', 'ineffective', 'remission', 'other'] as const satisfies readonly ChangeReason[];
export const END_REASONS = ['stopped', 'course-completed', 'tapered', 'increased', 'side-effect', 'ineffective', 'remission', 'other'] as const satisfies readonly ChangeReason[];
export type ReasonList = typeof STOP_REASONS | typeof DOSE_CHANGE_REASONS | typeof START_REASONS | typeof END_REASONS;

/** The reasons of one list with their labels, in the list's order (for a picker). */
export function reasonOptions(reasons: ReasonList): { key: ChangeReason; label: string }[] {
  return reasons.map((key) => ({ key, label: CHANGE_REASONS.find((r) => r.key === key)?.label ?? key }));
}
