/**
 * Measures the CSV import of lab results: 100,000 CK rows across 1,000 patients into a
 * fresh temporary database (preview, then import, then re-import of the same file).
 * Prints the timings; a benchmark, not a test (docs: "Benchmarks are not tests").
 *
 *   npx tsx --conditions=react-server scripts/bench-lab-import.ts [--rows N] [--patients N] [--decimals]
 *
 * --decimals writes every value with one decimal (123.4) instead of as an integer, to
 * time the reading of decimal numbers (lib/import/number-format.ts) on every row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { cliActor, type Actor } from '../lib/dal/actor';
import { previewLabImport, runLabImport, CLI_IMPORT_LIMITS } from '../lib/dal/lab-import';
import { createPatient } from '../lib/dal/patients';
import { createUser } from '../lib/dal/users';
import { addDays } from '../lib/domain/dates';
import { clinicToday } from '../lib/clinic-time';
import { formatCsv } from '../lib/domain/csv';
import { parseArgs } from './cli-args';

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const rows = Number(flags.rows ?? 100_000);
  const patientCount = Number(flags.patients ?? 1_000);
  const decimals = flags.decimals !== undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-bench-'));
  process.env.TITERLINE_DB = path.join(dir, 'bench.db');
  try {
    runMigrations(getDb());
    const u = await createUser(cliActor(), { email: 'bench-nurse@clinic.test', name: 'Bench nurse', role: 'nurse', password: 'bench password 12345' });
    const nurse: Actor = { userId: u.id, email: u.email, name: u.name, role: 'nurse', active: true, origin: 'cli' };
    const physician: Actor = { ...nurse, role: 'physician' };
    for (let i = 0; i < patientCount; i++) {
      createPatient(physician, { mrn: `B-${i}`, familyName: 'Bench', givenName: `P${i}`, birthDate: '1960-01-01', sex: i % 2 ? 'male' : 'female', diagnosisGroup: 'mi2-pos-dm' });
    }
    const today = clinicToday();
    const perPatient = Math.ceil(rows / patientCount);
    const table: string[][] = [['mrn', 'collected_on', 'test', 'value', 'unit', 'accession']];
    for (let r = 0; r < rows; r++) {
      const p = r % patientCount;
      const k = Math.floor(r / patientCount);
      table.push([`B-${p}`, addDays(today, -(perPatient - k) * 7), 'ck', `${100 + ((r * 37) % 5000)}${decimals ? `.${r % 10}` : ''}`, 'U/L', `ACC-${r}`]);
    }
    const csv = formatCsv(table);
    // CPU time is printed next to wall time: on a shared, loaded machine it is the steadier number.
    const time = <T>(label: string, fn: () => T): T => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const out = fn();
      const cpu = process.cpuUsage(c0);
      console.log(`${label.padEnd(30)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(6)} s wall ${((cpu.user + cpu.system) / 1e6).toFixed(2).padStart(6)} s CPU`);
      return out;
    };
    console.log(`${rows.toLocaleString('en-US')} CK rows, ${patientCount} patients, ${(csv.length / 1024 / 1024).toFixed(1)} MB of CSV`);
    const preview = time('preview (no writes)', () => previewLabImport(nurse, csv, CLI_IMPORT_LIMITS));
    const done = time('import (one transaction)', () => runLabImport(nurse, csv, { limits: CLI_IMPORT_LIMITS }));
    const again = time('re-import of the same file', () => runLabImport(nurse, csv, { limits: CLI_IMPORT_LIMITS }));
    console.log(`preview: ${preview.counts.ok} ok, ${preview.counts.error} errors; import: ${done.outcome}, ${done.counts.created} created; re-import: ${again.counts.created} created, ${again.counts.duplicate} duplicates`);
  } finally {
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
