import 'server-only';
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
