/**
 * The answer of a FHIR import: what was created, and one line for every resource
 * that was not imported as it stands (rejected = nothing at all is written; skipped
 * = left out on purpose, e.g. entered in error or derived; note = imported with a
 * default the user should know about).
 */

export type LineOutcome = 'rejected' | 'skipped' | 'note';

export interface ReportLine {
  /** Index in Bundle.entry, or null for a problem with the Bundle itself. */
  entry: number | null;
  /** "Observation/abc" (or "Observation #12" without an id). */
  resource: string;
  outcome: LineOutcome;
  message: string;
  /**
   * A rejection for plausibility warnings only (lib/domain/plausibility.ts): the same
   * Bundle imports when the importer confirms them (`allowImplausible`).
   */
  confirmable?: boolean;
}

export interface ImportCounts {
  patientsCreated: number;
  patientsMatched: number;
  antibodyResults: number;
  enzymeResults: number;
  visits: number;
  medications: number;
}

export interface ImportReport {
  /** True when the bundle was imported; false when nothing was written. */
  ok: boolean;
  counts: ImportCounts;
  lines: ReportLine[];
}

export const NO_COUNTS: ImportCounts = { patientsCreated: 0, patientsMatched: 0, antibodyResults: 0, enzymeResults: 0, visits: 0, medications: 0 };

/** How many lines a report keeps: a hostile bundle of 20 000 bad entries still gets a readable answer. */
export const MAX_REPORT_LINES = 500;

export function capLines(lines: readonly ReportLine[]): ReportLine[] {
  if (lines.length <= MAX_REPORT_LINES) return [...lines];
  const rejected = lines.filter((l) => l.outcome === 'rejected').length;
  return [
    ...lines.slice(0, MAX_REPORT_LINES),
    { entry: null, resource: 'Bundle', outcome: 'note', message: `${lines.length - MAX_REPORT_LINES} more lines not shown (${rejected} rejected in all).` },
  ];
}

export const rejectedLine = (entry: number | null, resource: string, message: string): ReportLine => ({ entry, resource, outcome: 'rejected', message });
