/** npm run audit:verify [-- --db FILE]: checks the audit hash chain; exit 1 when broken. */
import { closeDb, getDb, databasePath } from '../db/client';
import { verifyAuditChain } from '../lib/dal/audit';
import { chainWaitingReadEvents } from '../lib/dal/read-audit';
import fs from 'node:fs';
import { fail, parseArgs } from './cli-args';

const { flags } = parseArgs(process.argv.slice(2));
if (typeof flags.db === 'string') process.env.TITERLINE_DB = flags.db;
if (!fs.existsSync(databasePath())) fail(`No database at ${databasePath()}.`);
// Record views and exports waiting in the read journal are chained first, so they are verified too.
const chained = chainWaitingReadEvents();
if (chained) console.log(`${chained} read events from the journal chained before verifying.`);
const report = verifyAuditChain(getDb());
closeDb();
if (report.ok) {
  console.log(`Audit chain intact: ${report.checked} events verified in ${databasePath()}.`);
} else {
  console.error(`AUDIT CHAIN BROKEN at event ${report.firstBrokenId}: ${report.problem} (${report.checked} events verified before it).`);
  process.exit(1);
}
