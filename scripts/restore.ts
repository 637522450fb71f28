/**
 * npm run restore -- FILE [--yes]
 * Restores a backup into TITERLINE_DB. Stop the app first. The file is checked
 * (integrity_check, signed audit trail, migrations) before anything is touched, and the
 * current database is kept beside it as <db>.before-restore-<time> (nothing is lost).
 * The restore is recorded (signed) in the checkpoint file and as an audit event, so
 * audit:verify reports "restored from backup at event N" instead of missing events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDb, databasePath, openDatabase, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { checkpointFile } from '../lib/dal/audit-checkpoint-file';
import { AuditKeyError, loadAuditKeyRing } from '../lib/dal/audit-keys';
import { recordRestore, trailHead } from '../lib/dal/audit-restore';
import { verifyAuditTrail } from '../lib/dal/audit-trail';
import { walkAuditChain } from '../lib/dal/audit-verify';
import { chainWaitingReadEvents } from '../lib/dal/read-audit';
import { fail, parseArgs } from './cli-args';

const { flags, positional } = parseArgs(process.argv.slice(2));
const file = positional[0];
if (!file) fail('Usage: npm run restore -- FILE [--yes]   (stop the app first)');
const backup = path.resolve(file);
if (!fs.existsSync(backup)) fail(`No file at ${backup}.`);
const target = databasePath();

let ring;
try {
  ring = loadAuditKeyRing(target, { create: false });
} catch (e) {
  fail(e instanceof AuditKeyError ? `Refused: ${e.message}` : String(e), 2);
}
let check;
try {
  check = openDatabase(backup);
} catch {
  fail(`${backup} is not a SQLite database.`);
}
const integrity = String(check.$client.pragma('integrity_check', { simple: true }));
const hasMigrations = check.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'").get() as { n: number };
const chain = hasMigrations.n ? walkAuditChain(check, ring) : null;
// Against this installation's checkpoints: is the backup an earlier state of this same trail?
const lineage = chain?.ok ? verifyAuditTrail(check, { ring, checkpointsFile: checkpointFile(target) }) : null;
const backupHead = trailHead(check);
check.$client.close();
if (integrity !== 'ok') fail(`Refused: ${backup} fails integrity_check (${integrity}).`, 1);
if (!chain) fail(`Refused: ${backup} is not a Titerline database (no migrations table).`, 1);
if (chain.noKey) fail(`Refused: ${backup} has signed audit events, and no audit key is in place to check them. Put this installation's audit key file back first (TITERLINE_AUDIT_KEY_FILE, or ${target}.audit-key), then restore.`, 2);
if (!chain.ok) fail(`Refused: the audit trail in ${backup} cannot be trusted: ${chain.problem}.`, 1);
if (!backupHead) fail(`Refused: ${backup} has no audit events.`, 1);
if (lineage && lineage.disagreeing > 0) {
  console.warn(`Warning: ${backup} is not an earlier state of this database's audit trail (its events differ from the checkpoints). It is restored anyway; from now on checks start at this restore.`);
}

if (fs.existsSync(`${target}-wal`) && fs.statSync(`${target}-wal`).size > 0 && flags.yes !== true) {
  fail(`${target} has an active write-ahead log: is the app still running? Stop it, or pass --yes if you are sure it is stopped.`, 1);
}
let replaced: { events: number; head: string } | null = null;
let keptAs: string | undefined;
if (fs.existsSync(target)) {
  // Read events waiting in the journal belong to the database being replaced: chained
  // into it before it is kept aside, so none is chained into the restored one.
  try {
    chainWaitingReadEvents();
  } catch (e) {
    console.error(`Read events waiting in the audit journal could not be chained into the current database (${String(e)}); they stay in the journal.`);
  }
  closeDb();
  const current = openDatabase(target);
  replaced = trailHead(current);
  current.$client.close();
  keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(target, keptAs);
  for (const ext of ['-wal', '-shm']) if (fs.existsSync(target + ext)) fs.renameSync(target + ext, keptAs + ext);
  console.log(`Current database kept as ${keptAs}`);
}
// On a new machine the checkpoints come with the backup (npm run backup copies them beside it).
if (!fs.existsSync(checkpointFile(target)) && fs.existsSync(`${backup}.audit-checkpoints`)) fs.copyFileSync(`${backup}.audit-checkpoints`, checkpointFile(target));
fs.copyFileSync(backup, target);
runMigrations(getDb());
recordRestore(getDb(), { file: path.basename(backup), replaced, keptAs, recordedBy: 'npm run restore' });
closeDb();
console.log(`Restored ${backup} into ${target} (${chain.checked} audit events verified; recorded as restored from backup at event ${backupHead.events}).`);
