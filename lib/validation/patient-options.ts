/**
 * The patient form's vocabularies, without the zod schema in patients.ts: client forms
 * import these, and importing patients.ts put zod (and, through the database schema,
 * drizzle) into the patient forms' JavaScript (docs/performance.md).
 */
import { DIAGNOSIS_GROUPS } from '../domain/types';

export { DIAGNOSIS_GROUPS };
export { DIAGNOSIS_LABELS } from '../domain/vocabulary';
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
