/**
 * npm run export -- --format fhir-ndjson --out DIR
 * Writes every live patient's record as FHIR R4 NDJSON (the Bulk Data format: one
 * resource per line, one file per type): DIR/Patient.ndjson, DIR/Observation.ndjson,
 * DIR/MedicationStatement.ndjson. Audited as `export.fhir` (origin cli).
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { cliActor } from '../lib/dal/actor';
import { exportAllPatientsFhir } from '../lib/dal/fhir-export';
import { isAppError } from '../lib/errors';
import { fail, parseArgs } from './cli-args';

const USAGE = 'Usage: npm run export -- --format fhir-ndjson --out DIR';
const TYPES = ['Patient', 'Observation', 'MedicationStatement'] as const;

function main(): void {
  const { flags } = parseArgs(process.argv.slice(2));
  if (flags.format !== 'fhir-ndjson') fail(`${USAGE}\n(--format must be fhir-ndjson${typeof flags.format === 'string' ? `, not "${flags.format}"` : ''})`);
  if (typeof flags.out !== 'string' || flags.out.trim() === '') fail(`${USAGE}\n(--out names the folder to write to)`);
  const dir = path.resolve(flags.out);
  fs.mkdirSync(dir, { recursive: true });
  runMigrations(getDb());
  // Write to temporary names and rename at the end: a failed export never leaves half a file under the real name.
  const files = Object.fromEntries(TYPES.map((t) => [t, { tmp: path.join(dir, `.${t}.ndjson.partial`), fd: fs.openSync(path.join(dir, `.${t}.ndjson.partial`), 'w') }]));
  try {
    const counts = exportAllPatientsFhir(cliActor(), (resource) => {
      const file = files[resource.resourceType];
      if (file) fs.writeSync(file.fd, `${JSON.stringify(resource)}\n`);
    });
    for (const t of TYPES) {
      const file = files[t]!;
      fs.closeSync(file.fd);
      fs.renameSync(file.tmp, path.join(dir, `${t}.ndjson`));
    }
    console.log(`Wrote ${TYPES.map((t) => `${counts[t] ?? 0} ${t}`).join(', ')} to ${dir}`);
  } catch (e) {
    for (const f of Object.values(files)) {
      try { fs.closeSync(f.fd); } catch { /* already closed */ }
      fs.rmSync(f.tmp, { force: true });
    }
    if (isAppError(e)) fail(`Not exported: ${e.message}`);
    throw e;
  } finally {
    closeDb();
  }
}

main();
