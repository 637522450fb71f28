import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import { makeActor } from '../setup/actors';
import { newPatient, sqlite } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const EXAMPLE = path.join(ROOT, 'docs/examples/labs-import-example.csv');

/** Runs `npm run import -- ...args` the way npm does, against the temp database. */
function run(args: string[], dbFile: string) {
  closeDb();
  const res = spawnSync(TSX, ['--conditions=react-server', path.join(ROOT, 'scripts/import.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, TITERLINE_DB: dbFile },
  });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

// Each test spawns the CLI a few times; shared CI machines can be slow to start tsx.
describe('npm run import (CSV of lab results)', { timeout: 90_000 }, () => {
  let db: ReturnType<typeof useTempDatabase>;
  let dir: string;
  beforeAll(async () => {
    db = useTempDatabase();
    dir = path.dirname(db.file);
    const physician = await makeActor('physician');
    // The demo cohort's first three patients, whom the example file (docs/lab-import.md) names.
    newPatient(physician, { mrn: 'MRN-100001', birthDate: '1971-03-14', sex: 'female' });
    newPatient(physician, { mrn: 'MRN-100002', birthDate: '1958-09-02', sex: 'male' });
    newPatient(physician, { mrn: 'MRN-100003', birthDate: '1985-06-21', sex: 'female' });
  });
  afterAll(() => db.dispose());

  it('refuses usage errors and a bad FHIR bundle with a message, writing nothing', () => {
    const before = tableCounts();
    expect(run([], db.file)).toMatchObject({ code: 2, out: expect.stringContaining('Usage: npm run import -- <file.csv> [--dry-run]') });
    expect(run([EXAMPLE, '--force'], db.file)).toMatchObject({ code: 2, out: expect.stringContaining('unknown option --force') });
    expect(run([path.join(dir, 'missing.csv')], db.file)).toMatchObject({ code: 2, out: expect.stringContaining('No file at') });
    const bundle = path.join(dir, 'bundle.json');
    fs.writeFileSync(bundle, JSON.stringify({ resourceType: 'Patient' }));
    expect(run([bundle], db.file)).toMatchObject({ code: 1, out: expect.stringContaining('Not imported: nothing was written.') });
    fs.writeFileSync(bundle, 'not json at all');
    expect(run([bundle], db.file)).toMatchObject({ code: 1, out: expect.stringContaining('Not imported') });
    expect(tableCounts()).toEqual(before);
  });

  it('dry-runs, imports and re-imports the documented example file', () => {
    const before = tableCounts();
    const dry = run(['--dry-run', EXAMPLE], db.file);
    expect(dry.out).toContain('13 rows: 13 new, 0 duplicates (skipped), 0 with errors.');
    expect(dry.out).toContain('Dry run: nothing was written.');
    expect(dry.code).toBe(0);
    expect(tableCounts()).toEqual(before);

    const done = run([EXAMPLE], db.file);
    expect(done.out).toContain('Imported 13 results for 3 patients; signals recomputed.');
    expect(done.code).toBe(0);
    // The import's event and one per patient listing its created results (decision 12).
    const events = sqlite().prepare("SELECT origin, role, user_id FROM audit_events WHERE action IN ('lab-import', 'lab-import.results')").all();
    expect(events).toHaveLength(4);
    expect(events.every((e) => JSON.stringify(e) === '{"origin":"import","role":"nurse","user_id":null}')).toBe(true);

    const again = run([EXAMPLE], db.file);
    expect(again.out).toContain('13 rows: 0 new, 13 duplicates (skipped), 0 with errors.');
    expect(again.code).toBe(0);
  });

  it('prints the problem rows and exits 1 when a row is refused, writing nothing', () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'mrn,collected_on,test,value,unit\nMRN-100001,2025-01-05,ck,300,U/L\nMRN-999,2025-01-06,ck,310,mmol/L\n');
    const before = tableCounts();
    const res = run([bad], db.file);
    expect(res.code).toBe(1);
    expect(res.out).toContain('line 3 [ERROR] MRN-999 2025-01-06 ck 310 mmol/L - mrn: Unknown MRN "MRN-999"');
    expect(res.out).toContain('unit: Unit "mmol/L" is not one Titerline converts');
    expect(res.out).toContain('Nothing was imported');
    expect(tableCounts()).toEqual(before);
  });

  it('reads a European export (semicolons, decimal commas, extra columns) and takes --decimal for a number with two readings', () => {
    const euro = path.join(dir, 'euro.csv');
    fs.writeFileSync(euro, 'mrn;patient_name;collected_on;test;value;unit;reference_high;order_no\r\nMRN-100002;Doe, John;2025-02-03;ck;12.500;U/L;170;A1\r\nMRN-100002;Doe, John;2025-02-04;ck;3,5;ukat/L;2,85;A2\r\n');
    const before = tableCounts();
    const undeclared = run([euro], db.file);
    expect(undeclared.code).toBe(1);
    expect(undeclared.out).toContain('Separator: semicolon (;), detected from the header line.');
    expect(undeclared.out).toContain('Number format: decimal comma (1.250,5), implied by the semicolon separator;');
    expect(undeclared.out).toContain('Ignored columns: patient_name, order_no.');
    expect(undeclared.out).toContain("value: 12.500 could be twelve point five or twelve thousand five hundred: declare the file's number format.");
    expect(undeclared.out).toContain('give --decimal point or --decimal comma.');
    expect(tableCounts()).toEqual(before);

    const usage = run([euro, '--decimal', 'semicolon'], db.file);
    expect(usage).toMatchObject({ code: 2, out: expect.stringContaining('--decimal takes comma, for numbers written 1.250,5, or point, for 1,250.5') });
    expect(run([euro, '--decimal'], db.file).code).toBe(2);
    expect(tableCounts()).toEqual(before);

    const declared = run(['--decimal', 'comma', euro], db.file);
    expect(declared.out).toContain('Number format: decimal comma (1.250,5), as declared.');
    expect(declared.code).toBe(0);
    expect(sqlite().prepare("SELECT value, unit, value_ul FROM enzyme_results WHERE accession = '' ORDER BY collected_on DESC LIMIT 2").all())
      .toEqual([{ value: 3.5, unit: 'ukat/L', value_ul: 210 }, { value: 12500, unit: 'U/L', value_ul: 12500 }]);
  });

  it('reports a file that is not CSV text and exits 1', () => {
    const garbage = path.join(dir, 'garbage.csv');
    fs.writeFileSync(garbage, Buffer.from([0xff, 0xfe, 0x6d, 0x00, 0x72, 0x00, 0x6e, 0x00]));
    const res = run([garbage], db.file);
    expect(res.code).toBe(1);
    expect(res.out).toContain('File refused: Line 1 contains bytes that are not valid UTF-8');
  });
});
