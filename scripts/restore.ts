/**
 * npm run restore -- FILE [--yes]
 * Restores a backup into TITERLINE_DB. Stop the app first. The file is checked
 * (integrity_check, audit chain, migrations) before anything is touched, and the
 * current database is kept beside it as <db>.before-restore-<time> (nothing is lost).
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDb, databasePath, openDatabase, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { verifyAuditChain } from '../lib/dal/audit';
import { chainWaitingReadEvents } from '../lib/dal/read-audit';
import { fail, parseArgs } from './cli-args';

const { flags, positional } = parseArgs(process.argv.slice(2));
const file = positional[0];
if (!file) fail('Usage: npm run restore -- FILE [--yes]   (stop the app first)');
const backup = path.resolve(file);
if (!fs.existsSync(backup)) fail(`No file at ${backup}.`);

let check;
try {
  check = openDatabase(backup);
} catch {
  fail(`${backup} is not a SQLite database.`);
}
const integrity = String(check.$client.pragma('integrity_check', { simple: true }));
const hasMigrations = check.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'").get() as { n: number };
const chain = hasMigrations.n ? verifyAuditChain(check) : null;
check.$client.close();
if (integrity !== 'ok') fail(`Refused: ${backup} fails integrity_check (${integrity}).`, 1);
if (!chain) fail(`Refused: ${backup} is not a Titerline database (no migrations table).`, 1);
if (!chain.ok) fail(`Refused: the audit chain in ${backup} is broken at event ${chain.firstBrokenId}.`, 1);

const target = databasePath();
if (fs.existsSync(`${target}-wal`) && fs.statSync(`${target}-wal`).size > 0 && flags.yes !== true) {
  fail(`${target} has an active write-ahead log: is the app still running? Stop it, or pass --yes if you are sure it is stopped.`, 1);
}
if (fs.existsSync(target)) {
  // Read events waiting in the journal belong to the database being replaced: chained
  // into it before it is kept aside, so none is chained into the restored one.
  try {
    chainWaitingReadEvents();
  } catch (e) {
    console.error(`Read events waiting in the audit journal could not be chained into the current database (${String(e)}); they stay in the journal.`);
  }
  closeDb();
  const kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(target, kept);
  for (const ext of ['-wal', '-shm']) if (fs.existsSync(target + ext)) fs.renameSync(target + ext, kept + ext);
  console.log(`Current database kept as ${kept}`);
}
fs.copyFileSync(backup, target);
runMigrations(getDb());
closeDb();
console.log(`Restored ${backup} into ${target} (${chain.checked} audit events verified).`);
