/**
 * The visit form's vocabulary and field helpers, without the zod schema in visits.ts:
 * client forms import these, and importing visits.ts put zod (about 30 kB gzipped)
 * into every page with a form (docs/performance.md).
 */
import { isValidGrade, MAX_GRADE, MIN_GRADE, mmtTests, type MmtTotal } from '../domain/mmt';

/** Findings ticked at a visit: the clinical vocabulary lives in lib/domain (the layers run downwards). */
export { FINDINGS, FINDING_LABELS, type Finding } from '../domain/findings';
import type { Finding } from '../domain/findings';

export { MMT_VERSION_LABELS } from '../domain/vocabulary';

/** Form field name of one MMT test (flat, so a field error lands next to its input). */
export const gradeField = (testKey: string) => `mmt_${testKey}` as const;
export const findingField = (f: Finding) => `finding_${f}`;

export const LABEL_OF = new Map([...mmtTests('unilateral'), ...mmtTests('bilateral')].map((t) => [t.key, t.label]));

/**
 * One typed Kendall grade: empty = not tested (null), otherwise a whole number 0-10
 * (docs/clinical/strength.md); 7.5, -1 and 11 are refused with what is allowed.
 */
export function parseGrade(raw: unknown): number | null | undefined {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim().replace(',', '.')) : Number.NaN;
  return isValidGrade(n) ? n : undefined;
}

export const gradeMessage = (label: string) =>
  `${label}: enter a whole number from ${MIN_GRADE} to ${MAX_GRADE} (Kendall scale), or leave it empty if not tested.`;

/** Label of a test key (e.g. "Deltoid (middle), right"), for messages and history. */
export function mmtTestLabel(key: string): string {
  return LABEL_OF.get(key) ?? key;
}

/**
 * How an MMT-8 result reads on screen: a total only for a complete exam, otherwise
 * "partial: 6 of 8 groups, sum 52" - never a low total (docs/clinical/strength.md).
 */
export function mmtSummary(m: Pick<MmtTotal, 'total' | 'tested' | 'required' | 'max' | 'partialSum'> | null): string {
  if (!m || m.tested === 0) return 'not tested';
  if (m.total !== null) return `${m.total} / ${m.max}`;
  return `partial: ${m.tested} of ${m.required} ${m.required === 8 ? 'groups' : 'tests'}, sum ${m.partialSum}`;
}
