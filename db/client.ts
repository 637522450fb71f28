import Database, { type SqliteConnection } from './sqlite-driver';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { log } from '../lib/ops/log';

export type Db = BetterSQLite3Database<typeof schema> & { $client: SqliteConnection };

/** The database file: `TITERLINE_DB`, default ./data/titerline.db (architecture.md, Runtime). */
export function databasePath(): string {
  // The path comes from the environment at run time; keep the bundler from tracing it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.TITERLINE_DB ?? './data/titerline.db');
}

/**
 * Opens a SQLite file with the pragmas the product relies on: WAL for concurrent
 * readers, synchronous=FULL so an acknowledged write survives power loss, foreign
 * keys on, and a busy timeout so a second writer waits instead of failing.
 */
export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(/*turbopackIgnore: true*/ file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return drizzle(sqlite, { schema }) as Db;
}

const cache = globalThis as unknown as { __titerlineDb?: { file: string; db: Db } };

type CloseHook = (db: Db) => void;
const closeHooks: CloseHook[] = [];

/**
 * Runs `hook` before the cached connection is closed (closeDb, or a switch to another
 * file): the audit trail writes its last checkpoint of what this process wrote there.
 */
export function beforeDbClose(hook: CloseHook): void {
  if (!closeHooks.includes(hook)) closeHooks.push(hook);
}

function closeConnection(db: Db): void {
  for (const hook of closeHooks) {
    try {
      hook(db);
    } catch (e) {
      log().error({ err: e }, 'Before closing the database');
    }
  }
  db.$client.close();
}

/** One connection per process, cached on globalThis so dev reloads reuse it. */
export function getDb(): Db {
  const file = databasePath();
  if (!cache.__titerlineDb || cache.__titerlineDb.file !== file) {
    if (cache.__titerlineDb) closeConnection(cache.__titerlineDb.db);
    cache.__titerlineDb = { file, db: openDatabase(file) };
  }
  return cache.__titerlineDb.db;
}

/** The file of this process's open connection, or null when none is open (a timer must not reopen a closed one). */
export function openDatabaseFile(): string | null {
  return cache.__titerlineDb?.file ?? null;
}

/** Closes the cached connection (tests, CLIs). */
export function closeDb(): void {
  if (cache.__titerlineDb) closeConnection(cache.__titerlineDb.db);
  cache.__titerlineDb = undefined;
}
