/**
 * Pages while the largest CLI import runs (issue 20, docs/decisions/0025-concurrent-load):
 * a server on a database of `patients` patients answers the patient page, requested at
 * a fixed rate, first alone for `seconds`, then while `npm run import` (a separate process, as in a
 * clinic) writes `rows` results into the same file. Reports p95 during / p95 alone,
 * every response that was not 200, and the longest time the import held the write
 * lock, as seen from another connection that tries to take it every few milliseconds.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb } from '../../db/client';
import { cliActor } from '../../lib/dal/actor';
import { runLabImport, CLI_IMPORT_LIMITS } from '../../lib/dal/lab-import';
import { createUser } from '../../lib/dal/users';
import { formatCsv } from '../../lib/domain/csv';
import { addDays } from '../../lib/domain/dates';
import { clinicToday } from '../../lib/clinic-time';
import { BENCH_PASSWORD, BENCH_USERS } from './generate';
import { IMPORT_HEAP_FLAG } from './import-heap';
import { csvOf, freshDb, plannedRows } from './import-rate';
import { ROOT } from './options';
import { startServer } from './server';
import { LAB_HEADER } from './synth';
import { lockProbe } from './lock-probe';

export interface ImportLoad {
  rows: number;
  importSeconds: number;
  /** Longest stretch another connection could not take the write lock (ms). */
  lockHeldMaxMs: number;
  quiet: { p95Ms: number; medianMs: number; requests: number };
  during: { p95Ms: number; medianMs: number; requests: number };
  /** While `npm run import -- --dry-run` judges the same file (no write lock, ever). */
  dryRun: { p95Ms: number; medianMs: number; requests: number };
  /** p95 during the import / p95 during its dry run: the lock's own cost, the import's CPU on both sides. */
  lockRatio: number;
  /** p95 during the import / p95 without it. */
  ratio: number;
  /** Responses during the import that were not 200 (status -> count; "error" for no response). */
  notOk: Record<string, number>;
}

/**
 * One page request every 200 ms: a light load (a page costs the server about 30 ms of
 * CPU), so that on a shared machine the server is not driven into a queue that would
 * measure its own saturation; a 5 s stall is still 25 slow requests.
 */
const EVERY_MS = 200;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

/**
 * Requests at a fixed rate (open loop: one every `everyMs` whether or not the last has
 * answered) until `until` resolves or `seconds` pass; every latency and status. A
 * closed loop (autocannon's connections each waiting for their answer) sends almost
 * nothing while the server stalls, so a 5 s stall would be a handful of samples and
 * vanish from the p95; at a fixed rate it is every request sent during those 5 s.
 */
export async function load(url: string, cookie: string, opts: { seconds?: number; until?: Promise<unknown>; everyMs?: number }) {
  const times: number[] = [];
  const notOk: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  let done = false;
  void opts.until?.then(() => (done = true));
  const deadline = performance.now() + (opts.seconds ?? 3600) * 1000;
  const one = async () => {
    const t0 = performance.now();
    const status = await fetch(url, { headers: { cookie }, redirect: 'manual' }).then(async (r) => (await r.arrayBuffer(), String(r.status)), () => 'error');
    times.push(performance.now() - t0);
    if (status !== '200') notOk[status] = (notOk[status] ?? 0) + 1;
  };
  while (!done && performance.now() < deadline) {
    inFlight.push(one());
    await new Promise((r) => setTimeout(r, opts.everyMs ?? EVERY_MS));
  }
  await Promise.all(inFlight);
  return { times: times.sort((a, b) => a - b), notOk };
}


/**
 * A database of `patients` patients plus the one whose page is measured (outside the
 * import: an imported patient's page rebuilds its timeline once after the import,
 * decision 12, which is not what this measures), three CK results each, and the
 * bench physician.
 */
export async function seed(dir: string, patients: number): Promise<{ file: string; patientId: number }> {
  const nurse = await freshDb(dir, 'load', patients + 1);
  await createUser(cliActor(), { ...BENCH_USERS.physician, password: BENCH_PASSWORD });
  const today = clinicToday();
  const rows = [];
  for (let p = 0; p <= patients; p++) for (let k = 1; k <= 3; k++) rows.push([`IMP-${p}`, addDays(today, -k), 'ck', String(150 * k), 'U/L', '26', '192', '', '', `S-${p}-${k}`]);
  const report = runLabImport(nurse, formatCsv([LAB_HEADER, ...rows]), { limits: CLI_IMPORT_LIMITS });
  if (report.outcome !== 'imported') throw new Error(`Seed import: ${report.outcome}`);
  const patientId = getDb().$client.prepare('SELECT id FROM patients WHERE mrn = ?').pluck().get(`IMP-${patients}`) as number;
  const file = process.env.TITERLINE_DB!;
  closeDb();
  return { file, patientId };
}

/** `npm run import -- file` in its own process (as in a clinic), the page under load meanwhile. */
async function pagesDuringImport(file: string, csvFile: string, url: string, cookie: string, dryRun: boolean) {
  const stopWatch = lockProbe(file).stop;
  const t0 = performance.now();
  const child = spawn(process.execPath, [IMPORT_HEAP_FLAG, '--conditions=react-server', '--import', 'tsx', path.join(ROOT, 'scripts/import.ts'), csvFile, ...(dryRun ? ['--dry-run'] : [])], {
    cwd: ROOT, env: { ...process.env, TITERLINE_DB: file }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  const pages = await load(url, cookie, { until: exited });
  const code = await exited;
  const seconds = (performance.now() - t0) / 1000;
  const lockHeldMaxMs = stopWatch();
  if (code !== 0) throw new Error(`The import failed (exit ${code}):\n${output}`);
  return { pages, seconds, lockHeldMaxMs };
}

/** Pages alone, after a warm-up: the baseline a load's pages are compared with (each phase ends with the server idle). */
export async function quietPages(server: { cookie: string; idle: () => Promise<unknown> }, url: string, seconds: number) {
  await load(url, server.cookie, { seconds: 2 });
  await server.idle();
  const quiet = await load(url, server.cookie, { seconds });
  await server.idle();
  return quiet;
}

export const stats = (r: { times: number[] }) => ({ p95Ms: percentile(r.times, 95), medianMs: percentile(r.times, 50), requests: r.times.length });

export async function importLoad(rows: number, patients: number, seconds: number): Promise<ImportLoad> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-bench-load-'));
  try {
    const { file, patientId } = await seed(dir, patients);
    const csvFile = path.join(dir, 'large.csv');
    fs.writeFileSync(csvFile, csvOf(plannedRows(rows, patients)));
    const server = await startServer(file);
    try {
      const url = `${server.url}/patients/${patientId}`;
      const quiet = await quietPages(server, url, seconds);
      // The same file judged and not written (never takes the write lock): the import's CPU without its lock.
      const judging = await pagesDuringImport(file, csvFile, url, server.cookie, true);
      await server.idle();
      const importing = await pagesDuringImport(file, csvFile, url, server.cookie, false);
      const q = stats(quiet);
      const j = stats(judging.pages);
      const d = stats(importing.pages);
      return {
        rows, importSeconds: importing.seconds, lockHeldMaxMs: importing.lockHeldMaxMs, quiet: q, dryRun: j, during: d,
        ratio: d.p95Ms / q.p95Ms, lockRatio: d.p95Ms / j.p95Ms, notOk: { ...quiet.notOk, ...judging.pages.notOk, ...importing.pages.notOk },
      };
    } finally {
      await server.stop();
    }
  } finally {
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
