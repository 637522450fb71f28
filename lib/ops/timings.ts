/**
 * How long the long operations took, in the log and the metrics: lab imports (CSV and
 * FHIR, from the web, the API or the command line), signal recomputes and backups. A
 * line holds counts, the outcome, the duration and the request id (when there is a
 * request): never a file name, an MRN or a value.
 */
import type { ImportReport } from '../domain/fhir/import-report';
import type { LabImportReport } from '../import/lab-report';
import { asBusy, isAppError } from '../errors';
import { log, logFailure } from './log';
import { metrics, secondsSince } from './metrics';
import { currentRequest } from './request-context';

export type ImportFormat = 'csv' | 'fhir';

/** What became of an import, in counts. */
export interface ImportSummary {
  outcome: 'imported' | 'dry-run' | 'rejected';
  /** Rows of the CSV, entries of the Bundle. */
  rows: number;
  written: number;
  /** Already recorded (duplicates, a re-sent Bundle). */
  skipped: number;
  refused: number;
}

export function csvImportSummary(r: LabImportReport): ImportSummary {
  const outcome = r.outcome === 'imported' || r.outcome === 'dry-run' ? r.outcome : 'rejected';
  return { outcome, rows: r.counts.rows, written: outcome === 'imported' ? r.counts.created : 0, skipped: r.counts.duplicate, refused: r.counts.error };
}

export function fhirImportSummary(r: ImportReport): ImportSummary {
  const c = r.counts;
  const written = c.patientsCreated + c.antibodyResults + c.enzymeResults + c.visits + c.medications + c.corrected + c.retracted;
  const refused = r.lines.filter((l) => l.outcome === 'rejected').length;
  const outcome = !r.ok ? 'rejected' : r.dryRun ? 'dry-run' : 'imported';
  return { outcome, rows: written + c.alreadyPresent + c.held + c.ignored + refused, written: outcome === 'imported' ? written : 0, skipped: c.alreadyPresent, refused };
}

/**
 * Runs an import and records it: one log line ("import") and the import metrics. An
 * import refused by a rule (a conflict, a permission) is recorded as "refused"; one that
 * failed unexpectedly as "failed", and the error is logged; both are thrown on.
 */
export function timedImport<T>(format: ImportFormat, via: string, run: () => T, summarize: (r: T) => ImportSummary): T {
  const started = process.hrtime.bigint();
  const m = metrics();
  const ctx = currentRequest();
  const base = { format, via, requestId: ctx?.requestId ?? null, userId: ctx?.userId ?? null };
  try {
    const result = run();
    const seconds = secondsSince(started);
    const s = summarize(result);
    m.imports.inc({ format, outcome: s.outcome });
    m.importDuration.observe({ format }, seconds);
    if (s.outcome !== 'dry-run') {
      m.importRows.inc({ format, result: 'written' }, s.written);
      m.importRows.inc({ format, result: 'skipped' }, s.skipped);
      m.importRows.inc({ format, result: 'refused' }, s.refused);
    }
    log().info({ ...base, ...s, durationMs: Math.round(seconds * 1000) }, 'import');
    return result;
  } catch (e) {
    const seconds = secondsSince(started);
    // Refused by a rule (a conflict, a permission, a database busy with another import): not a failure.
    const expected = isAppError(asBusy(e));
    m.imports.inc({ format, outcome: expected ? 'refused' : 'failed' });
    if (expected) log().info({ ...base, outcome: 'refused', durationMs: Math.round(seconds * 1000) }, 'import');
    else logFailure('import failed', e, { format, via, durationMs: Math.round(seconds * 1000) });
    throw e;
  }
}

/** Records one patient's recompute (after each change to the patient). */
export function observePatientRecompute(startedNs: bigint): void {
  metrics().recompute.observe({ scope: 'patient' }, secondsSince(startedNs));
}

/** Records a recompute of every patient (nightly, after a settings change): metrics and a log line. */
export function recordFullRecompute(startedNs: bigint, patients: number): void {
  const seconds = secondsSince(startedNs);
  metrics().recompute.observe({ scope: 'all' }, seconds);
  log().info({ patients, durationMs: Math.round(seconds * 1000), requestId: currentRequest()?.requestId ?? null }, 'signals recomputed');
}

/** Records a backup (npm run backup): its duration, size and whether the copy passed its checks. */
export function logBackup(fields: { durationMs: number; bytes: number; integrityOk: boolean; auditTrailIntact: boolean }): void {
  log()[fields.integrityOk && fields.auditTrailIntact ? 'info' : 'error'](fields, 'backup');
}
