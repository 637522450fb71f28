import 'server-only';
import { getDb } from '@/db/client';
import { can } from '../permissions';
import { conflict, forbidden, invalid } from '../errors';
import type { LabImportReport } from '../import/lab-report';
import { parseDecimalChoice, type DecimalMark } from '../import/number-format';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { writeImportedRows } from './lab-import-write';
import { planLabImport, WEB_IMPORT_LIMITS, type ImportLimits, type ImportPlan, type ReadOptions } from './lab-import-plan';
import { auditHead, changedSince } from './lab-import-snapshot';
import { writeTx } from './tx';
import { csvImportSummary, timedImport } from '../ops/timings';

export { CLI_IMPORT_LIMITS, WEB_IMPORT_LIMITS, type ImportLimits } from './lab-import-plan';

export interface LabImportOptions {
  /** Judge the file and report, write nothing. */
  dryRun?: boolean;
  limits?: ImportLimits;
  /** The SHA-256 the user previewed: the import is refused if the content differs. */
  expectedSha256?: string;
  /** The file's name, for the audit trail. */
  fileName?: string;
  /** The file's number format: 'point', 'comma', or 'detect' / nothing to detect it (lib/import/number-format.ts). */
  decimal?: unknown;
  /**
   * Import rows with plausibility warnings as they are. Without it they are imported
   * only from a preview the user has seen (`expectedSha256`, the web page's Import
   * button); the command line passes it with --accept-warnings after a --dry-run.
   */
  acceptWarnings?: boolean;
}

function asText(csvText: unknown): string {
  if (typeof csvText !== 'string') throw invalid('Choose a CSV file or paste its content.');
  return csvText;
}

function asDecimal(raw: unknown): DecimalMark | null {
  const choice = parseDecimalChoice(raw);
  if (!choice.ok) throw invalid(choice.message, { decimal: [choice.message] });
  return choice.decimal;
}

/**
 * Judges a CSV of lab results without writing anything (nurses, physicians): how the
 * file was read (separator, number format: `decimal` declared or detected, ignored
 * columns), every row with its status (ok, duplicate, error) and problems, and the
 * counts. Reads in one transaction so the report describes a single state of the database.
 */
export function previewLabImport(actor: Actor, csvText: unknown, limits: ImportLimits = WEB_IMPORT_LIMITS, decimal?: unknown): LabImportReport {
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  const text = asText(csvText);
  const read = { decimal: asDecimal(decimal) };
  const { report } = getDb().transaction((tx) => planLabImport(tx, text, limits, read));
  return report.outcome === 'preview' ? report : { ...report, outcome: 'rejected' };
}

/**
 * Imports a CSV of lab results (nurses, physicians), all or nothing, in one write
 * transaction, read with `opts.decimal` as the preview was: the file is judged again
 * from scratch (never trusting a preview); a
 * file problem or any error row writes nothing and comes back as a `rejected` report.
 * Rows with plausibility warnings are imported as they are when the user has seen
 * them: the preview of this exact file (`expectedSha256`) or `acceptWarnings`;
 * otherwise the import is refused with a conflict listing them.
 * The file is judged before the write lock is taken, on one snapshot of the database,
 * and the write transaction only writes: judging is most of an import's time, and
 * another process's writes (the other server, a sign-in) wait for the lock. If
 * anything that could change the judgement was committed in between (a change to one
 * of the file's patients, or to the catalog or settings: lab-import-snapshot.ts), the
 * file is judged again inside the write transaction, as before
 * (docs/decisions/0025-concurrent-load.md).
 * Otherwise every new row is inserted through the same checks as single entry,
 * duplicates are skipped and reported, the audit trail gets one `lab-import` event
 * (counts, file hash) plus one `lab-import.results` event per patient listing every
 * result created for them (origin `import`; lab-import-write.ts), and signals are
 * recomputed once per affected patient.
 */
