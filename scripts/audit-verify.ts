/**
 * npm run audit:verify [-- --db FILE] [--accept-restore]
 * Checks the signed audit trail and the checkpoints kept outside the database
 * (docs/decisions/0002-audit-chain.md). Exit 0: intact. Exit 1: tampering or loss found
 * (or an older copy of the database put back and not yet recorded as a restore).
 * Exit 2: could not check (no database, no audit key).
 * --accept-restore: the database is a backup put back by hand; record it as a restore.
 */
import fs from 'node:fs';
import { closeDb, getDb, databasePath } from '../db/client';
import { recordRestore } from '../lib/dal/audit-restore';
import { chainWaitingReadEvents } from '../lib/dal/read-audit';
import { verifyAuditTrail, type TrailReport } from '../lib/dal/audit-trail';
import { fail, parseArgs } from './cli-args';

const { flags } = parseArgs(process.argv.slice(2));
if (typeof flags.db === 'string') process.env.TITERLINE_DB = flags.db;
if (!fs.existsSync(databasePath())) fail(`No database at ${databasePath()}.`);

function print(report: TrailReport): void {
  const where = databasePath();
  if (report.status === 'intact') {
    console.log(`Audit trail intact: ${report.events} events verified in ${where}.`);
    console.log(`  Checkpoints: ${report.checkpoints} verified in ${report.checkpointsFile}.`);
  } else if (report.status === 'cannot-check') {
    console.error(`CANNOT CHECK THE AUDIT TRAIL of ${where}:`);
  } else {
    console.error(`AUDIT TRAIL PROBLEM in ${where}:`);
  }
  for (const p of report.problems) console.error(`  - ${p}`);
  for (const n of report.notes) console.log(`  Note: ${n}`);
  if (report.status === 'problem') {
    console.error('What to do: keep copies of the database, its audit key file and its checkpoint file exactly as they are now,');
    console.error('and tell whoever is responsible for data protection at your site. README, "Audit trail", explains each message.');
  }
}

const db = getDb();
// Record views and exports waiting in the read journal are chained first, so they are verified too.
const chained = chainWaitingReadEvents();
if (chained) console.log(`${chained} read events from the journal chained before verifying.`);
let report = verifyAuditTrail(db);
if (flags['accept-restore'] === true) {
  const older = report.olderCopy;
  if (report.status === 'intact') {
    console.log('Nothing to record: the audit trail is intact and no events are missing.');
  } else if (!older || report.problems.length !== 1) {
    print(report);
    closeDb();
    fail('Not recorded: --accept-restore only records an older copy of this same database put back in place, and the problems above are not that.', 1);
  } else {
    recordRestore(db, { file: older.backup?.file, replaced: { events: older.reached.events, head: older.reached.head }, recordedBy: 'audit:verify --accept-restore' });
    console.log(`Recorded: the database was restored from a backup that ended at event ${older.events}; events ${older.events + 1}-${older.reached.events} of the earlier database are not in it.`);
    report = verifyAuditTrail(db);
  }
}
print(report);
closeDb();
process.exit(report.status === 'intact' ? 0 : report.status === 'problem' ? 1 : 2);
