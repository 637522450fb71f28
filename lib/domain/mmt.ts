/**
 * MMT-8 manual muscle testing (IMACS).
 * Source: docs/clinical/strength.md ("Strength: MMT-8 (IMACS)") and IMACS Form 04
 * (Manual Muscle Testing scoring sheet and procedures).
 */
import type { MmtVersion } from './types';

export const MMT_GROUP_KEYS = [
  'neck_flexors',
  'deltoid',
  'biceps',
  'wrist_extensors',
  'gluteus_maximus',
  'gluteus_medius',
  'quadriceps',
  'ankle_dorsiflexors',
] as const;
export type MmtGroupKey = (typeof MMT_GROUP_KEYS)[number];

/** The 8 MMT-8 muscle groups in exam-sheet order (docs/clinical/strength.md). */
export const MMT_GROUPS: readonly { key: MmtGroupKey; label: string; axial: boolean }[] = [
  { key: 'neck_flexors', label: 'Neck flexors', axial: true },
  { key: 'deltoid', label: 'Deltoid (middle)', axial: false },
  { key: 'biceps', label: 'Biceps brachii', axial: false },
  { key: 'wrist_extensors', label: 'Wrist extensors', axial: false },
  { key: 'gluteus_maximus', label: 'Gluteus maximus', axial: false },
  { key: 'gluteus_medius', label: 'Gluteus medius', axial: false },
  { key: 'quadriceps', label: 'Quadriceps', axial: false },
  { key: 'ankle_dorsiflexors', label: 'Ankle dorsiflexors', axial: false },
];

export type MmtSide = 'right' | 'left' | null;

export interface MmtTest {
  /** Key in Visit.mmtGrades. Unilateral: the group key; bilateral: `<group>_right|_left`. */
  key: string;
  label: string;
  group: MmtGroupKey;
  /** null for the axial neck flexors. */
  side: MmtSide;
}

/** Lowest and highest Kendall grade (docs/clinical/strength.md: Kendall 0-10). */
export const MIN_GRADE = 0;
export const MAX_GRADE = 10;

/**
 * The ordered tests of an MMT-8 version (docs/clinical/strength.md):
 * - unilateral: the 8 groups on one side (IMACS: usually the right, the left only
 *   when the right cannot be tested), keys are the group keys, 8 tests, max 80;
 * - bilateral: neck flexors once, then each of the 7 limb groups right then left
 *   (IMACS testing order), keys like `deltoid_right`, 15 tests, max 150.
 */
export function mmtTests(version: MmtVersion): MmtTest[] {
  const tests: MmtTest[] = [];
  for (const g of MMT_GROUPS) {
    if (g.axial) {
      tests.push({ key: g.key, label: g.label, group: g.key, side: null });
    } else if (version === 'unilateral') {
      tests.push({ key: g.key, label: g.label, group: g.key, side: 'right' });
    } else {
      tests.push({ key: `${g.key}_right`, label: `${g.label}, right`, group: g.key, side: 'right' });
      tests.push({ key: `${g.key}_left`, label: `${g.label}, left`, group: g.key, side: 'left' });
    }
  }
  return tests;
}

/** Maximum total of a version: 80 unilateral, 150 bilateral (docs/clinical/strength.md). */
export function mmtMax(version: MmtVersion): number {
  return mmtTests(version).length * MAX_GRADE;
}

/** True for an integer Kendall grade 0-10 (docs/clinical/strength.md). */
export function isValidGrade(grade: unknown): grade is number {
  return typeof grade === 'number' && Number.isInteger(grade) && grade >= MIN_GRADE && grade <= MAX_GRADE;
}

/**
 * Validates one Kendall grade: a whole number from 0 to 10 (docs/clinical/README.md
 * section 4). Returns messages; empty when valid.
 */
