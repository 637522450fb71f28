import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from '@/db/sqlite-driver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, getDb, openDatabase } from '@/db/client';
import { verifyAuditChain } from '@/lib/dal/audit';
import { createPatient } from '@/lib/dal/patients';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { cliActor } from '@/lib/dal/actor';
import { clinicToday } from '@/lib/clinic-time';
import { useTempDatabase } from '../setup/temp-db';
import { startWriter } from './processes';

const ROOT = path.resolve(__dirname, '../..');
const physician = { ...cliActor(), role: 'physician' as const };

function reopenAndCheck(file: string) {
  closeDb();
  const db = openDatabase(file);
  const integrity = db.$client.pragma('integrity_check', { simple: true });
  const chain = verifyAuditChain(db);
  const ids = (db.$client.prepare('SELECT id FROM enzyme_results').all() as { id: number }[]).map((r) => r.id);
  const visits = (db.$client.prepare('SELECT id FROM visits').all() as { id: number }[]).map((r) => r.id);
  db.$client.close();
  return { integrity, chain, ids, visits };
}

describe('durability and concurrent writers (separate processes, real files)', { timeout: 120_000 }, () => {
  let tmp: ReturnType<typeof useTempDatabase>;
  let patientId: number;
  beforeEach(() => {
    tmp = useTempDatabase();
    patientId = createPatient(physician, { mrn: 'DUR-1', familyName: 'Durable', givenName: 'Dana', birthDate: '1940-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
    closeDb();
  });
  afterEach(() => tmp.dispose());

  it('SIGKILL in the middle of a stream of writes loses no acknowledged write and leaves the file sound', async () => {
    const w = startWriter(tmp.file, 'enzymes', patientId, 5000);
    while (w.acked.length < 40) await new Promise((r) => setTimeout(r, 20));
    w.child.kill('SIGKILL');
    await w.exited;
    const after = reopenAndCheck(tmp.file);
    expect(after.integrity).toBe('ok');
    expect(after.chain.ok).toBe(true);
    for (const id of w.acked) expect(after.ids).toContain(id);
    // At most the one write in flight may be present beyond the acknowledged ones.
    expect(after.ids.length - w.acked.length).toBeLessThanOrEqual(1);
  });

  it('SIGKILL in the middle of a large CSV import leaves none of it, and a sound file', async () => {
    // Big enough to be still inside its one transaction 1.5 s in on a fast machine (the import runs at ~30,000 rows/s).
    const w = startWriter(tmp.file, 'import', patientId, 250_000);
    while (!w.events.includes('started')) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1500));
    expect(w.events.some((e) => e.startsWith('imported'))).toBe(false); // still running when killed
    w.child.kill('SIGKILL');
    await w.exited;
    const after = reopenAndCheck(tmp.file);
    expect(after.integrity).toBe('ok');
    expect(after.chain.ok).toBe(true);
    expect(after.ids).toEqual([]);
  });

  it('two processes writing at once both finish: no SQLITE_BUSY reaches them, no write is lost', async () => {
    const a = startWriter(tmp.file, 'enzymes', patientId, 150);
    const b = startWriter(tmp.file, 'visits', patientId, 150);
    const [codeA, codeB] = await Promise.all([a.exited, b.exited]);
    expect(a.stderr()).not.toMatch(/SQLITE_BUSY|locked/i);
    expect(b.stderr()).not.toMatch(/SQLITE_BUSY|locked/i);
    expect([codeA, codeB]).toEqual([0, 0]);
    const after = reopenAndCheck(tmp.file);
    expect(after.ids.sort((x, y) => x - y)).toEqual([...a.acked].sort((x, y) => x - y));
    expect(after.visits.sort((x, y) => x - y)).toEqual([...b.acked].sort((x, y) => x - y));
    expect(after.chain.ok).toBe(true);
    expect(after.chain.checked).toBeGreaterThanOrEqual(300);
  });

  it('backup while writing, more writes, restore: the database is exactly the backup again', async () => {
    process.env.TITERLINE_DB = tmp.file;
    recordEnzymeResult(physician, patientId, { analyte: 'ck', collectedOn: clinicToday(), value: '321', unit: 'U/L', upperLimit: '200' });
    closeDb();
    const backupFile = path.join(path.dirname(tmp.file), 'backup.db');
    const writer = startWriter(tmp.file, 'visits', patientId, 100);
    const run = (script: string, args: string[]) => spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['--conditions=react-server', path.join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TITERLINE_DB: tmp.file } });
    const backup = run('backup.ts', ['--out', backupFile]);
    expect(backup.stdout).toContain('integrity_check: ok');
    expect(backup.stdout).toMatch(/audit chain: intact/);
    expect(backup.status).toBe(0);
    await writer.exited;
    const snapshot = new Database(backupFile, { readonly: true });
    const backedUp = snapshot.prepare('SELECT count(*) AS n FROM visits').get() as { n: number };
    const auditInBackup = snapshot.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number };
    snapshot.close();
    expect(reopenAndCheck(tmp.file).visits.length).toBe(100);

    const restore = run('restore.ts', [backupFile, '--yes']);
    expect(restore.status).toBe(0);
    const restored = reopenAndCheck(tmp.file);
    expect(restored.visits.length).toBe(backedUp.n);
    expect(restored.chain.checked).toBe(auditInBackup.n + 1); // and the restore's own audit.restore event
    expect(fs.readdirSync(path.dirname(tmp.file)).some((f) => f.includes('before-restore'))).toBe(true);
    process.env.TITERLINE_DB = tmp.file;
    expect(getDb().$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('restore refuses a file that is not a sound Titerline database', () => {
    const junk = path.join(path.dirname(tmp.file), 'junk.db');
    fs.writeFileSync(junk, 'this is not sqlite');
    const res = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['--conditions=react-server', path.join(ROOT, 'scripts/restore.ts'), junk], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TITERLINE_DB: tmp.file } });
    expect(res.status).not.toBe(0);
    expect(`${res.stdout}${res.stderr}`).toMatch(/not a SQLite database|Refused/);
    expect(reopenAndCheck(tmp.file).integrity).toBe('ok');
  });
});
