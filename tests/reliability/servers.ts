/**
 * Several `next start` processes of the production build on ONE database file (a
 * clinic running two instances, or a server beside a CLI), a session cookie that
 * works on all of them, a CLI import in its own process, and a probe that sees from
 * yet another connection how long the write lock is held.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { closeDb } from '@/db/client';
import { authenticate } from '@/lib/dal/auth';
import { freePort, waitForHealth } from '../../scripts/next-server';
export { lockProbe } from '../../scripts/bench/lock-probe';

const ROOT = path.resolve(__dirname, '../..');
export const SECRET = 'reliability-secret-not-for-production-0123456789';

export interface Server { url: string; child: ChildProcess; output(): string; stop(): Promise<void> }

export async function startServers(dbFile: string, n: number): Promise<Server[]> {
  const servers: Server[] = [];
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = '';
    const child = spawn(path.join(ROOT, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: ROOT, env: { ...process.env, TITERLINE_DB: dbFile, NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output = (output + d).slice(-50_000)));
    child.stderr?.on('data', (d) => (output = (output + d).slice(-50_000)));
    await waitForHealth(url, child, () => output);
    servers.push({
      url, child, output: () => output,
      async stop() {
        if (child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      },
    });
  }
  return servers;
}

/** A signed-in session (a real session row, as a sign-in makes) as the Cookie header every server accepts. */
export async function sessionCookie(dbFile: string, email: string, password: string): Promise<string> {
  process.env.TITERLINE_DB = dbFile;
  try {
    const r = await authenticate(email, password, '127.0.0.1');
    if (!r.ok) throw new Error(`sign-in refused: ${r.reason}`);
    return `next-auth.session-token=${await encode({ token: { sub: String(r.userId), email: r.email, name: r.name, sid: r.sessionId }, secret: SECRET })}`;
  } finally {
    closeDb();
  }
}

/** `npm run import -- file` in its own process (node with tsx as a loader, as processes.ts does). */
export function runCliImport(dbFile: string, csvFile: string) {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(ROOT, 'scripts/import.ts'), csvFile], {
    cwd: ROOT, env: { ...process.env, TITERLINE_DB: dbFile }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  return { exited, output: () => output };
}

