import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';

/**
 * Points TITERLINE_DB at a fresh SQLite file in a temp dir and applies the real
 * migrations from drizzle/. Call in beforeAll/beforeEach; `dispose` in afterAll.
 */
export function useTempDatabase(): { file: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-test-'));
  const file = path.join(dir, 'test.db');
  process.env.TITERLINE_DB = file;
  closeDb();
  runMigrations(getDb());
  return {
    file,
    dispose: () => {
      closeDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database file for every test of the file (`setup` runs on it first, e.g. to
 * create users), removed after the test.
 */
export function databasePerTest(setup?: () => unknown): void {
  let db: ReturnType<typeof useTempDatabase> | undefined;
  beforeEach(async () => {
    db = useTempDatabase();
    await setup?.();
  });
  afterEach(() => db?.dispose());
}

/** Row counts of every table, to prove a refused call changed nothing. */
export function tableCounts(): Record<string, number> {
  const db = getDb().$client;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as { name: string }[];
  return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
}
