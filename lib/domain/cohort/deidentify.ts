/**
 * De-identification of research exports (docs/decisions/0024-fhir-read-api-and-deidentified-exports.md):
 * - pseudonyms drawn at random for each export, so the same patient is a different,
 *   unordered code in every file and no internal id leaks;
 * - one random shift per patient moving every date back 1 to 365 days, so intervals
 *   within a patient are exact and no shifted date lies after the export day;
 * - k-anonymity (k = 5) over the quasi-identifiers birth year, sex and diagnosis
 *   group: birth years in 5-year bands when an exact year leaves a combination rarer
 *   than k, then the rare combinations' diagnosis group, sex and birth band suppressed
 *   in that order, and as a last resort the patients still rarer than k left out.
 * Pure: randomness comes in as a function (crypto in the DAL, a seed in tests).
 */
import { addDays } from '../dates';

/** A uniformly random whole number in [0, n). */
export type RandomInt = (n: number) => number;

export const K_ANONYMITY = 5;
export const MAX_SHIFT_DAYS = 365;

// No 0/O, 1/I/L: pseudonyms are read aloud and copied by hand.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A distinct random pseudonym ("P-7K3Q9XWA") per id; nothing about the id or its order survives. */
export function drawPseudonyms(ids: readonly number[], random: RandomInt): Map<number, string> {
  const used = new Set<string>();
  const out = new Map<number, string>();
  for (const id of ids) {
    let code: string;
    do {
      code = `P-${Array.from({ length: 8 }, () => ALPHABET[random(ALPHABET.length)]).join('')}`;
    } while (used.has(code));
    used.add(code);
    out.set(id, code);
  }
  return out;
}

/** Days to move each patient's dates back: 1 to MAX_SHIFT_DAYS, never 0 (a real date would survive). */
export function drawDateShifts(ids: readonly number[], random: RandomInt): Map<number, number> {
  return new Map(ids.map((id) => [id, -(1 + random(MAX_SHIFT_DAYS))]));
}

export const shiftDate = (date: string, shiftDays: number) => addDays(date, shiftDays);

export interface QuasiIdentifiers { id: number; birthYear: number; sex: string; group: string }

/** What a patient's quasi-identifiers become; null = suppressed (blank in the file). */
export interface Coarsened { birthLow: number | null; birthHigh: number | null; sex: string | null; group: string | null }

export interface Anonymized {
  /** Patients kept, with their coarsened quasi-identifiers. */
  kept: Map<number, Coarsened>;
  /** The smallest number of kept patients sharing one combination; null when none is kept. */
  kAchieved: number | null;
  /** What was done, in words, in the order it was done. */
  steps: string[];
  /** Patients left out because even full suppression left them rarer than k. */
  leftOut: number[];
}

const keyOf = (c: Coarsened) => `${c.birthLow}|${c.birthHigh}|${c.sex}|${c.group}`;

/** Ids whose combination is shared by fewer than k patients. */
function rare(records: ReadonlyMap<number, Coarsened>, k: number): number[] {
  const sizes = new Map<string, number>();
  for (const c of records.values()) sizes.set(keyOf(c), (sizes.get(keyOf(c)) ?? 0) + 1);
  return [...records].filter(([, c]) => (sizes.get(keyOf(c)) ?? 0) < k).map(([id]) => id);
}

export function anonymize(patients: readonly QuasiIdentifiers[], k = K_ANONYMITY): Anonymized {
  const kept = new Map<number, Coarsened>(patients.map((p) => [p.id, { birthLow: p.birthYear, birthHigh: p.birthYear, sex: p.sex, group: p.group }]));
  const steps: string[] = [];
  if (rare(kept, k).length) {
    for (const c of kept.values()) {
      const low = Math.floor((c.birthLow ?? 0) / 5) * 5;
      Object.assign(c, { birthLow: low, birthHigh: low + 4 });
    }
    steps.push('birth year given as a 5-year band for every patient');
  }
  const suppress: [keyof Coarsened | 'birth', string][] = [['group', 'diagnosis group'], ['sex', 'sex'], ['birth', 'birth year band']];
  for (const [field, label] of suppress) {
    const ids = rare(kept, k);
    if (!ids.length) break;
    for (const id of ids) {
      const c = kept.get(id);
      if (!c) continue;
      if (field === 'birth') Object.assign(c, { birthLow: null, birthHigh: null });
      else c[field] = null;
    }
    steps.push(`${label} suppressed (left blank) for ${ids.length} patient${ids.length === 1 ? '' : 's'} in combinations rarer than ${k}`);
  }
  const leftOut = rare(kept, k);
  for (const id of leftOut) kept.delete(id);
  if (leftOut.length) steps.push(`${leftOut.length} patient${leftOut.length === 1 ? '' : 's'} left out: still rarer than ${k} with every quasi-identifier suppressed`);
  const sizes = new Map<string, number>();
  for (const c of kept.values()) sizes.set(keyOf(c), (sizes.get(keyOf(c)) ?? 0) + 1);
  return { kept, kAchieved: sizes.size ? Math.min(...sizes.values()) : null, steps, leftOut };
}
