/**
 * The patient form's vocabularies, without the zod schema in patients.ts: client forms
 * import these, and importing patients.ts put zod (and, through the database schema,
 * drizzle) into the patient forms' JavaScript (docs/performance.md).
 */
import { DIAGNOSIS_GROUPS } from '../domain/types';

export { DIAGNOSIS_GROUPS };
export const DIAGNOSIS_LABELS: Record<(typeof DIAGNOSIS_GROUPS)[number], string> = {
  'mi2-pos-dm': 'Anti-Mi2-positive dermatomyositis',
  'mi2-neg-dm': 'Anti-Mi2-negative dermatomyositis',
  antisynthetase: 'Antisynthetase syndrome',
  imnm: 'Immune-mediated necrotizing myopathy',
  other: 'Other',
};
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
