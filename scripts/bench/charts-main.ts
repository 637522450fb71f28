/**
 * npm run bench:charts [-- --small | --patients 100] [--loads 5] [--rounds 3] [--before DIR] [--no-lighthouse] [--profile]
 *
 * Only the patient record's client side: charts drawn (with where the time goes) and
 * Lighthouse on the patient page, on an existing bench database (run `npm run bench`
 * once first). With `--before DIR` (another checkout with its own production build,
 * e.g. a copy of main's) both builds are served on the same database and measured
 * round by round, alternating: this shared VM's speed drifts too much for figures
 * from two separate runs to compare. `--profile` also writes a CPU profile of the
 * browser's main thread during one cold load and prints its top functions. Not a
 * budget; `npm run bench` holds those. Lighthouse runs once per round per build too,
 * alternating like the loads, and the medians of its rounds are printed at the end
 * (`--lighthouse-rounds N`, default 1).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from '../cli-args';
import { bundleStats } from './bundle';
import { chartDrawTime, type ChartTiming } from './charts';
import { profileChartLoad } from './client-profile';
import { ensureDatabase } from './generate';
import { lighthouseScores, type LighthouseScore } from './lighthouse';
import { ROOT } from './options';
import { startServer, type BenchServer } from './server';

const fmt = (c: ChartTiming) => {
  const p = c.phases;
  return `charts on screen median ${c.medianMs.toFixed(0)} ms (max ${c.maxMs.toFixed(0)}, ${c.dclRatio.toFixed(2)}x), interactive ${c.interactiveMs.toFixed(0)} ms (${c.interactiveDclRatio.toFixed(2)}x), DOMContentLoaded ${c.domContentLoadedMs.toFixed(0)} ms; `
    + `data ${p.dataStartMs.toFixed(0)}-${p.dataEndMs.toFixed(0)} (${p.dataRequests} request(s)), chart JS ${p.chartJsStartMs.toFixed(0)}-${p.chartJsEndMs.toFixed(0)}, panels drawn ${p.firstDrawnMs.toFixed(0)}-${p.lastDrawnMs.toFixed(0)}; `
    + `blocking ${p.blockingMs.toFixed(0)} ms (longest task ${p.longestTaskMs.toFixed(0)}); `
    + `${c.lazyJsKb.toFixed(1)} kB gz JS after first load`;
};
const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
const fmtLhMedian = (ls: LighthouseScore[]) => `median of ${ls.length}: Lighthouse performance ${mid(ls.map((l) => l.performance))}, `
  + `accessibility ${mid(ls.map((l) => l.accessibility))} (LCP ${mid(ls.map((l) => l.metrics.lcpMs)).toFixed(0)} ms, TBT ${mid(ls.map((l) => l.metrics.tbtMs)).toFixed(0)} ms)`;
const fmtLh = (l: LighthouseScore) => `Lighthouse performance ${l.performance}, accessibility ${l.accessibility}`
  + ` (LCP ${l.metrics.lcpMs.toFixed(0)} ms, TBT ${l.metrics.tbtMs.toFixed(0)} ms, CLS ${l.metrics.cls.toFixed(3)})${l.failures.length ? `; failed: ${l.failures.join('; ')}` : ''}`;

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const patients = typeof flags.patients === 'string' ? Number(flags.patients) : flags.small === true ? 500 : 10_000;
  // Reused (migrated, recomputed as of today) or generated, as `npm run bench` does.
  const { file: dbFile, twentyYearId } = await ensureDatabase(patients, false);
  const meta = { twentyYearId };
  const loads = typeof flags.loads === 'string' ? Number(flags.loads) : 5;
  const rounds = typeof flags.rounds === 'string' ? Number(flags.rounds) : 3;
  const lhRounds = flags['no-lighthouse'] === true ? 0 : typeof flags['lighthouse-rounds'] === 'string' ? Number(flags['lighthouse-rounds']) : 1;
  const roots: [string, string][] = [['this checkout', ROOT]];
  if (typeof flags.before === 'string') roots.unshift(['before', path.resolve(flags.before)]);
  const servers: BenchServer[] = [];
  try {
    for (const [, root] of roots) servers.push(await startServer(dbFile, root));
    for (let r = 0; r < rounds; r++) {
      for (const [i, [label]] of roots.entries()) {
        const s = servers[i]!;
        const root = roots[i]![1];
        console.log(`round ${r + 1}, ${label}: ${fmt(await chartDrawTime(s.url, s.cookieValue, meta.twentyYearId, loads, bundleStats(root).patient.files, root))}`);
      }
    }
    if (flags.profile === true) {
      for (const [i, [label, root]] of roots.entries()) {
        const file = path.join(os.tmpdir(), `titerline-client-${label.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`);
        const top = await profileChartLoad(servers[i]!.url, servers[i]!.cookieValue, meta.twentyYearId, file);
        console.log(`\n${label} (${root}): ${file}\n${top.join('\n')}`);
      }
    }
    const lhs: LighthouseScore[][] = roots.map(() => []);
    for (let r = 0; r < lhRounds; r++) {
      for (const [i, [label]] of roots.entries()) {
        const s = servers[i]!;
        const [lh] = await lighthouseScores(s.url, s.cookie, [{ page: 'patient', path: `/patients/${meta.twentyYearId}`, signedIn: true }]);
        if (lh) {
          lhs[i]!.push(lh);
          console.log(`lighthouse round ${r + 1}, ${label}: ${fmtLh(lh)}`);
        }
      }
    }
    if (lhRounds > 1) for (const [i, [label]] of roots.entries()) console.log(`${label}: ${fmtLhMedian(lhs[i]!)}`);
  } finally {
    for (const s of servers) await s.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
