/** better-sqlite3 13 under another name (db/sqlite-driver.ts): the same API as 12, whose types it borrows. */
declare module 'better-sqlite3-napi' {
  import Database from 'better-sqlite3';
  export default Database;
}
