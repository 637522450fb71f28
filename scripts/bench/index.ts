/**
 * npm run bench [-- --small] [--no-lighthouse] [--regenerate]
 *
 * Speed and memory budgets of Titerline, each measured against a baseline taken in
 * the same run (docs/performance.md; the team notes on testing, "Benchmarks are
 * not tests"): prints a table, writes bench/results.json, exits 1 when a budget is
 * missed. A script, never part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { buildIfNeeded } from '../build-if-needed';
import { bundleStats } from './bundle';
import { chartDrawTime } from './charts';
import { ensureDatabase } from './generate';
import { measurePages } from './http';
import { importLoad } from './import-load';
import { hl7Load } from './hl7-load';
import { hl7Rate } from './hl7-rate';
import { importRate } from './import-rate';
import { lighthouseScores } from './lighthouse';
import { benchOptions, ROOT } from './options';
import { checks, printTable, writeResults, type Measurements } from './report';
import { SERVER_NODE_OPTIONS, startServer, type BenchServer } from './server';

/** Another session's `next build` rewrites .next: wait for it rather than build or serve alongside it. */
async function waitForOtherBuilds(): Promise<void> {
  const building = () => {
    try {
      return execFileSync('pgrep', ['-f', 'next[ -]build'], { encoding: 'utf8' }).trim() !== '';
    } catch {
      return false;
    }
  };
  if (building()) console.log('Another `next build` is running: waiting for it to finish…');
  while (building()) await new Promise((r) => setTimeout(r, 5000));
}

async function main() {
  const opts = benchOptions(process.argv.slice(2));
  const seconds: Record<string, number> = {};
  const timed = async <T>(label: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      seconds[label] = Number(((performance.now() - t0) / 1000).toFixed(1));
    }
  };
  console.log(`Titerline bench (${opts.small ? 'small' : 'full'}: ${opts.patients} patients against ${opts.refPatients})`);
  await timed('build', async () => {
    await waitForOtherBuilds();
    buildIfNeeded(ROOT);
  });
  const large = await timed('generate', () => ensureDatabase(opts.patients, opts.regenerate));
  const ref = await timed('generateRef', () => ensureDatabase(opts.refPatients, opts.regenerate));
  const bundle = bundleStats();

  console.log(`CSV import of ${opts.importRows} rows against raw inserts…`);
  const imported = await timed('import', () => importRate(opts.importRows, opts.importPatients));
  console.log(`Patient page while a ${opts.loadImportRows}-row CLI import runs…`);
  const underImport = await timed('importLoad', () => importLoad(opts.loadImportRows, opts.importPatients, 10));
  console.log('HL7 feed over MLLP, one message after another…');
  const feed = await timed('hl7', () => hl7Rate(opts.small ? 300 : 1000, 200));
  console.log('Patient page during an HL7 stream (listener started by hand, then with the web server)…');
  const feedLoad = await timed('hl7Load', async () => [
    await hl7Load(opts.small ? 300 : 1000, opts.importPatients, 10, 'own-process'),
    await hl7Load(opts.small ? 300 : 1000, opts.importPatients, 10, 'in-server'),
  ]);

  const servers: BenchServer[] = [];
  let m: Measurements;
  try {
    const big = await startServer(large.file);
    servers.push(big);
    const small = await startServer(ref.file);
    servers.push(small);
    console.log(`Pages under concurrency ${opts.connections} (${opts.seconds} s per run)…`);
    const pages = await timed('pages', () => measurePages(big, small, `/patients/${large.twentyYearId}`,
      { seconds: opts.seconds, warmup: opts.warmupSeconds, connections: opts.connections, rounds: opts.rounds }));
    await Promise.all(servers.map((s) => s.idle()));
    console.log('Chart draw time in Chromium…');
    const charts = await timed('charts', () => chartDrawTime(big.url, big.cookieValue, large.twentyYearId, opts.chartLoads, bundle.patient.files));
    await Promise.all(servers.map((s) => s.idle()));
    const lighthouse = opts.lighthouse ? await timed('lighthouse', () => {
      console.log('Lighthouse…');
      return lighthouseScores(big.url, big.cookie, [
        { page: 'sign-in', path: '/signin', signedIn: false },
        { page: 'worklist', path: '/', signedIn: true },
        { page: 'patient', path: `/patients/${large.twentyYearId}`, signedIn: true },
      ]);
    }) : null;
    m = {
      mode: opts.small ? 'small' : 'full', patients: opts.patients, refPatients: opts.refPatients, pages, serverNodeOptions: SERVER_NODE_OPTIONS, importRate: imported, importLoad: underImport, hl7Rate: feed, hl7Load: feedLoad, bundle, charts, lighthouse,
      peakRssMb: Math.max(...servers.map((s) => s.peakRssMb())), seconds,
    };
  } finally {
    for (const s of servers) await s.stop();
  }
  const rows = checks(m);
  console.log('');
  printTable(rows);
  writeResults(m, rows);
  const missed = rows.filter((r) => r.ok === false);
  console.log(`\n${missed.length ? `${missed.length} budget(s) missed.` : 'Every budget holds.'} Results in bench/results.json.`);
  process.exit(missed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
