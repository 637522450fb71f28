/**
 * Shapes shared by the cohort insights (docs/clinical/evidence.md section 3: the study
 * compared anti-Mi2-positive DM with anti-Mi2-negative DM, antisynthetase syndrome
 * and IMNM). Plain data; the DAL fills them with a few bulk queries.
 */

/** The diagnosis groups of db/schema/patients.ts, in the study's order, then "other". */
export const COHORT_GROUPS = ['mi2-pos-dm', 'mi2-neg-dm', 'antisynthetase', 'imnm', 'other'] as const;
export type CohortGroup = (typeof COHORT_GROUPS)[number];

/** The four groups of the study; the default selection. */
export const STUDY_GROUPS: readonly CohortGroup[] = ['mi2-pos-dm', 'mi2-neg-dm', 'antisynthetase', 'imnm'];

/** Every p-value compares this group with one other group, as the study did. */
export const REFERENCE_GROUP: CohortGroup = 'mi2-pos-dm';

export const GROUP_SHORT: Readonly<Record<CohortGroup, string>> = {
  'mi2-pos-dm': 'Anti-Mi2+ DM',
  'mi2-neg-dm': 'Anti-Mi2− DM',
  antisynthetase: 'Antisynthetase',
  imnm: 'IMNM',
  other: 'Other',
};

export interface CohortPatient {
  id: number;
  mrn: string;
  /** "FAMILY, Given", as on the worklist. */
  name: string;
  group: CohortGroup;
}

/** Number of selected patients per group, shown with every view. */
export interface GroupSize {
  group: CohortGroup;
  n: number;
}

/** A statistic that could not be computed, with the reason in words. */
export interface Unavailable {
  ok: false;
  reason: string;
}

/** Group sizes in COHORT_GROUPS order for the selected groups (0 when nobody matched). */
export function groupSizes(groups: readonly CohortGroup[], patients: readonly { group: CohortGroup }[]): GroupSize[] {
  return COHORT_GROUPS.filter((g) => groups.includes(g)).map((group) => ({ group, n: patients.filter((p) => p.group === group).length }));
}
