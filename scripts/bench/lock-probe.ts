import Database from '../../db/sqlite-driver';

/**
 * Polls SQLite's write lock from its own connection (busy_timeout 0) every few ms, to see
 * from outside how long another process holds it. `heldNow` says whether it was held at
 * the last poll; `stop` gives the longest stretch held. Used by the import-under-load
 * bench and the reliability test.
 */
export function lockProbe(dbFile: string) {
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 0');
  let since: number | null = null;
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      if (since !== null) longest = Math.max(longest, now - since);
      since = null;
    } catch {
      since ??= now;
    }
  }, 5);
  return {
    heldNow: () => since !== null,
    stop() {
      clearInterval(timer);
      db.close();
      return longest;
    },
  };
}
