/**
 * Applies pending migrations to TITERLINE_DB (run before dev, start, demo and tests),
 * then makes sure the audit trail is signed: the key ring is read (a misconfigured key
 * stops the start here, with a message, instead of failing every write later), and a
 * trail from a version before signing gets its signing anchor now.
 */
import { databasePath, getDb, closeDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { startSigningTrail } from '../lib/dal/audit';
import { AuditKeyError, auditKeyRing } from '../lib/dal/audit-keys';
import { chainWaitingReadEvents } from '../lib/dal/read-audit';

runMigrations(getDb());
try {
  const ring = auditKeyRing(databasePath());
  if (startSigningTrail()) console.log(`Audit trail: events from now on are signed with audit key ${ring.current.id}.`);
  // Start-up: read events a stopped or crashed server left in the journal join the chain now.
  chainWaitingReadEvents();
} catch (e) {
  if (!(e instanceof AuditKeyError)) throw e;
  console.error(e.message);
  closeDb();
  process.exit(2);
}
closeDb();
console.log(`Database ready: ${databasePath()}`);
