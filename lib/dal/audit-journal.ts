import 'server-only';
import Database from '@/db/sqlite-driver';
import { eq } from 'drizzle-orm';
import { databasePath, type Db } from '@/db/client';
import { settings } from '@/db/schema';
import { busy, isSqliteBusy } from '../errors';
import { appendAudit, toJson, type AuditActor, type AuditInput } from './audit';
import type { Origin } from './actor';
import { log } from '../ops/log';

/**
 * The read journal: where the audit events of reads (record views, exports) are
 * written first, durably, without the database's write lock, so a view never waits
 * behind an import (docs/decisions/0025-concurrent-load). A small SQLite file beside the
 * database (`<db>.audit-journal`, WAL, its own lock, held for microseconds), append
 * only. The next write transaction on the database, a drain a second after a read
 * (read-audit.ts) and start-up chain its events into audit_events, in journal order,
 * each keeping its own time. Each event is numbered (`seq`, never reused); the
 * database remembers the last number chained, in the same transaction as the chained
 * events (settings `audit-journal-drained`, with the journal's random id), so a drain
 * repeated after a crash chains nothing twice. The two files commit separately (WAL
 * makes a transaction atomic per file only): chained rows are deleted from the
 * journal after the database commits, and a crash in between leaves rows the
 * remembered number skips.
 */

const MARK_KEY = 'audit-journal-drained';
/** Events chained per write transaction at most: a backlog is chained over several, none held long. */
const DRAIN_BATCH = 5_000;

/** The journal's file for a database file. */
export const journalPath = (dbFile: string = databasePath()) => `${dbFile}.audit-journal`;

interface JournalRow {
  seq: number; at: string; user_id: number | null; user_email: string | null; role: string | null; origin: string;
  action: string; entity: string; entity_id: string | null; patient_id: number | null; before_json: string | null; after_json: string | null; reason: string | null;
}

function open(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // A read's event survives a crash of the process; a power cut can lose the last few
  // (the trade-off of decision 10). Exports ask for FULL on their own event.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_id INTEGER, user_email TEXT, role TEXT,
      origin TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT, patient_id INTEGER, before_json TEXT, after_json TEXT, reason TEXT);
    INSERT OR IGNORE INTO meta (key, value) VALUES ('journal_id', lower(hex(randomblob(16))));`);
  return {
    file,
    db,
    id: db.prepare("SELECT value FROM meta WHERE key = 'journal_id'").pluck().get() as string,
    insert: db.prepare(`INSERT INTO events (at, user_id, user_email, role, origin, action, entity, entity_id, patient_id, before_json, after_json, reason)
      VALUES (@at, @userId, @userEmail, @role, @origin, @action, @entity, @entityId, @patientId, @beforeJson, @afterJson, @reason)`),
    after: db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
    countAfter: db.prepare('SELECT count(*) FROM events WHERE seq > ?').pluck(),
    first: db.prepare('SELECT min(seq) FROM events').pluck(),
    prune: db.prepare('DELETE FROM events WHERE seq <= ?'),
    full: db.prepare('PRAGMA synchronous = FULL'),
    normal: db.prepare('PRAGMA synchronous = NORMAL'),
  };
}

type Journal = ReturnType<typeof open>;
const cache = globalThis as unknown as { __titerlineJournal?: Journal };

/** This process's connection to the journal of the current database (opened, and created, on first use). */
function journal(): Journal {
  const file = journalPath();
  if (cache.__titerlineJournal?.file !== file) {
    cache.__titerlineJournal?.db.close();
    cache.__titerlineJournal = open(file);
  }
  return cache.__titerlineJournal;
}

/** Closes the journal connection (tests that delete their files, CLIs). */
export function closeJournal(): void {
  cache.__titerlineJournal?.db.close();
  cache.__titerlineJournal = undefined;
}

/**
 * Writes one read's event to the journal, committed before this returns. `durable`
 * (exports: data left the system) commits it with a full sync.
 */
export function appendToJournal(actor: AuditActor, input: AuditInput, durable = false): void {
  const j = journal();
  const row = {
    at: input.at ?? new Date().toISOString(), userId: actor.userId, userEmail: actor.email, role: actor.role, origin: actor.origin,
    action: input.action, entity: input.entity, entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
    patientId: input.patientId ?? null, beforeJson: toJson(input.before), afterJson: toJson(input.after), reason: input.reason ?? null,
  };
  try {
    if (!durable) return void j.insert.run(row);
    j.full.run();
    try {
      j.insert.run(row);
    } finally {
      j.normal.run();
    }
  } catch (e) {
    // Only appenders and the pruner take the journal's lock, each for microseconds.
    if (isSqliteBusy(e)) throw busy('The audit trail is busy; nothing was shown. Try again in a moment.');
    throw e;
  }
}

type SettingsTx = Pick<Db, 'select' | 'insert'>;

/** The last journal number chained into this database (0 for another journal, or none yet). */
function drainedUpTo(tx: Pick<Db, 'select'>, journalId: string): number {
  const row = tx.select({ v: settings.valueJson }).from(settings).where(eq(settings.key, MARK_KEY)).get();
  if (!row) return 0;
  const mark = JSON.parse(row.v) as { journal?: unknown; seq?: unknown };
  return mark.journal === journalId && typeof mark.seq === 'number' ? mark.seq : 0;
}

/** What a drain left to delete from the journal once the database has committed. */
export interface Drained { journalFile: string; upTo: number }

const parse = (json: string | null): unknown => (json === null ? undefined : JSON.parse(json));

/**
 * Chains the journal's waiting events into audit_events inside `tx`, the caller's
 * write transaction on the database (it holds the write lock, so no other process
 * drains or chains at the same time), and records the last number chained in the
 * same transaction. Returns what to prune after the commit, or null when nothing is
 * waiting or left over.
 */
export function drainJournalInto(tx: SettingsTx): Drained | null {
  const j = journal();
  const done = drainedUpTo(tx, j.id);
  const rows = j.after.all(done, DRAIN_BATCH) as JournalRow[];
  if (!rows.length) {
    const first = j.first.get() as number | null;
    return first !== null && first <= done ? { journalFile: j.file, upTo: done } : null;
  }
  for (const r of rows) {
    const actor: AuditActor = { userId: r.user_id, email: r.user_email, role: r.role, origin: r.origin as Origin };
    appendAudit(tx, actor, {
      action: r.action, entity: r.entity, entityId: r.entity_id, patientId: r.patient_id, before: parse(r.before_json), after: parse(r.after_json), reason: r.reason, at: r.at,
    });
  }
  const upTo = rows[rows.length - 1]!.seq;
  const value = JSON.stringify({ journal: j.id, seq: upTo });
  const at = new Date().toISOString();
  tx.insert(settings).values({ key: MARK_KEY, valueJson: value, updatedAt: at, updatedBy: null })
    .onConflictDoUpdate({ target: settings.key, set: { valueJson: value, updatedAt: at } }).run();
  return { journalFile: j.file, upTo };
}

/** Deletes chained events from the journal (after the database committed them); a failure only leaves rows the next drain skips. */
export function pruneJournal(d: Drained): void {
  const j = journal();
  if (j.file !== d.journalFile) return;
  try {
    j.prune.run(d.upTo);
  } catch (e) {
    log().error({ err: e }, 'Could not prune the audit journal (the next drain skips these events)');
  }
}

/** Events in the journal not yet chained into this database (`tx`: a read of the database). */
export function journalBacklog(tx: Pick<Db, 'select'>): number {
  const j = journal();
  return j.countAfter.get(drainedUpTo(tx, j.id)) as number;
}
