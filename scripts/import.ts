/**
 * npm run import -- <file.csv> [--dry-run] [--decimal comma|point] [--accept-warnings]   or   npm run import -- <bundle.json> [--dry-run] [--allow-implausible]
 * Imports lab results from a CSV file (columns, separators and number formats:
 * docs/lab-import.md), all or nothing; without --decimal the number format is detected
 * and numbers that read differently in the two formats are refused. Rows with
 * plausibility warnings (lib/domain/plausibility.ts) are imported only with
 * --accept-warnings, after a --dry-run has shown them. A FHIR Bundle (.json) is imported all or nothing;
 * --dry-run reports what would be created, matched, mapped and ignored, and the codes still to map,
 * writing nothing. Prints the report; exit 0 when imported (or the dry run found no
 * error), 1 when the file or any row was refused (nothing written), 2 on usage errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { cliImportActor } from '../lib/dal/actor';
import { importFhirBundle } from '../lib/dal/fhir-import';
import { formatFhirReport } from '../lib/domain/fhir/import-report-text';
import { CLI_IMPORT_LIMITS, runLabImport } from '../lib/dal/lab-import';
import { formatReportText } from '../lib/import/lab-report';
import { parseDecimalChoice } from '../lib/import/number-format';
import { isAppError } from '../lib/errors';
import { fail, parseArgs } from './cli-args';

const USAGE = 'Usage: npm run import -- <file.csv> [--dry-run] [--decimal comma|point] [--accept-warnings] | <bundle.json> [--dry-run] [--allow-implausible]';
const FLAGS = ['dry-run', 'accept-warnings', 'allow-implausible'];

function main(): void {
  const { flags, positional } = parseArgs(process.argv.slice(2));
  // parseArgs reads "--dry-run file.csv" as a flag with a value: the value is the file.
  const dryRunValue = flags['dry-run'];
  // The same for the other flags, which take no value either (--decimal takes one).
  const files = [...positional, ...FLAGS.map((f) => flags[f]).filter((v): v is string => typeof v === 'string')];
  const unknown = Object.keys(flags).filter((f) => !FLAGS.includes(f) && f !== 'decimal');
  if (unknown.length) fail(`${USAGE}\n(unknown option --${unknown[0]})`);
  if (files.length !== 1) fail(`${USAGE}\n(name exactly one file)`);
  const decimal = flags.decimal;
  if (decimal !== undefined && (decimal === true || !parseDecimalChoice(decimal).ok)) {
    fail(`${USAGE}\n(--decimal takes comma, for numbers written 1.250,5, or point, for 1,250.5; leave it out, or give detect, to detect the format)`);
  }
  const file = path.resolve(files[0]!);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`No file at ${file}.`);
  if (/\.json$/i.test(file)) {
    if (decimal !== undefined) fail('--decimal is for CSV files; numbers in a FHIR bundle are JSON numbers.');
    return importFhirFile(file, dryRunValue !== undefined, flags['allow-implausible'] !== undefined);
  }
  const size = fs.statSync(file).size;
  // Checked before reading, so a huge file is refused without being loaded into memory.
  if (size > CLI_IMPORT_LIMITS.maxBytes) {
    fail(`Not imported: the file is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${CLI_IMPORT_LIMITS.maxBytes / 1024 / 1024} MB. Split it.`, 1);
  }
  // Invalid UTF-8 becomes U+FFFD, which the CSV reader reports with its line.
  const text = new TextDecoder('utf-8').decode(fs.readFileSync(file));
  runMigrations(getDb());
  try {
    const started = Date.now();
    const report = runLabImport(cliImportActor(), text, {
      dryRun: dryRunValue !== undefined, limits: CLI_IMPORT_LIMITS, fileName: path.basename(file), decimal, acceptWarnings: flags['accept-warnings'] !== undefined,
    });
    console.log(formatReportText(report));
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    process.exitCode = report.outcome === 'rejected' ? 1 : 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    fail(`Not imported: ${[e.message, ...(e.fieldErrors.acceptWarnings ?? [])].join('\n  ')}`, 1);
  } finally {
    closeDb();
  }
}

/**
 * A FHIR R4 Bundle (all or nothing), or its dry run. A Bundle can carry visits and dose
 * epochs, which only physicians may record: the operator imports with the physician role here.
 */
function importFhirFile(file: string, dryRun: boolean, allowImplausible: boolean): void {
  runMigrations(getDb());
  try {
    const report = importFhirBundle({ ...cliImportActor(), role: 'physician' }, fs.readFileSync(file, 'utf8'), { maxChars: 200 * 1024 * 1024, allowImplausible, dryRun });
    console.log(formatFhirReport(report));
    process.exitCode = report.ok ? 0 : 1;
  } catch (e) {
    if (!isAppError(e)) throw e;
    fail(`Not imported: ${e.message}`, 1);
  } finally {
    closeDb();
  }
}

main();
