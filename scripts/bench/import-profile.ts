/**
 * npm run bench:import-profile [-- --rows 100000 --patients 1000]
 *
 * A V8 CPU profile of one CSV import into a fresh database (the import `npm run bench`
 * measures), printed as the functions with the most self time. Not a budget.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from '../cli-args';
import { inclusiveTime, topSelfTime } from './cpu-profile';
import { profileOnce } from './import-rate';

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const rows = typeof flags.rows === 'string' ? Number(flags.rows) : 100_000;
  const patients = typeof flags.patients === 'string' ? Number(flags.patients) : 1_000;
  const file = path.join(os.tmpdir(), `titerline-import-${process.pid}.cpuprofile`);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  const seconds = await profileOnce(rows, patients, () => session.post('Profiler.start'), async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
  });
  console.log(`${rows} rows for ${patients} patients: ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s, profiled)\n${file}`);
  const phases = ['planLabImport', 'mapLabRow', 'screenDuplicates', 'writeImportedRows', 'insertEvent', 'recomputePatientSignals', 'loadPatientClinicalData', 'computeSignals'];
  for (const line of [...inclusiveTime(file, phases), '', ...topSelfTime(file, 30)]) console.log(line);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
