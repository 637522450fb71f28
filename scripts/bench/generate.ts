/**
 * Creates (or reuses) a bench database in bench/data/ through the product's own
 * write path: patients, visits and drug epochs through the DAL (createPatient,
 * recordVisit, startMedication, changeDose, stopMedication: validated, audited,
 * signals recomputed), lab results through runLabImport (the CSV bulk import).
 *
 * Speed: every DAL call is its own IMMEDIATE transaction, which with
 * synchronous=FULL costs an fsync. Here a few hundred patients' calls run inside one
 * outer transaction instead (better-sqlite3 turns the DAL's transactions into
 * savepoints), so the work per row is the product's, minus one fsync per row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { closeDb, getDb } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { cliActor, type Actor } from '../../lib/dal/actor';
import { appendAudit } from '../../lib/dal/audit';
import { recomputeAllPatients } from '../../lib/dal/signals';
import { writeTx } from '../../lib/dal/tx';
import { CLI_IMPORT_LIMITS, runLabImport } from '../../lib/dal/lab-import';
import { createUser } from '../../lib/dal/users';
import { formatCsv } from '../../lib/domain/csv';
import { clinicToday } from '../../lib/clinic-time';
import { writeStory } from '../seed/demo-cohort';
import { DATA_DIR } from './options';
import { LAB_HEADER, regularPatient, type SynthPatient } from './synth';
import { TWENTY_YEAR_MRN, twentyYearPatient } from './twenty-year';

/** Bump when the generated data changes shape: older files in bench/data are then rebuilt. */
const GENERATOR_VERSION = 1;
/**
 * Bump when what a change stores beside the rows (signals, summaries, timelines)
 * changes: a reused database is then recomputed, as `npm run signals:recompute` does
 * on a clinic server after an upgrade.
 */
const DERIVED_VERSION = 2;
const CHUNK = 250;

export const BENCH_PASSWORD = 'bench password, not for production';
export const BENCH_USERS = {
  physician: { email: 'bench.physician@bench.test', name: 'Dr Bench Mark', role: 'physician' as const },
  nurse: { email: 'bench.nurse@bench.test', name: 'Nurse Bench', role: 'nurse' as const },
};

export interface BenchDb {
  version: number;
  file: string;
  patients: number;
  twentyYearId: number;
  /** The generation date, and the last day signals and timelines were recomputed as of. */
  generatedOn: string;
  recomputedOn?: string;
  derivedVersion?: number;
  generateSeconds: number;
  counts: Record<string, number>;
}

function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** Rows per clinical table (and the audit trail), to print what was generated. */
export function countRows(): Record<string, number> {
  const db = getDb();
  const n = (table: string) => db.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0;
  const labs = n('antibody_results') + n('enzyme_results');
  return { patients: n('patients'), labResults: labs, visits: n('visits'), medicationEpochs: n('medication_epochs'), signals: n('patient_signals'), auditEvents: n('audit_events') };
}

async function generate(file: string, patients: number): Promise<BenchDb> {
  const t0 = performance.now();
  removeDbFiles(file);
  process.env.TITERLINE_DB = file;
  runMigrations(getDb());
  const made = {} as Record<keyof typeof BENCH_USERS, Actor>;
  for (const [key, u] of Object.entries(BENCH_USERS) as [keyof typeof BENCH_USERS, (typeof BENCH_USERS)[keyof typeof BENCH_USERS]][]) {
    const row = await createUser(cliActor(), { ...u, password: BENCH_PASSWORD });
    made[key] = { userId: row.id, email: row.email, name: row.name, role: u.role, active: true, origin: 'cli' };
  }
  const today = clinicToday();
  let twentyYearId = 0;
  let dalMs = 0;
  let importMs = 0;
  for (let start = 0; start < patients; start += CHUNK) {
    const batch: SynthPatient[] = [];
    for (let i = start; i < Math.min(patients, start + CHUNK); i++) batch.push(i === 0 ? twentyYearPatient(today) : regularPatient(today, i));
    const t1 = performance.now();
    getDb().transaction(() => {
      for (const p of batch) {
        const id = writeStory(p.story, made, made.physician.userId!);
        if (p.story.info.mrn === TWENTY_YEAR_MRN) twentyYearId = id;
      }
    }, { behavior: 'immediate' });
    const t2 = performance.now();
    const csv = formatCsv([LAB_HEADER, ...batch.flatMap((p) => p.labs)]);
    const report = runLabImport(made.nurse, csv, { limits: CLI_IMPORT_LIMITS, fileName: `bench-${start}.csv` });
    if (report.outcome !== 'imported') {
      const bad = report.rows.filter((r) => r.status === 'error').slice(0, 3);
      throw new Error(`Bench lab import refused: ${report.fileProblem ?? JSON.stringify(bad)}`);
    }
    const t3 = performance.now();
    dalMs += t2 - t1;
    importMs += t3 - t2;
    const done = Math.min(patients, start + CHUNK);
    if (done % 1000 === 0 || done === patients) {
      console.log(`  ${done}/${patients} patients (DAL ${(dalMs / 1000).toFixed(0)} s, import ${(importMs / 1000).toFixed(0)} s)`);
    }
  }
  const counts = countRows();
  getDb().$client.pragma('wal_checkpoint(TRUNCATE)');
  closeDb();
  return { version: GENERATOR_VERSION, derivedVersion: DERIVED_VERSION, file, patients, twentyYearId, generatedOn: today, generateSeconds: (performance.now() - t0) / 1000, counts };
}

/**
 * The database of `patients` patients: reused from bench/data when it was made by
 * this generator version (migrations are applied, so a new index lands on it too),
 * otherwise generated into a temporary file and moved into place when complete.
 */
export async function ensureDatabase(patients: number, regenerate: boolean): Promise<BenchDb> {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `bench-${patients}.db`);
  const manifestFile = `${file}.json`;
  const manifest = fs.existsSync(manifestFile) && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BenchDb) : null;
  if (manifest && manifest.version === GENERATOR_VERSION && !regenerate) {
    process.env.TITERLINE_DB = file;
    runMigrations(getDb());
    const today = clinicToday();
    if ((manifest.recomputedOn ?? manifest.generatedOn) !== today || manifest.derivedVersion !== DERIVED_VERSION) {
      // What the nightly `npm run signals:recompute` does on a clinic server (and after an
      // upgrade): signals and stored timelines as of today (a page would otherwise rebuild a stale timeline).
      const t0 = performance.now();
      writeTx((tx) => {
        const count = recomputeAllPatients(tx);
        appendAudit(tx, cliActor(), { action: 'signals.recompute-all', entity: 'patient_signals', after: { patients: count } });
      });
      manifest.recomputedOn = today;
      manifest.derivedVersion = DERIVED_VERSION;
      fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      console.log(`  nightly recompute as of ${today}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    closeDb();
    console.log(`Reusing ${path.relative(process.cwd(), file)} (${patients} patients, generated ${manifest.generatedOn}).`);
    return { ...manifest, file };
  }
  console.log(`Generating ${patients} patients into ${path.relative(process.cwd(), file)}…`);
  const tmp = `${file}.tmp`;
  const made = await generate(tmp, patients);
  removeDbFiles(file);
  fs.renameSync(tmp, file);
  removeDbFiles(tmp);
  const result = { ...made, file };
  fs.writeFileSync(manifestFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`  done in ${made.generateSeconds.toFixed(0)} s: ${JSON.stringify(made.counts)}`);
  return result;
}
