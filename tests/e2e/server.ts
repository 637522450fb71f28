import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { freePort, waitForHealth } from '../../scripts/next-server';

const ROOT = path.resolve(__dirname, '../..');

export interface TestServer {
  url: string;
  dbFile: string;
  /** Runs `fn` against the server's database file in this process (seeding, checks). */
  withDb<T>(fn: () => T | Promise<T>): Promise<T>;
  /** What the server wrote to stdout so far (the JSON log lines: lib/ops/log.ts). */
  stdout(): string;
  stop(): Promise<void>;
}

/**
 * Starts `next start` of the production build on a free port with a fresh, migrated
 * SQLite file. `seed` runs first, in this process, through the real DAL.
 */
export async function startServer(seed?: () => Promise<void> | void, env: Record<string, string> = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-e2e-'));
  const dbFile = path.join(dir, 'e2e.db');
  const withDb = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    process.env.TITERLINE_DB = dbFile;
    try {
      return await fn();
    } finally {
      closeDb();
    }
  };
  await withDb(async () => {
    runMigrations(getDb());
    await seed?.();
  });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let stdout = '';
  const child = spawn(path.join(ROOT, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, TITERLINE_DB: dbFile, NEXTAUTH_SECRET: 'e2e-secret-not-for-production-0123456789', NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    output += d;
    stdout += d;
  });
  child.stderr?.on('data', (d) => (output += d));
  await waitForHealth(url, child, () => output);
  return {
    url,
    dbFile,
    withDb,
    stdout: () => stdout,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
