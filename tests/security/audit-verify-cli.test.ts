/**
 * Issue 20, item 3, as the clinic's IT person meets it: `npm run audit:verify` exit codes
 * and messages on a tampered, an unverifiable and an intact trail, and the backup and
 * restore story with checkpoints (a restored older backup is reported as restored, a
 * backup put back by hand is not silently accepted), and key rotation from the shell.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { forgetAuditKeys } from '@/lib/dal/audit-keys';
import { useTempDatabase } from '../setup/temp-db';
import { roleChanges, seedSignedTrail } from './signed-trail';
import { deleteLast, editAndRechain } from './audit-attacker';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor;
let nurse: Actor;

function run(script: string, args: string[] = []) {
  closeDb(); // the commands need the file to themselves (restore) and see what was committed
  const env: NodeJS.ProcessEnv = { ...process.env, TITERLINE_DB: db.file };
  for (const k of ['TITERLINE_AUDIT_KEY', 'TITERLINE_AUDIT_KEY_FILE', 'TITERLINE_AUDIT_CHECKPOINTS']) delete env[k];
  const res = spawnSync(TSX, ['--conditions=react-server', path.join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', env });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

function events(n: number): void {
  roleChanges(admin, nurse, n);
  closeDb();
}

beforeEach(async () => {
  forgetAuditKeys();
  db = useTempDatabase();
  ({ admin, nurse } = await seedSignedTrail()); // 40 events
  closeDb(); // the command opens the file itself
});
afterEach(() => db.dispose());

describe('npm run audit:verify', { timeout: 120_000 }, () => {
  it('exit 0 when intact, 1 with what is missing after the last 25 events are deleted, 2 without the key', () => {
    const ok = run('audit-verify.ts');
    expect(ok.out).toMatch(/Audit trail intact: 40 events verified in .*test\.db\.\n {2}Checkpoints: \d+ verified in .*test\.db\.audit-checkpoints/);
    expect(ok.code).toBe(0);

    deleteLast(db.file, 25);
    const cut = run('audit-verify.ts');
    expect(cut.code).toBe(1);
    expect(cut.out).toContain('AUDIT TRAIL PROBLEM in');
    expect(cut.out).toContain('events 16-40 are missing');
    expect(cut.out).toContain('What to do: keep copies of the database, its audit key file and its checkpoint file');

    fs.rmSync(`${db.file}.audit-key`);
    const noKey = run('audit-verify.ts');
    expect(noKey.code).toBe(2);
    expect(noKey.out).toContain('CANNOT CHECK THE AUDIT TRAIL');
  });

  it('a rewritten trail cannot be passed off as a restore with --accept-restore', () => {
    editAndRechain(db.file, 30, (p) => ({ ...p, reason: 'edited' }), { kind: 'unkeyed' });
    const r = run('audit-verify.ts', ['--accept-restore']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Not recorded: --accept-restore only records an older copy of this same database');
    expect(r.out).toContain('event 30 is not signed');
  });
});

describe('backup, restore and checkpoints', { timeout: 120_000 }, () => {
  const backupFile = () => path.join(path.dirname(db.file), 'backup-1.db');

  it('npm run restore of an older backup: verify says "restored from backup at event N", exit 0', () => {
    const b = run('backup.ts', ['--out', backupFile()]);
    expect(b.out).toContain('audit chain: intact (40 events, signed; recorded as backup at event 40)');
    expect(b.code).toBe(0);
    expect(fs.existsSync(`${backupFile()}.audit-checkpoints`)).toBe(true);
    events(10);
    const r = run('restore.ts', [backupFile()]);
    expect(r.out).toContain('recorded as restored from backup at event 40');
    expect(r.code).toBe(0);
    const v = run('audit-verify.ts');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/Note: Restored from backup at event 40 on .* \(backup-1\.db\), recorded by npm run restore; the replaced database had reached event 50 \(kept as .*before-restore-/);
  });

  it('a backup put back by hand is reported, not accepted, until recorded with --accept-restore', () => {
    expect(run('backup.ts', ['--out', backupFile()]).code).toBe(0);
    events(10);
    fs.copyFileSync(backupFile(), db.file);
    const v = run('audit-verify.ts');
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/ends at event 40, but the checkpoint of .* had reached event 50: events 41-50 are missing\. The database is exactly the backup taken .* \(backup-1\.db\): it looks like that backup was put back without npm run restore/);
    expect(v.out).toContain('record it with: npm run audit:verify -- --accept-restore');
    const accept = run('audit-verify.ts', ['--accept-restore']);
    expect(accept.out).toContain('Recorded: the database was restored from a backup that ended at event 40; events 41-50 of the earlier database are not in it.');
    expect(accept.code).toBe(0);
    const again = run('audit-verify.ts');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Restored from backup at event 40 .* recorded by audit:verify --accept-restore; the replaced database had reached event 50/);
  });
});

describe('npm run audit:rotate-key', { timeout: 120_000 }, () => {
  it('adds a key, signs its event with it, keeps the old one; the trail verifies with both', () => {
    const r = run('audit-rotate-key.ts');
    expect(r.code).toBe(0);
    const newId = /New audit key ([0-9a-f]{12}) added/.exec(r.out)?.[1];
    expect(newId).toBeDefined();
    expect(r.out).toContain('Restart the app so it signs with the new key');
    events(2); // this process, like an app not yet restarted, still signs with the old key
    forgetAuditKeys(); // restarted
    events(2);
    const v = run('audit-verify.ts');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(new RegExp(`Signed with key ([0-9a-f]{12}): events 1-40; key ${newId} \\(current\\): events 41-41; key \\1: events 42-43; key ${newId} \\(current\\): events 44-45\\.`));
  });
});
