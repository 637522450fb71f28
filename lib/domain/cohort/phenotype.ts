/**
 * Phenotype by diagnosis group (docs/clinical/evidence.md section 3; Pinal-Fernandez 2019):
 * weakness at onset and during follow-up, calcinosis, ILD, fever, dysphagia; peak
 * CK and lowest MMT-8. Each other group is compared with anti-Mi2-positive DM:
 * Fisher's exact test for proportions, Mann-Whitney U for per-patient values.
 *
 * Decisions:
 * - "At onset" is the first recorded visit; "ever" is any visit. Findings come from
 *   visits.findings_json; a patient without visits has no phenotype data and is
 *   left out of that row's denominator (never counted as "absent").
 * - Lowest MMT-8 is on the 0-80 scale: a complete bilateral exam (0-150) is scaled
 *   by 80/150 so both versions compare. Partial exams never count (section 4).
 * - A test needs at least 2 patients with data in each of the two groups; no
 *   correction for multiple comparisons (descriptive, as in the abstract).
 */
import { fisherExact } from './fisher';
import { mannWhitney } from './mann-whitney';
import { medianIqr, type MedianIqr } from './describe';
import { groupSizes, REFERENCE_GROUP, type CohortGroup, type GroupSize, type Unavailable } from './types';

export const MIN_PER_GROUP = 2;

export const PHENOTYPE_FEATURES = [
  { key: 'weakness-onset', label: 'Weakness at the first visit', finding: 'weakness', when: 'first' },
  { key: 'weakness-ever', label: 'Weakness at any visit', finding: 'weakness', when: 'ever' },
  { key: 'calcinosis', label: 'Calcinosis', finding: 'calcinosis', when: 'ever' },
  { key: 'ild', label: 'Interstitial lung disease', finding: 'ild', when: 'ever' },
  { key: 'fever', label: 'Fever', finding: 'fever', when: 'ever' },
  { key: 'dysphagia', label: 'Dysphagia', finding: 'dysphagia', when: 'ever' },
] as const;

export interface PatientPhenotype {
  patientId: number;
  group: CohortGroup;
  /** Live visits recorded; 0 = no findings data. */
  visits: number;
  firstVisitFindings: readonly string[];
  everFindings: ReadonlySet<string>;
  /** Highest CK in U/L, or null without CK results. */
  peakCk: number | null;
  /** Lowest complete MMT-8 on the 0-80 scale, or null without a complete exam. */
  lowestMmt: number | null;
}

export type TestResult = { ok: true; p: number; test: string } | Unavailable;

export interface Comparison {
  /** The group compared with REFERENCE_GROUP. */
  group: CohortGroup;
  result: TestResult;
}

export interface BinaryRow {
  key: string;
  label: string;
  cells: { group: CohortGroup; k: number; n: number }[];
  comparisons: Comparison[];
}

export interface ContinuousRow {
  key: 'peak-ck' | 'lowest-mmt';
  label: string;
  unit: string;
  /** `values`: each patient's value, for the strip plot. */
  cells: { group: CohortGroup; summary: MedianIqr | null; values: number[] }[];
  comparisons: Comparison[];
}

export interface PhenotypeTable {
  groups: GroupSize[];
  /** null when anti-Mi2-positive DM is not among the selected groups (no tests). */
  reference: CohortGroup | null;
  binary: BinaryRow[];
  continuous: ContinuousRow[];
}

const tooFew = (n1: number, n2: number): Unavailable | null =>
  n1 < MIN_PER_GROUP || n2 < MIN_PER_GROUP ? { ok: false, reason: `not enough data (n = ${n1} vs ${n2}; needs ${MIN_PER_GROUP} each)` } : null;

function compare<C>(groups: readonly CohortGroup[], cellOf: (g: CohortGroup) => C, test: (ref: C, other: C) => TestResult): Comparison[] {
  if (!groups.includes(REFERENCE_GROUP)) return [];
  const ref = cellOf(REFERENCE_GROUP);
  return groups.filter((g) => g !== REFERENCE_GROUP).map((group) => ({ group, result: test(ref, cellOf(group)) }));
}

/** The phenotype table for the selected groups (in COHORT_GROUPS order). */
export function buildPhenotype(groups: readonly CohortGroup[], patients: readonly PatientPhenotype[]): PhenotypeTable {
  const sizes = groupSizes(groups, patients);
  const ordered = sizes.map((s) => s.group);
  const members = new Map<CohortGroup, PatientPhenotype[]>(ordered.map((g) => [g, []]));
  for (const p of patients) members.get(p.group)?.push(p);
  const inGroup = (g: CohortGroup) => members.get(g) ?? [];
  const binary: BinaryRow[] = PHENOTYPE_FEATURES.map((f) => {
    const cellOf = (group: CohortGroup) => {
      const withData = inGroup(group).filter((p) => p.visits > 0);
      const has = (p: PatientPhenotype) => (f.when === 'first' ? p.firstVisitFindings.includes(f.finding) : p.everFindings.has(f.finding));
      return { group, k: withData.filter(has).length, n: withData.length };
    };
    const comparisons = compare(ordered, cellOf, (r, o) => {
      const few = tooFew(r.n, o.n);
      if (few) return few;
      const res = fisherExact({ a: r.k, b: r.n - r.k, c: o.k, d: o.n - o.k });
      return res.ok ? { ok: true, p: res.p, test: res.test } : res;
    });
    return { key: f.key, label: f.label, cells: ordered.map(cellOf), comparisons };
  });
  const continuous = ([
    ['peak-ck', 'Peak CK', 'U/L', (p: PatientPhenotype) => p.peakCk],
    ['lowest-mmt', 'Lowest MMT-8', 'of 80', (p: PatientPhenotype) => p.lowestMmt],
  ] as const).map(([key, label, unit, valueOf]): ContinuousRow => {
    const values = (g: CohortGroup) => inGroup(g).map(valueOf).filter((v): v is number => v !== null && Number.isFinite(v));
    const comparisons = compare(ordered, values, (r, o) => {
      const few = tooFew(r.length, o.length);
      if (few) return few;
      const res = mannWhitney(r, o);
      return res.ok ? { ok: true, p: res.p, test: res.test } : res;
    });
    return { key, label, unit, cells: ordered.map((group) => ({ group, summary: medianIqr(values(group)), values: values(group) })), comparisons };
  });
  return { groups: sizes, reference: ordered.includes(REFERENCE_GROUP) ? REFERENCE_GROUP : null, binary, continuous };
}
