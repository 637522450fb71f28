import 'server-only';
import fs from 'node:fs';
import { beforeDbClose, type Db } from '@/db/client';
import { appendCheckpoint, checkpointFile, type CheckpointRecord } from './audit-checkpoint-file';
import { auditKeyRing } from './audit-keys';
import { log } from '../ops/log';

/**
 * Writes a checkpoint of the trail's head every `TITERLINE_AUDIT_CHECKPOINT_EVENTS`
 * events (default 100) or `TITERLINE_AUDIT_CHECKPOINT_SECONDS` seconds (default 60)
 * after the first event not yet covered, whichever comes first, and whenever the
 * process closes its database (every command-line write) or exits.
 *
 * Never inside the transaction: appendAudit only counts; the checkpoint is taken on a
 * later turn of the event loop, from what is committed (a rolled-back event is never
 * checkpointed), after the write-ahead log has been forced to disk, so a power cut
 * cannot leave a checkpoint naming events the database lost (view events commit
 * without an fsync: decision 10).
 */
interface WriterState {
  db: Db;
  file: string;
  pending: number;
  lastWrittenId: number;
  /** Checkpoint on the next turn, whatever the count (the file does not exist yet). */
  urgent: boolean;
  timer: NodeJS.Timeout | null;
  immediate: NodeJS.Immediate | null;
}

const states = new Map<Db, WriterState>();
const newState = (db: Db): WriterState => ({ db, file: checkpointFile(db.$client.name), pending: 0, lastWrittenId: 0, urgent: false, timer: null, immediate: null });
let policy: { everyEvents: number; everyMs: number } | null = null;

function positiveInt(name: string, fallback: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1 && n <= max) return n;
  log().warn({ setting: name }, `${name} must be a whole number from 1 to ${max}; "${raw}" is ignored and ${fallback} is used.`);
  return fallback;
}

function checkpointPolicy(): { everyEvents: number; everyMs: number } {
  policy ??= {
    everyEvents: positiveInt('TITERLINE_AUDIT_CHECKPOINT_EVENTS', 100, 1_000_000),
    everyMs: positiveInt('TITERLINE_AUDIT_CHECKPOINT_SECONDS', 60, 86_400) * 1000,
  };
  return policy;
}

function clearSchedule(st: WriterState): void {
  if (st.timer) clearTimeout(st.timer);
  if (st.immediate) clearImmediate(st.immediate);
  st.timer = null;
  st.immediate = null;
}

/** Forces the write-ahead log to disk: the events a checkpoint names must survive a power cut. */
function syncWal(dbFile: string): void {
  let fd: number;
  try {
    fd = fs.openSync(/*turbopackIgnore: true*/ `${dbFile}-wal`, 'r');
  } catch {
    return; // no log: everything is in the database file
  }
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeCheckpoint(st: WriterState): CheckpointRecord | null {
  clearSchedule(st);
  const client = st.db.$client;
  if (!client.open) return null;
  if (client.inTransaction) {
    st.immediate = setImmediate(() => safeWrite(st));
    return null;
  }
  const head = client.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  st.pending = 0;
  st.urgent = false;
  if (!head || head.id === st.lastWrittenId) return null;
  syncWal(client.name);
  const record = appendCheckpoint(st.file, auditKeyRing(client.name), { kind: 'checkpoint', events: head.id, head: head.hash });
  st.lastWrittenId = head.id;
  return record;
}

function safeWrite(st: WriterState): void {
  try {
    writeCheckpoint(st);
  } catch (e) {
    // Never fail a request over it; the next checkpoint covers these events too.
    log().error({ err: e, file: st.file }, 'Audit checkpoint could not be written');
  }
}

function flushAndForget(db: Db): void {
  const st = states.get(db);
  if (!st) return;
  if (st.pending > 0) safeWrite(st);
  clearSchedule(st);
  states.delete(db);
}

let hooked = false;
function hookOnce(): void {
  if (hooked) return;
  hooked = true;
  beforeDbClose(flushAndForget);
  process.on('exit', () => {
    for (const db of [...states.keys()]) flushAndForget(db);
  });
}

/** Called by appendAudit for each event (cheap: a count and, now and then, a timer). */
export function noteAuditAppend(db: Db): void {
  let st = states.get(db);
  if (!st) {
    hookOnce();
    st = newState(db);
    // A trail's first checkpoint comes at once: no window in which its file does not exist.
    st.urgent = !fs.existsSync(/*turbopackIgnore: true*/ st.file);
    states.set(db, st);
  }
  st.pending++;
  const p = checkpointPolicy();
  const target = st;
  if (st.pending >= p.everyEvents || st.urgent) {
    if (!st.immediate) {
      st.immediate = setImmediate(() => safeWrite(target));
      st.immediate.unref();
    }
  } else if (!st.timer) {
    st.timer = setTimeout(() => safeWrite(target), p.everyMs);
    st.timer.unref();
  }
}

/**
 * Writes a checkpoint of `db`'s head now (the commands, the tests), whether or not this
 * process wrote events; errors are thrown. Null when the trail is empty or was already
 * checkpointed at its head by this process.
 */
export function writeAuditCheckpoint(db: Db): CheckpointRecord | null {
  const st = states.get(db) ?? newState(db);
  return writeCheckpoint(st);
}

/** Forgets the checkpoint policy (tests that change the variables). */
export function resetCheckpointPolicy(): void {
  policy = null;
}
