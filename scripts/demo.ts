/**
 * npm run demo: builds if needed, creates data/demo.db with a synthetic cohort and one
 * account per role, prints the URL and credentials, and serves on PORT (default 3000).
 * The NEXTAUTH_SECRET is generated once into the ignored file .demo-secret.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { countUsers } from '../lib/dal/users';
import { buildIfNeeded } from './build-if-needed';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo-accounts';
import { seedDemo } from './seed/demo';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const dbFile = path.join(root, 'data', 'demo.db');
const secretFile = path.join(root, '.demo-secret');

function demoSecret(): string {
  if (fs.existsSync(secretFile)) return fs.readFileSync(secretFile, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function main() {
  buildIfNeeded(root);
  process.env.TITERLINE_DB = dbFile;
  runMigrations(getDb());
  if (countUsers() === 0) {
    console.log('Creating the demo cohort in data/demo.db…');
    await seedDemo();
  }
  closeDb();
  const url = `http://localhost:${port}`;
  console.log(`\nTiterline demo: ${url}\n`);
  console.log('Accounts (password for all: ' + DEMO_PASSWORD + ')');
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(10)} ${a.email}`);
  console.log('\nDemo data is synthetic. Delete data/demo.db to start over. Ctrl+C stops the server.\n');
  const child = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(port)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TITERLINE_DB: dbFile, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? demoSecret(), NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url, NEXT_TELEMETRY_DISABLED: '1' },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
