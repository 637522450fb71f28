/**
 * npm run audit:rotate-key [-- --db FILE]
 * Starts a new audit key: appends a fresh key to the key file (creating the file when
 * TITERLINE_AUDIT_KEY_FILE names one that does not exist yet), keeps the old keys (they
 * verify the events they signed), and writes an `audit.key-rotate` event signed with the
 * new key. The running app keeps signing with the key it started with until it is
 * restarted; both keys verify. With TITERLINE_AUDIT_KEY, prints a key to add instead.
 */
import fs from 'node:fs';
import { closeDb, databasePath } from '../db/client';
import { appendAudit } from '../lib/dal/audit';
import { cliActor } from '../lib/dal/actor';
import { appendKeyToFile, auditKeyRing, defaultKeyFile, forgetAuditKeys, loadAuditKeyRing, newAuditSecret, auditKeyId } from '../lib/dal/audit-keys';
import { writeTx } from '../lib/dal/tx';
import { fail, parseArgs } from './cli-args';

const { flags } = parseArgs(process.argv.slice(2));
if (typeof flags.db === 'string') process.env.TITERLINE_DB = flags.db;
const dbFile = databasePath();
if (!fs.existsSync(dbFile)) fail(`No database at ${dbFile}.`);

if (process.env.TITERLINE_AUDIT_KEY?.trim()) {
  const secret = newAuditSecret();
  console.log('The audit key comes from TITERLINE_AUDIT_KEY, which this command cannot change. To rotate:');
  console.log(`  1. Add this key at the END of TITERLINE_AUDIT_KEY, after a comma, keeping the old keys: ${secret}`);
  console.log(`  2. Restart the app. Events are signed with the new key (id ${auditKeyId(secret)}) from then on.`);
  process.exit(0);
}
const file = process.env.TITERLINE_AUDIT_KEY_FILE?.trim() ? process.env.TITERLINE_AUDIT_KEY_FILE.trim() : defaultKeyFile(dbFile);
const before = fs.existsSync(file) ? loadAuditKeyRing(dbFile, { create: false }) : null;
let newId: string;
try {
  newId = appendKeyToFile(file);
} catch (e) {
  fail(`Cannot add a key to ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}): run this as a user who may write that file.`, 2);
}
forgetAuditKeys();
const ring = auditKeyRing(dbFile);
if (ring.current.id !== newId) fail(`The new key was added to ${file}, but another key signs: check the file.`, 1);
writeTx((tx) => appendAudit(tx, cliActor(), {
  action: 'audit.key-rotate', entity: 'audit_events',
  before: before ? { keyId: before.current.id } : null, after: { keyId: newId, keys: ring.byId.size },
  reason: 'New audit key: events are signed with it from here on; earlier keys stay in the key ring to verify the events they signed.',
}));
closeDb();
console.log(`New audit key ${newId} added to ${file}${before ? ` (previous key ${before.current.id} kept for verification)` : ''}.`);
console.log('Restart the app so it signs with the new key, and back up the key file again (README, "Audit trail").');
