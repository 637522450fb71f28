/**
 * npm run bench:profile [-- --path /patients/ID] [--db bench/data/bench-500.db] [--seconds 10]
 *
 * Loads one page of an existing bench database under concurrency 10 with a V8 CPU
 * profile of the server, then prints the functions with the most self time: how the
 * fixes in docs/performance.md were found. Not a budget; run `npm run bench` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseArgs } from '../cli-args';
import { ROOT } from './options';
import { startServer } from './server';
import { topSelfTime } from './cpu-profile';

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/data/bench-500.db.json'), 'utf8')) as { twentyYearId: number };
  const db = typeof flags.db === 'string' ? path.resolve(flags.db) : path.join(ROOT, 'bench/data/bench-500.db');
  const target = typeof flags.path === 'string' ? flags.path : `/patients/${meta.twentyYearId}`;
  const seconds = typeof flags.seconds === 'string' ? Number(flags.seconds) : 10;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-prof-'));
  process.env.BENCH_PROFILE_DIR = dir;
  const server = await startServer(db);
  try {
    await new Promise((resolve, reject) => autocannon({ url: server.url + target, connections: 10, duration: seconds, headers: { cookie: server.cookie } },
      (err, r) => (err ? reject(err) : resolve(console.log(`${target}: ${r.requests.total} requests, median ${r.latency.p50} ms`)))));
  } finally {
    await server.stop();
  }
  for (const f of fs.readdirSync(dir)) {
    console.log(`\n${path.join(dir, f)}`);
    for (const line of topSelfTime(path.join(dir, f), 40)) console.log(line);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
