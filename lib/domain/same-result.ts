/**
 * When two lab results are "the same result": the one definition that single entry's
 * "Save anyway" question (lib/dal/antibody-results.ts, enzyme-results.ts) and the
 * imports' duplicate screen (lib/import/lab-report.ts duplicateKeys: CSV, FHIR, HL7)
 * share, so a result the form would only ask about is never dropped by an import.
 *
 * - Anti-Mi2: the same patient, day, analyte, assay, comparator, value, category and
 *   unit. Results of different assays are never merged (docs/decisions/0027): a line
 *   blot "Negative" and an immunoblot "Negative" that day are two results; so are ">50"
 *   and "50", and 12 units and 12 SIU.
 * - Enzymes: the same patient, day, analyte and value in U/L as stored (2 µkat/L is
 *   120 U/L: the same result written in another unit).
 *
 * Another value of the same test that day is no duplicate; it is a plausibility
 * warning (lib/domain/plausibility.ts). Pure.
 */

/** What an anti-Mi2 result is, as stored (or as its checks return it before storing). */
export interface AntibodyFacts {
  analyte: string;
  collectedOn: string;
  assayId: number;
  value: number | null;
  comparator?: string | null;
  qualitative?: string | null;
  unit: string;
  valueUL?: undefined;
}

/** What an enzyme result is, as stored: its value in U/L (lib/domain/enzymes.ts toUL). */
export interface EnzymeFacts {
  analyte: string;
  collectedOn: string;
  valueUL: number;
  /** The value and unit as reported: the same result whatever unit it was written in, so not compared. */
  value?: number;
  unit?: string;
}

export type ResultFacts = AntibodyFacts | EnzymeFacts;

/**
 * The key two results share exactly when they are the same result of this patient.
 * One plain string concatenation without labels (an import builds one per row for
 * 100,000 rows: docs/performance.md; labels made it a third slower): patient | analyte |
 * day | then, for anti-Mi2, assay | comparator and value | category | unit, for enzymes
 * the value in U/L. Every part before the unit is a number, a date, "<" or ">", or a
 * fixed word without "|", so the free-text unit last cannot make two results collide.
 */
export function sameResultKey(patientId: number, r: ResultFacts): string {
  if (r.valueUL !== undefined) return `${patientId}|${r.analyte}|${r.collectedOn}|${r.valueUL}`;
  return `${patientId}|${r.analyte}|${r.collectedOn}|${r.assayId}|${r.comparator ?? ''}${r.value ?? ''}|${r.qualitative ?? ''}|${r.unit}`;
}

/** The first of `others` that is the same result as `r` (the same patient's rows), or undefined. */
export function findSameResult<T extends ResultFacts>(patientId: number, r: ResultFacts, others: readonly T[]): T | undefined {
  const key = sameResultKey(patientId, r);
  return others.find((o) => sameResultKey(patientId, o) === key);
}
