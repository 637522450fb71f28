/**
 * Issue 23: `npm run backup` with TITERLINE_BACKUP_DIR (the folder the systemd unit lets
 * the service write) makes a new time-stamped copy there, and logs one JSON line with
 * its duration and size and nothing else; without the folder or --out it says how to
 * call it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import { makeActor } from '../setup/actors';
import { newPatient } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

const ROOT = path.resolve(__dirname, '../..');
let tmp: ReturnType<typeof useTempDatabase>;
let backups: string;

beforeAll(async () => {
  tmp = useTempDatabase();
  newPatient(await makeActor('nurse'), { mrn: 'MRN-BACKUP-77', familyName: 'Backupson' });
  closeDb();
  backups = path.join(path.dirname(tmp.file), 'backups');
  fs.mkdirSync(backups);
});
afterAll(() => tmp.dispose());

const backup = (env: Record<string, string>, args: string[] = []) =>
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', path.join(ROOT, 'scripts/backup.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TITERLINE_DB: tmp.file, TITERLINE_BACKUP_DIR: '', ...env },
  });

describe('npm run backup into TITERLINE_BACKUP_DIR', () => {
  it('writes a time-stamped copy there and logs its duration as one JSON line without patient data', () => {
    const res = backup({ TITERLINE_BACKUP_DIR: backups });
    expect(res.status, res.stderr).toBe(0);
    const files = fs.readdirSync(backups).filter((f) => f.endsWith('.db'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^titerline-\d{8}-\d{6}\.db$/);
    // A command's log lines go to stderr (lib/ops/log.ts); stdout is its report.
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.msg === 'backup');
    expect(line).toMatchObject({ level: 'info', integrityOk: true, auditTrailIntact: true, bytes: fs.statSync(path.join(backups, files[0]!)).size });
    expect(typeof line?.durationMs).toBe('number');
    expect(res.stdout + res.stderr).not.toMatch(/MRN-BACKUP-77|Backupson/);
  }, 90_000);

  it('says how to call it when there is neither --out nor TITERLINE_BACKUP_DIR', () => {
    const res = backup({});
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('Usage: npm run backup -- --out FILE (or set TITERLINE_BACKUP_DIR and run npm run backup)');
  }, 90_000);
});