export function validateGrade(grade: unknown): string[] {
  if (typeof grade !== 'number' || !Number.isFinite(grade)) return ['Grade must be a number from 0 to 10.'];
  if (!Number.isInteger(grade)) return ['Grade must be a whole number (Kendall 0-10).'];
  if (grade < MIN_GRADE || grade > MAX_GRADE) return ['Grade must be from 0 to 10.'];
  return [];
}

export interface MmtTotal {
  /** Sum of all grades, only when the exam is complete; otherwise null. */
  total: number | null;
  /** Sum of the valid grades given so far (detail only, never a total). */
  partialSum: number;
  /** Number of tests with a valid grade. */
  tested: number;
  /** Number of tests the version needs (8 or 15). */
  required: number;
  /** Maximum total of the version (80 or 150). */
  max: number;
  complete: boolean;
  /** Keys of the version's tests with no grade (null or absent), in exam order. */
  missing: string[];
  /** Keys of the version's tests whose grade is not an integer 0-10. */
  invalid: string[];
}

/**
 * MMT-8 total for a version (docs/clinical/strength.md: "A total needs all groups of
 * its version; a partial exam shows as partial, never as a low total").
 * `total` is the sum only when every test of the version has a valid grade; keys
 * not in the version are ignored; an invalid grade makes the exam incomplete.
 */
export function mmtTotal(version: MmtVersion, grades: Readonly<Record<string, number | null | undefined>>): MmtTotal {
  const tests = mmtTests(version);
  let partialSum = 0;
  let tested = 0;
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const t of tests) {
    const g = grades[t.key];
    if (g === null || g === undefined) missing.push(t.key);
    else if (!isValidGrade(g)) invalid.push(t.key);
    else {
      partialSum += g;
      tested += 1;
    }
  }
  const required = tests.length;
  const complete = tested === required;
  return {
    total: complete ? partialSum : null,
    partialSum,
    tested,
    required,
    max: required * MAX_GRADE,
    complete,
    missing,
    invalid,
  };
}

/**
 * Total as a fraction of the version's maximum (0-1), e.g. 76/80 = 0.95, the
 * near-full-strength threshold of docs/clinical/signals.md. Null when the total is
 * null (partial exam) or max <= 0.
 */
export function mmtFraction(total: number | null, max: number): number | null {
  if (total === null || !Number.isFinite(total) || !(max > 0)) return null;
  return total / max;
}

/** MRC (0-5) grades as written. */
export type MrcGrade = '0' | '1' | '2-' | '2' | '2+' | '3-' | '3' | '3+' | '4-' | '4' | '4+' | '5';

/**
 * Kendall 0-10 to MRC 0-5 (docs/clinical/strength.md; IMACS Form 04 key):
 * 10=5, 9=4+, 8=4, 7=4-, 6=3+, 5=3, 4=3-, 3=2+, 2=2, 1=2-, 0=0.
 *
 * Trace: the IMACS key has a separate Kendall grade "T" (tendon prominent or
 * feeble contraction, no visible movement) equal to MRC 1, written "trace=1" in
 * docs/clinical/README.md. It has no slot on the integer 0-10 scale this product stores, so
 * it cannot be entered as such: a trace contraction is recorded as 0 (no movement,
 * no points towards the total) and MRC 1 never comes out of this table. See
 * {@link KENDALL_TRACE}.
 */
export const KENDALL_TO_MRC: Readonly<Record<number, MrcGrade>> = {
  10: '5',
  9: '4+',
  8: '4',
  7: '4-',
  6: '3+',
  5: '3',
  4: '3-',
  3: '2+',
  2: '2',
  1: '2-',
  0: '0',
};

/** The IMACS trace grade and how this product scores it (see {@link KENDALL_TO_MRC}). */
export const KENDALL_TRACE = { kendall: 'T', mrc: '1' as MrcGrade, recordedAs: 0 } as const;

/** MRC equivalent of a Kendall grade, or null for an invalid grade (docs/clinical/strength.md). */
export function kendallToMrc(grade: number): MrcGrade | null {
  return isValidGrade(grade) ? (KENDALL_TO_MRC[grade] ?? null) : null;
}
