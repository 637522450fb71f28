/**
 * `npm run import -- bundle.json --dry-run` (issue 18, item 5): the same report as the
 * page's preview, in words, writing nothing; then the import itself, and a re-send.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import { confirmCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { makeActor } from '../setup/actors';
import { daysAgo } from '../setup/dal-helpers';
import { hospitalLabBundle } from '../setup/hospital-bundle';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function run(args: string[], dbFile: string) {
  closeDb();
  const res = spawnSync(TSX, ['--conditions=react-server', path.join(ROOT, 'scripts/import.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TITERLINE_DB: dbFile } });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

describe('npm run import (a FHIR Bundle)', { timeout: 120_000 }, () => {
  let db: ReturnType<typeof useTempDatabase>;
  let file: string;
  beforeAll(() => {
    db = useTempDatabase();
    file = path.join(path.dirname(db.file), 'hospital.json');
    fs.writeFileSync(file, JSON.stringify(hospitalLabBundle(daysAgo(12))));
  });
  afterAll(() => db.dispose());

  it('dry-runs: says what would be created, the codes to map with their candidates, and writes nothing', () => {
    const before = tableCounts();
    const dry = run([file, '--dry-run'], db.file);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('Dry run: nothing was written. The Bundle would NOT import.');
    expect(dry.out).toMatch(/patients: 1 new, 0 matched by MRN; 0 anti-Mi2 and 3 enzyme results/);
    expect(dry.out).toMatch(/to map +http:\/\/hospital\.example\.org\/fhir\/lab-codes\|MI2B-LB from Reference lab A .*best candidate Anti-Mi-2 beta antibody: Mi-2β line blot/);
    expect(dry.out).toMatch(/to map +http:\/\/www\.nlm\.nih\.gov\/research\/umls\/rxnorm\|68149 .*best candidate Mycophenolate mofetil/);
    expect(dry.out).toMatch(/context +entry 6 Specimen #6/);
    expect(tableCounts()).toEqual(before);
  });

  it('after the codes are mapped: a clean dry run, the import, and a re-send that changes nothing', async () => {
    const nurse = await makeActor('nurse');
    for (const m of importFhirBundle(nurse, fs.readFileSync(file, 'utf8'), { dryRun: true }).mappings) confirmCodeMapping(nurse, { key: m.key, target: m.best });
    const before = tableCounts();
    const dry = run(['--dry-run', file], db.file);
    expect(dry).toMatchObject({ code: 0, out: expect.stringContaining('Dry run: nothing was written. The Bundle would import.') });
    expect(dry.out).toMatch(/1 anti-Mi2 and 3 enzyme results; 1 medication epoch; 2 recognised through the code map/);
    expect(tableCounts()).toEqual(before);
    const done = run([file], db.file);
    expect(done).toMatchObject({ code: 0, out: expect.stringMatching(/^Imported\./) });
    const after = tableCounts();
    expect(after.antibody_results).toBe((before.antibody_results ?? 0) + 1);
    const again = run([file], db.file);
    expect(again.out).toMatch(/5 already present/);
    expect(tableCounts()).toEqual(after);
  });
});
