/** Applies pending migrations to TITERLINE_DB (run before dev, start, demo and tests). */
import { databasePath, getDb, closeDb } from '../db/client';
import { runMigrations } from '../db/migrate';

runMigrations(getDb());
closeDb();
console.log(`Database ready: ${databasePath()}`);
