/**
 * `next start` of the production build on a bench database, with a signed-in
 * session, and the server's peak memory. The session is real: a row created by
 * lib/dal/auth.ts authenticate() (as a sign-in does) inside a next-auth JWT minted
 * with the server's secret, so every request goes through the same checks as a
 * browser's (proxy JWT check, session row, user re-read).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { closeDb } from '../../db/client';
import { authenticate } from '../../lib/dal/auth';
import { BENCH_PASSWORD, BENCH_USERS } from './generate';
import { ROOT } from './options';
import { freePort, waitForHealth } from '../next-server';

/**
 * The server runs as the README's production section says, heap budget included
 * (NODE_OPTIONS=--max-old-space-size=512); BENCH_SERVER_NODE_OPTIONS overrides it
 * (set it to an empty string to see Node's default heap sizing).
 */
export const SERVER_NODE_OPTIONS = process.env.BENCH_SERVER_NODE_OPTIONS ?? '--max-old-space-size=512';

export interface BenchServer {
  url: string;
  pid: number;
  /** `Cookie` header value of a signed-in physician. */
  cookie: string;
  cookieValue: string;
  /** Highest resident set (MB) of the server's processes seen so far (kernel's VmHWM). */
  peakRssMb(): number;
  /** Resolves once the server has stopped using CPU (requests left over from a run are done). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The process and its descendants (`next start` may fork its server). */
function processTree(pid: number): number[] {
  const children = (p: number): number[] => {
    try {
      const list = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      return list ? list.split(/\s+/).map(Number) : [];
    } catch {
      return [];
    }
  };
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...children(out[i]!));
  return out;
}

/** CPU ticks (user + system) used so far by the processes. */
function cpuTicks(pids: number[]): number {
  return pids.reduce((n, pid) => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return n + Number(fields[11]) + Number(fields[12]);
    } catch {
      return n;
    }
  }, 0);
}

/**
 * Waits until the processes used no CPU over two polls (100 ms apart). autocannon
 * stops at the end of its duration with requests still queued in the server; without
 * this wait their work would land on the next measurement, of this server or the other.
 */
async function waitIdle(pids: () => number[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = cpuTicks(pids());
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuTicks(pids());
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

/** VmHWM (peak RSS) in MB of one process, 0 when it is gone. */
function vmHwmMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** A session for the bench physician in `dbFile`, as the JWT cookie next-auth would set. */
async function signIn(dbFile: string, secret: string): Promise<string> {
  process.env.TITERLINE_DB = dbFile;
  try {
    const r = await authenticate(BENCH_USERS.physician.email, BENCH_PASSWORD, '127.0.0.1');
    if (!r.ok) throw new Error(`Bench sign-in refused: ${r.reason}`);
    return await encode({ token: { sub: String(r.userId), email: r.email, name: r.name, sid: r.sessionId }, secret });
  } finally {
    closeDb();
  }
}

/** `root`: the checkout whose production build is served (another one to compare before and after a change). */
export async function startServer(dbFile: string, root = ROOT, env: Record<string, string> = {}): Promise<BenchServer> {
  const secret = randomBytes(32).toString('base64url');
  const cookieValue = await signIn(dbFile, secret);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  // BENCH_PROFILE_DIR=dir writes a V8 CPU profile of the server when it stops (how the fixes
  // in docs/performance.md were found); NODE_OPTIONS cannot carry --cpu-prof, hence the explicit node.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, TITERLINE_DB: dbFile, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: '1', TITERLINE_BENCH_FLOOR: '1', NODE_ENV: 'production', NODE_OPTIONS: SERVER_NODE_OPTIONS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-20_000)));
  await waitForHealth(url, child, () => output);
  const pid = child.pid!;
  // VmHWM is the kernel's own peak per process; polling keeps the peak of processes that exit too.
  const peaks = new Map<number, number>();
  const poll = () => processTree(pid).forEach((p) => peaks.set(p, Math.max(peaks.get(p) ?? 0, vmHwmMb(p))));
  const timer = setInterval(poll, 500);
  timer.unref();
  return {
    url,
    pid,
    cookie: `next-auth.session-token=${cookieValue}`,
    cookieValue,
    idle: () => waitIdle(() => processTree(pid)),
    peakRssMb: () => {
      poll();
      return [...peaks.values()].reduce((a, b) => a + b, 0);
    },
    async stop() {
      clearInterval(timer);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
