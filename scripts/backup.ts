/**
 * npm run backup -- --out FILE   (or, with TITERLINE_BACKUP_DIR set, npm run backup: a new time-stamped file there)
 * An online, consistent copy through SQLite's backup API (safe while the app serves),
 * then checks the copy: PRAGMA integrity_check, its signed audit trail, and the trail
 * against the checkpoints that existed before the copy was taken. Records the backup in
 * the checkpoint file and copies that file beside the backup as FILE.audit-checkpoints
 * (not secret: every line is signed), so a restore on another machine can bring it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from '../db/sqlite-driver';
import { closeDb, databasePath, openDatabase } from '../db/client';
import { checkpointFile, checkpointText } from '../lib/dal/audit-checkpoint-file';
import { loadAuditKeyRing } from '../lib/dal/audit-keys';
import { recordBackup } from '../lib/dal/audit-restore';
import { logBackup } from '../lib/ops/timings';
import { verifyAuditTrail } from '../lib/dal/audit-trail';
import { chainWaitingReadEvents } from '../lib/dal/read-audit';
import { fail, parseArgs } from './cli-args';

/** --out FILE, or a new time-stamped file in TITERLINE_BACKUP_DIR (the folder the service may write: deploy/titerline.service). */
function backupFile(out: string | true | undefined): string {
  if (typeof out === 'string') return path.resolve(out);
  const dir = process.env.TITERLINE_BACKUP_DIR?.trim();
  if (out !== undefined || !dir) fail('Usage: npm run backup -- --out FILE (or set TITERLINE_BACKUP_DIR and run npm run backup)');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return path.resolve(dir, `titerline-${stamp}.db`);
}

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const out = backupFile(flags.out);
  const source = databasePath();
  if (!fs.existsSync(source)) fail(`No database at ${source}.`);
  if (fs.existsSync(out)) fail(`${out} already exists; choose a new file name (backups are never overwritten).`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const started = Date.now();
  // Read events still in the journal (beside the database, not in it) join the chain first, so the backup holds them.
  chainWaitingReadEvents();
  closeDb();
  const ring = loadAuditKeyRing(source, { create: false });
  // Every checkpoint written before the copy names an event the copy must hold.
  const checkpointsBefore = checkpointText(checkpointFile(source));
  const src = new Database(source, { readonly: true, fileMustExist: true });
  src.pragma('busy_timeout = 5000');
  await src.backup(out);
  src.close();
  const copy = openDatabase(out);
  const integrity = copy.$client.pragma('integrity_check', { simple: true });
  const trail = verifyAuditTrail(copy, { ring, checkpointsFile: checkpointFile(source), checkpointsText: checkpointsBefore });
  const recorded = trail.status === 'intact' ? recordBackup(source, copy, path.basename(out)) : null;
  copy.$client.pragma('journal_mode = DELETE');
  copy.$client.close();
  const checkpoints = checkpointFile(source);
  if (fs.existsSync(checkpoints)) fs.copyFileSync(checkpoints, `${out}.audit-checkpoints`);
  const bytes = fs.statSync(out).size;
  const size = (bytes / 1024 / 1024).toFixed(1);
  // A JSON line for the log collector (lib/ops/timings.ts), besides the words below.
  logBackup({ durationMs: Date.now() - started, bytes, integrityOk: integrity === 'ok', auditTrailIntact: trail.status === 'intact' });
  console.log(`Backup written: ${out} (${size} MB, ${Date.now() - started} ms)`);
  console.log(`  integrity_check: ${integrity}`);
  console.log(`  audit chain: ${trail.status === 'intact' ? `intact (${trail.events} events, signed; recorded as backup at event ${recorded?.events ?? 0})` : trail.problems.join(' ')}`);
  if (integrity !== 'ok' || trail.status !== 'intact') fail('The backup copy failed its checks; keep the previous backup.', 1);
}

main();