export function runLabImport(actor: Actor, csvText: unknown, opts: LabImportOptions = {}): LabImportReport {
  // Its duration and counts go to the log and the metrics (lib/ops/timings.ts).
  return timedImport('csv', actor.origin, () => importNow(actor, csvText, opts), csvImportSummary);
}

function importNow(actor: Actor, csvText: unknown, opts: LabImportOptions): LabImportReport {
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  const text = asText(csvText);
  const limits = opts.limits ?? WEB_IMPORT_LIMITS;
  const read = { decimal: asDecimal(opts.decimal) };
  if (opts.dryRun) {
    const report = previewLabImport(actor, text, limits, read.decimal);
    return report.outcome === 'preview' ? { ...report, outcome: 'dry-run' } : report;
  }
  const judged = judgeLabImport(actor, text, limits, read);
  if (opts.expectedSha256 !== undefined && opts.expectedSha256 !== judged.plan.report.sha256) {
    throw conflict('The file is not the one you previewed. Preview it again before importing.');
  }
  const seen = opts.expectedSha256 !== undefined || opts.acceptWarnings === true;
  return judged.plan.report.outcome === 'rejected' ? judged.plan.report : writeJudgedImport(actor, judged, { fileName: opts.fileName, warningsSeen: seen });
}

/** A file judged on one snapshot of the database, and where the audit chain stood then. */
export interface JudgedImport { text: string; limits: ImportLimits; read: ReadOptions; plan: ImportPlan; head: number }

/** Judges a file in one read transaction, without the write lock (runLabImport's first step). */
export function judgeLabImport(actor: Actor, text: string, limits: ImportLimits, read: ReadOptions): JudgedImport {
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  return getDb().transaction((tx) => ({ text, limits, read, plan: planLabImport(tx, text, limits, read), head: auditHead(tx) }));
}

/**
 * Writes a judged file in one write transaction (runLabImport's second step): judged
 * again first, under the lock, when a change since could alter the judgement
 * (lab-import-snapshot.ts); a file that is then refused writes nothing.
 */
export function writeJudgedImport(actor: Actor, judged: JudgedImport, opts: { fileName?: string; warningsSeen?: boolean } = {}): LabImportReport {
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  const fileName = opts.fileName;
  return writeTx((tx) => {
    const { text, limits, read } = judged;
    const { report, inserts } = changedSince(tx, judged.head, judged.plan.patientIds) ? planLabImport(tx, text, limits, read) : judged.plan;
    if (report.outcome === 'rejected') return report;
    const warned = report.counts.warned;
    if (warned && !opts.warningsSeen) {
      throw conflict(`${warned} new row${warned === 1 ? '' : 's'} need${warned === 1 ? 's' : ''} a check (implausible value, category against cut-off, another value that day). Preview the file and import it from the preview, or after a dry run import it with --accept-warnings.`, {
        acceptWarnings: report.rows.filter((r) => r.status === 'ok' && r.warnings.length).slice(0, 20).map((r) => `Line ${r.line}: ${r.warnings.join(' ')}`),
      });
    }
    const by: Actor = { ...actor, origin: 'import' };
    const counts = { ...report.counts, created: inserts.length };
    appendAudit(tx, by, {
      action: 'lab-import', entity: 'lab-import', entityId: report.sha256.slice(0, 16),
      after: {
        sha256: report.sha256, fileName: fileName ?? null, via: actor.origin, rows: counts.rows, created: counts.created, duplicates: counts.duplicate, patients: counts.patients,
        delimiter: report.reading?.delimiter ?? null, decimal: report.reading?.decimal ?? null, decimalDeclared: report.reading?.declared ?? false, ignoredColumns: report.reading?.ignoredColumns ?? [],
      },
    });
    writeImportedRows(tx, by, inserts, report.sha256.slice(0, 16));
    return { ...report, outcome: 'imported', counts };
  });
}
