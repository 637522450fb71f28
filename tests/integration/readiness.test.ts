/**
 * Issue 23, readiness: GET /api/health says 200 only when the database opens, a read
 * works, every migration is applied (none from a newer version) and the disk has room;
 * otherwise 503 with the part that failed, in words, with no path or secret. The
 * liveness answer (GET /api/health/live) never touches the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET as readiness } from '@/app/api/health/route';
import { GET as liveness } from '@/app/api/health/live/route';
import { closeDb, getDb, openDatabaseFile } from '@/db/client';
import { useTempDatabase } from '../setup/temp-db';

interface Body { ok: boolean; checks: Record<'database' | 'read' | 'migrations' | 'disk', { ok: boolean; detail: string }> }

let db: ReturnType<typeof useTempDatabase>;
beforeEach(() => {
  db = useTempDatabase();
});
afterEach(() => {
  delete process.env.TITERLINE_MIN_FREE_MB;
  db.dispose();
});

async function ask(): Promise<{ status: number; body: Body; text: string }> {
  const res = readiness();
  const text = await res.text();
  expect(res.headers.get('cache-control')).toBe('no-store');
  return { status: res.status, body: JSON.parse(text) as Body, text };
}

/** Nothing that helps an attacker: no file path, no directory, no secret, no SQLite error text. */
function expectNothingSecret(text: string): void {
  expect(text).not.toContain(path.dirname(db.file));
  expect(text).not.toContain('.db');
  expect(text).not.toMatch(/SQLITE_|sqlite3|secret/i);
}

describe('GET /api/health (readiness)', () => {
  it('is 200 with every part ok on a migrated database with room on its disk', async () => {
    const { status, body, text } = await ask();
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'disk', 'migrations', 'read']);
    for (const c of Object.values(body.checks)) expect(c.ok).toBe(true);
    expect(body.checks.migrations.detail).toMatch(/^all \d+ migrations applied$/);
    expectNothingSecret(text);
  });

  it('is 503 when the database file is missing, and does not create it', async () => {
    closeDb();
    fs.rmSync(db.file);
    fs.rmSync(`${db.file}-wal`, { force: true });
    const { status, body, text } = await ask();
    expect(status).toBe(503);
    expect(body.checks.database).toEqual({ ok: false, detail: expect.stringMatching(/does not exist/) });
    expect(body.checks.read.ok).toBe(false);
    expect(body.checks.migrations.ok).toBe(false);
    expect(fs.existsSync(db.file)).toBe(false);
    expect(openDatabaseFile()).toBeNull();
    expectNothingSecret(text);
  });

  it('is 503 when the file is not a database', async () => {
    closeDb();
    fs.writeFileSync(db.file, 'this is not an SQLite file '.repeat(200));
    const { status, body, text } = await ask();
    expect(status).toBe(503);
    expect(body.checks.database).toEqual({ ok: false, detail: 'the database could not be opened' });
    expectNothingSecret(text);
  });

  it('is 503 when a read fails (a table the code needs is gone)', async () => {
    getDb().$client.exec('PRAGMA foreign_keys = OFF; DROP TABLE users;');
    const { status, body } = await ask();
    expect(status).toBe(503);
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.read).toEqual({ ok: false, detail: 'a read of the database failed' });
  });

  it('is 503 when migrations are behind, and names how many', async () => {
    getDb().$client.exec('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)');
    const { status, body } = await ask();
    expect(status).toBe(503);
    expect(body.checks.migrations).toEqual({ ok: false, detail: '1 migration is not applied: run npm run db:migrate (npm start does it)' });
    expect(body.checks.read.ok).toBe(true);
  });

  it('is 503 when the database was migrated by a newer version', async () => {
    getDb().$client.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', Date.now() + 86_400_000 * 365);
    const { status, body } = await ask();
    expect(status).toBe(503);
    expect(body.checks.migrations.detail).toMatch(/newer version/);
  });

  it('is 503 when the disk has less free space than TITERLINE_MIN_FREE_MB', async () => {
    const freeMb = Math.floor((Number(fs.statfsSync(os.tmpdir()).bavail) * Number(fs.statfsSync(os.tmpdir()).bsize)) / 2 ** 20);
    process.env.TITERLINE_MIN_FREE_MB = String(freeMb + 1_000_000);
    const { status, body } = await ask();
    expect(status).toBe(503);
    expect(body.checks.disk).toEqual({ ok: false, detail: `less than ${freeMb + 1_000_000} MB free on the database's disk` });
    for (const part of ['database', 'read', 'migrations'] as const) expect(body.checks[part].ok).toBe(true);
  });
});

describe('GET /api/health/live (liveness)', () => {
  it('is 200 without opening the database, even when the database is gone', async () => {
    closeDb();
    fs.rmSync(path.dirname(db.file), { recursive: true, force: true });
    const res = liveness();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(openDatabaseFile()).toBeNull();
    expect(fs.existsSync(db.file)).toBe(false);
  });
});
