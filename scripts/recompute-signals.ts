/** npm run signals:recompute: recomputes every patient's signals and stored timeline (after an upgrade, or nightly: both are as of a day). */
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { cliActor } from '../lib/dal/actor';
import { appendAudit } from '../lib/dal/audit';
import { recomputeAllPatients } from '../lib/dal/signals';
import { writeTx } from '../lib/dal/tx';

runMigrations(getDb());
const started = Date.now();
const n = writeTx((tx) => {
  const count = recomputeAllPatients(tx);
  appendAudit(tx, cliActor(), { action: 'signals.recompute-all', entity: 'patient_signals', after: { patients: count } });
  return count;
});
closeDb();
console.log(`Recomputed signals and timelines for ${n} patients in ${Date.now() - started} ms.`);
