/**
 * Latency and throughput of one page under concurrency (autocannon on 127.0.0.1),
 * with the signed-in session cookie. Percentiles are computed here from every
 * response time (autocannon's summary has no p95).
 */
import { gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { median } from './stats';

export interface Target { url: string; cookie: string; idle(): Promise<void> }

export interface LoadResult {
  path: string;
  medianMs: number;
  p95Ms: number;
  rps: number;
  requests: number;
  /** Responses that were not 200: a redirect to /signin would look fast and mean nothing. */
  bad: number;
  /** Mean response body in kB (the page's HTML). */
  kbPerResponse: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function run(url: string, cookie: string, seconds: number, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let bad = 0;
    let bytes = 0;
    const instance = autocannon({ url, connections, duration: seconds, headers: { cookie }, timeout: 60 }, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({
        path: new URL(url).pathname + new URL(url).search,
        medianMs: percentile(times, 50),
        p95Ms: percentile(times, 95),
        rps: times.length / result.duration,
        requests: times.length,
        bad: bad + result.errors,
        kbPerResponse: times.length ? bytes / times.length / 1024 : 0,
      });
    });
    instance.on('response', (_client, status, resBytes, responseTime) => {
      times.push(responseTime);
      bytes += resBytes;
      if (status !== 200) bad++;
    });
  });
}

/**
 * Checks the page answers 200 with `marker` in its HTML (so the load is the real
 * page, signed in), warms the server up, waits for it to be idle, then measures.
 */
export async function measurePage(t: Target, path: string, marker: string, seconds: number, warmup: number, connections: number): Promise<LoadResult> {
  const url = t.url + path;
  const res = await fetch(url, { headers: { cookie: t.cookie }, redirect: 'manual' });
  const raw = Buffer.from(await res.arrayBuffer());
  // The timeline data route sends stored gzip bytes for the browser to inflate.
  const html = (res.headers.get('content-type') ?? '').startsWith('application/octet-stream') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  if (res.status !== 200 || !html.includes(marker)) {
    throw new Error(`${url} answered ${res.status} without "${marker}": the bench would measure the wrong page.`);
  }
  if (warmup > 0) {
    await run(url, t.cookie, warmup, connections);
    await t.idle();
  }
  const result = await run(url, t.cookie, seconds, connections);
  if (!result.requests) throw new Error(`${url}: no response within ${seconds} s.`);
  if (result.bad) throw new Error(`${url}: ${result.bad} of ${result.requests} responses failed or were not 200.`);
  return result;
}

export type PageKey = 'floor' | 'worklist' | 'patient' | 'timeline';

export type Which = 'large' | 'ref';
export interface PageRuns {
  /** Every run, by page and database, in round order. */
  runs: Record<PageKey, Record<Which, LoadResult[]>>;
  /** Each page's least disturbed run (lowest median), for the table. */
  best: Record<PageKey, Record<Which, LoadResult>>;
}

/**
 * A ratio of two pages' median latencies, taken round by round (runs seconds apart,
 * under the same conditions) and then the median over rounds: this machine's speed
 * drifts by 2x over minutes (shared host), and a ratio of runs minutes apart would
 * measure the drift.
 */
export function roundRatio(a: LoadResult[], b: LoadResult[]): number {
  return median(a.map((r, i) => r.medianMs / b[i]!.medianMs));
}

/**
 * Every page on both servers, interleaved and repeated (`rounds`), each server idle
 * before each run: interleaving spreads any disturbance over pages and databases
 * instead of letting it land on one of them.
 */
export async function measurePages(large: Target, ref: Target, patientPath: string, opts: { seconds: number; warmup: number; connections: number; rounds: number }): Promise<PageRuns> {
  const pages: Record<PageKey, { path: string; marker: string }> = {
    floor: { path: '/bench-floor', marker: 'data-testid="bench-floor"' },
    worklist: { path: '/', marker: 'data-testid="worklist"' },
    patient: { path: patientPath, marker: 'data-testid="timeline"' },
    // The whole timeline the patient page's charts fetch after it has drawn (gzipped JSON).
    timeline: { path: `${patientPath}/timeline/data`, marker: '"extent"' },
  };
  const keys = Object.keys(pages) as PageKey[];
  const runs = Object.fromEntries(keys.map((k) => [k, { large: [], ref: [] }])) as unknown as PageRuns['runs'];
  for (let round = 0; round < opts.rounds; round++) {
    for (const key of keys) {
      for (const which of ['large', 'ref'] as const) {
        const t = which === 'large' ? large : ref;
        await Promise.all([large.idle(), ref.idle()]);
        const r = await measurePage(t, pages[key].path, pages[key].marker, opts.seconds, round === 0 ? opts.warmup : 0, opts.connections);
        console.log(`  round ${round + 1} ${key.padEnd(8)} ${which.padEnd(5)} median ${r.medianMs.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms, ${r.rps.toFixed(0)} req/s, ${r.kbPerResponse.toFixed(0)} kB`);
        runs[key][which].push(r);
      }
    }
  }
  const bestOf = (list: LoadResult[]) => list.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  const best = Object.fromEntries(keys.map((k) => [k, { large: bestOf(runs[k].large), ref: bestOf(runs[k].ref) }])) as PageRuns['best'];
  return { runs, best };
}
