/**
 * A separate process that writes through the real DAL and prints "ack <id>" after each
 * committed write, so a test can kill it (SIGKILL) or run two at once and then check
 * what the database holds. Usage: tsx --conditions=react-server writer-worker.ts MODE PATIENT_ID COUNT
 */
import fs from 'node:fs';
import { cliActor } from '../../lib/dal/actor';
import { recordEnzymeResult } from '../../lib/dal/enzyme-results';
import { recordVisit } from '../../lib/dal/visits';
import { runLabImport, CLI_IMPORT_LIMITS } from '../../lib/dal/lab-import';
import { getPatient } from '../../lib/dal/patients';
import { cliImportActor } from '../../lib/dal/actor';
import { addDays } from '../../lib/domain/dates';
import { clinicToday } from '../../lib/clinic-time';

const [mode, patientArg, countArg] = process.argv.slice(2);
const patientId = Number(patientArg);
const count = Number(countArg);
const physician = { ...cliActor(), role: 'physician' as const };
const today = clinicToday();

if (mode === 'import') {
  // One large all-or-nothing CSV import: the test kills the process while it runs.
  const lines = ['mrn,collected_on,test,value,unit,reference_high,accession'];
  for (let i = 0; i < count; i++) lines.push(`DUR-1,${addDays(today, -((i % 3000) + 1))},ck,${100 + i},U/L,200,IMP-${i}`);
  fs.writeSync(1, 'started\n');
  const report = runLabImport(cliImportActor(), lines.join('\n'), { limits: CLI_IMPORT_LIMITS });
  fs.writeSync(1, `imported ${report.outcome}\n`);
  process.exit(0);
}

if (mode === 'views') {
  // Record views: each audit event goes to the read journal; "ack <n>" after each.
  // A 2 ms pause between views, so another process's writes land between them
  // (300 views back to back take about 0.1 s).
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < count; i++) {
    getPatient(physician, patientId);
    fs.writeSync(1, `ack ${i + 1}\n`);
    Atomics.wait(pause, 0, 0, 2);
  }
  fs.writeSync(1, 'done\n');
  process.exit(0);
}

for (let i = 0; i < count; i++) {
  // Dates go back one day per write so every row is distinct (no duplicate warnings).
  const on = addDays(today, -(i + 1));
  const row = mode === 'visits'
    ? recordVisit(physician, patientId, { visitOn: on, physicianGlobal: String(i % 10), notes: `worker visit ${i}` })
    : recordEnzymeResult(physician, patientId, { analyte: 'ck', collectedOn: on, value: String(100 + i), unit: 'U/L', upperLimit: '200', accession: `${mode}-${i}` });
  // Synchronous, so an "ack" is on the pipe before the next write starts.
  fs.writeSync(1, `ack ${row.id}\n`);
}
fs.writeSync(1, 'done\n');
