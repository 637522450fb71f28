import 'server-only';
import { getTableColumns, getTableName, type Placeholder } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getDb, type Db } from '@/db/client';

/**
 * A set of statements prepared once per database connection. Un-prepared drizzle
 * calls build their SQL text and have SQLite compile it on every call (50-500 us
 * each); a prepared statement runs in about 10 us, which is what lets an import write
 * 100,000 results (each with its audit event) in seconds. Keyed by the connection
 * object, so a reopened database (tests, CLIs) prepares afresh. The statements run on
 * the process's one connection, hence inside whatever transaction it has open.
 */
export function preparedPerConnection<T>(build: (db: Db) => T): () => T {
  const cache = new WeakMap<Db, T>();
  return () => {
    const db = getDb();
    let statements = cache.get(db);
    if (!statements) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}

/**
 * An INSERT whose SQL drizzle wrote (no hand-written column list), run as a plain
 * better-sqlite3 statement with its values by position; returns the new rowid.
 * Every audited change and every stored signal pays one: drizzle's per-call
 * placeholder mapping (and a RETURNING read) cost as much as SQLite's work. Only for
 * columns stored as given (text, numbers, null): values are not mapped.
 */
export function positionalInsert(db: Db, query: { sql: string; params: unknown[] }): (row: Record<string, unknown>) => number {
  // Each parameter must be a drizzle Param wrapping a Placeholder named in the values.
  const order = query.params.map((x, i) => {
    const name = (x as { value?: { name?: unknown } }).value?.name;
    if (typeof name !== 'string') throw new Error(`positionalInsert: parameter ${i + 1} of "${query.sql}" is not a placeholder.`);
    return name;
  });
  const insert = db.$client.prepare(query.sql);
  return (row) => {
    const values = order.map((k) => {
      const v = row[k];
      // better-sqlite3 would store undefined as NULL: a misspelt key must fail, not lose a value.
      if (v === undefined) throw new Error(`positionalInsert: no value for "${k}".`);
      return v;
    });
    return Number(insert.run(...values).lastInsertRowid);
  };
}

interface ParamLike {
  value: { name?: string };
  encoder: { mapToDriverValue(v: unknown): unknown };
}

/**
 * An `INSERT ... RETURNING` of every column whose SQL drizzle builds once, run as a
 * plain better-sqlite3 statement: named values in (each through its column's own
 * driver mapping, as drizzle's fillPlaceholders does), and the same row object
 * drizzle's `.returning().get()` gives back (table column order, each value through
 * the column's mapFromDriverValue, null kept as null). The FHIR import runs one per row,
 * and drizzle's per-call mapping cost as much as SQLite's insert (docs/performance.md).
 */
export function insertReturning<T extends SQLiteTable>(db: Db, table: T, values: Record<string, Placeholder>): (args: Record<string, unknown>) => T['$inferSelect'] {
  const query = db.insert(table).values(values as never).returning().toSQL();
  // Placeholders stay wrapped in a drizzle Param; every other value (a column default) is already the driver's.
  const isPlaceholder = (x: unknown): x is ParamLike => typeof x === 'object' && x !== null && typeof (x as ParamLike).value?.name === 'string';
  const params = query.params as unknown[];
  const keys = Object.keys(getTableColumns(table));
  const columns = Object.values(getTableColumns(table));
  const statement = db.$client.prepare(query.sql).raw();
  return (args) => {
    const bound: unknown[] = new Array(params.length);
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      if (!isPlaceholder(p)) {
        bound[i] = p;
        continue;
      }
      const name = p.value.name as string;
      if (!(name in args)) throw new Error(`No value for placeholder "${name}" was provided`);
      bound[i] = p.encoder.mapToDriverValue(args[name]);
    }
    const row = statement.get(bound) as unknown[] | undefined;
    if (!row) throw new Error(`Inserting into ${getTableName(table)} returned no row.`);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) out[keys[i]!] = row[i] === null ? null : columns[i]!.mapFromDriverValue(row[i]);
    return out as T['$inferSelect'];
  };
}

