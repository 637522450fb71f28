import type BetterSqlite3 from 'better-sqlite3';
import Sqlite12 from 'better-sqlite3';
import Sqlite13 from 'better-sqlite3-napi';

/**
 * The SQLite driver for the Node this runs on (docs/decisions/0034-operations.md):
 * better-sqlite3 12 on Node 20, where 13 crashes; 13 (installed as better-sqlite3-napi)
 * on Node 22 and later, because 12 aborts the process on Node 24 when the garbage
 * collector frees a statement. 13 is built on Node-API and ships its binaries, so it
 * needs no build for a newer Node. Both have the same API. Loading either package loads
 * no native code; only opening a database does.
 */
export const SQLITE_DRIVER = Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3 13' : 'better-sqlite3 12';

const Database: typeof Sqlite12 = SQLITE_DRIVER === 'better-sqlite3 13' ? Sqlite13 : Sqlite12;

/** An open connection (the package's `Database.Database`). */
export type SqliteConnection = BetterSqlite3.Database;

export default Database;
