/**
 * npm run backup -- --out FILE
 * An online, consistent copy through SQLite's backup API (safe while the app serves),
 * then checks the copy: PRAGMA integrity_check and the audit hash chain.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { closeDb, databasePath, openDatabase } from '../db/client';
import { verifyAuditChain } from '../lib/dal/audit';
import { chainWaitingReadEvents } from '../lib/dal/read-audit';
import { fail, parseArgs } from './cli-args';

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  if (typeof flags.out !== 'string') fail('Usage: npm run backup -- --out FILE');
  const source = databasePath();
  if (!fs.existsSync(source)) fail(`No database at ${source}.`);
  const out = path.resolve(flags.out);
  if (fs.existsSync(out)) fail(`${out} already exists; choose a new file name (backups are never overwritten).`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const started = Date.now();
  // Read events still in the journal (beside the database, not in it) join the chain first, so the backup holds them.
  chainWaitingReadEvents();
  closeDb();
  const src = new Database(source, { readonly: true, fileMustExist: true });
  src.pragma('busy_timeout = 5000');
  await src.backup(out);
  src.close();
  const copy = openDatabase(out);
  const integrity = copy.$client.pragma('integrity_check', { simple: true });
  const chain = verifyAuditChain(copy);
  copy.$client.pragma('journal_mode = DELETE');
  copy.$client.close();
  const size = (fs.statSync(out).size / 1024 / 1024).toFixed(1);
  console.log(`Backup written: ${out} (${size} MB, ${Date.now() - started} ms)`);
  console.log(`  integrity_check: ${integrity}`);
  console.log(`  audit chain: ${chain.ok ? `intact (${chain.checked} events)` : `BROKEN at ${chain.firstBrokenId}: ${chain.problem}`}`);
  if (integrity !== 'ok' || !chain.ok) fail('The backup copy failed its checks; keep the previous backup.', 1);
}

main();
