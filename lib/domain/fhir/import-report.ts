/**
 * The answer of a FHIR import or dry run: what was (or would be) created, matched,
 * mapped, corrected, retracted and ignored, one line for every resource that is not
 * imported as it stands, and the sender codes still to map.
 *
 * Outcomes of a line:
 * - rejected: nothing at all is written until it is fixed (or its code mapped: `mapKey`);
 * - present: already in Titerline (a re-sent result): nothing to do;
 * - corrected / retracted: an earlier result was corrected by the lab (amended,
 *   corrected) or retracted (cancelled, entered in error);
 * - held: a preliminary result, listed and NOT stored; it is imported when the lab
 *   sends it as final;
 * - context: read for context (collection date, performing lab), not stored itself;
 * - proposal: a suggestion for a person to act on (a diagnosis group), nothing changed;
 * - ignored: a resource Titerline does not record (listed so nothing vanishes unseen);
 * - skipped: left out on purpose (derived, or nothing stored to retract);
 * - note: imported with a default the user should know about ("not stated").
 */
import type { MappingRequest } from './import-candidates';

export type LineOutcome = 'rejected' | 'present' | 'corrected' | 'retracted' | 'held' | 'context' | 'proposal' | 'ignored' | 'skipped' | 'note';

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
  /** A rejection that a confirmed code mapping resolves: the key of its MappingRequest. */
  mapKey?: string;
}

export interface ImportCounts {
  patientsCreated: number;
  patientsMatched: number;
  antibodyResults: number;
  enzymeResults: number;
  visits: number;
  medications: number;
  /** Results, visits and epochs already recorded (a re-sent Bundle). */
  alreadyPresent: number;
  corrected: number;
  retracted: number;
  /** Preliminary results listed and not stored. */
  held: number;
  /** Resources read for context or not recorded at all. */
  ignored: number;
  /** Results and drugs recognised through the confirmed code map. */
  mapped: number;
}

export interface ImportReport {
  /** True when the Bundle was imported (or, in a dry run, would be); false when nothing was (or would be) written. */
  ok: boolean;
  /** A dry run: everything was checked as for an import, and nothing was written. */
  dryRun: boolean;
  counts: ImportCounts;
  lines: ReportLine[];
  /** Sender codes no catalog entry is confirmed for yet, with the candidates; empty when everything is understood. */
  mappings: MappingRequest[];
}

export const NO_COUNTS: ImportCounts = {
  patientsCreated: 0, patientsMatched: 0, antibodyResults: 0, enzymeResults: 0, visits: 0, medications: 0,
  alreadyPresent: 0, corrected: 0, retracted: 0, held: 0, ignored: 0, mapped: 0,
};

/** How many lines a report keeps: a hostile bundle of 20 000 bad entries still gets a readable answer. */
export const MAX_REPORT_LINES = 500;

/** Keeps the first lines, problems first (the ones a person must act on), and says how many more there were. */
export function capLines(lines: readonly ReportLine[]): ReportLine[] {
  if (lines.length <= MAX_REPORT_LINES) return [...lines];
  const rejected = lines.filter((l) => l.outcome === 'rejected');
  const rest = lines.filter((l) => l.outcome !== 'rejected');
  const kept = [...rejected, ...rest].slice(0, MAX_REPORT_LINES);
  return [
    ...kept,
    { entry: null, resource: 'Bundle', outcome: 'note', message: `${lines.length - MAX_REPORT_LINES} more lines not shown (${rejected.length} rejected in all).` },
  ];
}

export const rejectedLine = (entry: number | null, resource: string, message: string): ReportLine => ({ entry, resource, outcome: 'rejected', message });
