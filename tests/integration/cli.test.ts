import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from '@/db/sqlite-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Runs a CLI script the way `npm run` does, against the temp database. */
function run(script: string, args: string[], dbFile: string, stdin = '') {
  const res = spawnSync(TSX, ['--conditions=react-server', path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT, input: stdin, encoding: 'utf8', env: { ...process.env, TITERLINE_DB: dbFile },
  });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

describe('command-line tools', { timeout: 90_000 }, () => {
  let db: ReturnType<typeof useTempDatabase>;
  beforeAll(() => {
    db = useTempDatabase();
    closeDb();
  });
  afterAll(() => db.dispose());

  it('user:add refuses bad input with a clear message and writes nothing', () => {
    const before = tableCounts();
    closeDb();
    const short = run('user-add.ts', ['--email', 'a@clinic.org', '--name', 'A', '--role', 'admin'], db.file, 'short\n');
    expect(short.code).toBe(2);
    expect(short.out).toContain('Password must be at least 12 characters.');
    const role = run('user-add.ts', ['--email', 'a@clinic.org', '--name', 'A', '--role', 'superuser'], db.file, 'long enough password\n');
    expect(role.code).toBe(2);
    expect(role.out).toContain('Role must be one of: admin, physician, nurse, reviewer.');
    const email = run('user-add.ts', ['--email', 'not-an-email', '--name', 'A', '--role', 'nurse'], db.file, 'long enough password\n');
    expect(email.code).toBe(2);
    expect(email.out).toContain('Enter a valid email address');
    const usage = run('user-add.ts', ['--email', 'a@clinic.org'], db.file);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('Usage: npm run user:add');
    expect(tableCounts()).toEqual(before);
  });

  it('user:add creates a user from a piped password, and refuses the same email twice', () => {
    const ok = run('user-add.ts', ['--email', 'Ada@Clinic.org', '--name', 'Ada Admin', '--role', 'admin'], db.file, 'a long admin passphrase\n');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Created admin Ada Admin <ada@clinic.org>');
    const again = run('user-add.ts', ['--email', 'ada@clinic.org', '--name', 'Ada', '--role', 'nurse'], db.file, 'a long admin passphrase\n');
    expect(again.code).toBe(2);
    expect(again.out).toContain('already exists');
  });

  it('audit:verify passes on an intact chain and fails after the file is tampered with', () => {
    const ok = run('audit-verify.ts', [], db.file);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Audit trail intact: \d+ events verified/);

    // An attacker with the file: drop the guard triggers, then rewrite history.
    const raw = new Database(db.file);
    expect(() => raw.prepare("UPDATE audit_events SET reason = 'x'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.prepare("UPDATE audit_events SET after_json = '{\"role\":\"nurse\"}' WHERE id = 1").run();
    raw.close();

    const broken = run('audit-verify.ts', [], db.file);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('AUDIT TRAIL PROBLEM');
    expect(broken.out).toContain('event 1 does not match its signature');
  });
});
