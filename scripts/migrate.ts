/** Applies pending migrations to TITERLINE_DB (run before dev, start, demo and tests). */
import { databasePath, getDb, closeDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { chainWaitingReadEvents } from '../lib/dal/read-audit';

runMigrations(getDb());
// Start-up: read events a stopped or crashed server left in the journal join the chain now.
chainWaitingReadEvents();
closeDb();
console.log(`Database ready: ${databasePath()}`);
