import 'server-only';
import { createHmac } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditKeyRing } from './audit-keys';
import { log } from '../ops/log';

/**
 * The checkpoint file: signed statements "the audit trail had reached event N, whose
 * hash is H" kept outside the database, one JSON line each, only ever appended
 * (docs/decisions/0002-audit-chain.md). Someone who can write the database cannot
 * forge a line without the audit key, so removing the newest events (or putting an
 * older copy in place) shows as a trail shorter than a checkpoint.
 *
 * Kinds: `checkpoint` (written by the app and the commands), `backup` (npm run backup
 * took a copy that ended at event N), `restore` (the database was replaced by a backup
 * that ended at event N; the events before it belonged to the replaced database).
 */
export type CheckpointKind = 'checkpoint' | 'backup' | 'restore';

export interface CheckpointFields {
  kind: CheckpointKind;
  /** The number of events (the last event's id: events are numbered 1, 2, 3... without gaps). */
  events: number;
  /** That event's hash. */
  head: string;
  /** backup: the copy's file name; restore: the backup restored. */
  file?: string;
  /** restore: what the replaced database had reached, and where it was kept. */
  replacedEvents?: number;
  replacedHead?: string;
  keptAs?: string;
  /** restore: how it was recorded (npm run restore, or audit:verify --accept-restore). */
  recordedBy?: string;
}

export interface CheckpointRecord extends CheckpointFields {
  v: 1;
  at: string;
  pid: number;
  keyId: string;
  mac: string;
}

/** `TITERLINE_AUDIT_CHECKPOINTS`, default `<database>.audit-checkpoints`. */
export function checkpointFile(dbFile: string): string {
  const configured = process.env.TITERLINE_AUDIT_CHECKPOINTS?.trim();
  return configured ? path.resolve(/*turbopackIgnore: true*/ configured) : `${dbFile}.audit-checkpoints`;
}

const macOf = (ring: AuditKeyRing, keyId: string, unsigned: string): string | null => {
  const key = ring.byId.get(keyId);
  return key ? createHmac('sha256', key.key).update(`titerline-checkpoint-v1\n${unsigned}`).digest('hex') : null;
};

/** The signed line for `fields`, as appended (without the newline). */
export function signCheckpoint(ring: AuditKeyRing, fields: CheckpointFields, at = new Date()): string {
  const unsignedRecord = { v: 1, at: at.toISOString(), pid: process.pid, ...fields, keyId: ring.current.id };
  const unsigned = JSON.stringify(unsignedRecord);
  return JSON.stringify({ ...unsignedRecord, mac: macOf(ring, ring.current.id, unsigned) });
}

/**
 * Appends one signed record and forces it to disk (a checkpoint is rare: every N events
 * or seconds), then sends it to syslog when configured.
 */
export function appendCheckpoint(file: string, ring: AuditKeyRing, fields: CheckpointFields): CheckpointRecord {
  const line = signCheckpoint(ring, fields);
  fs.mkdirSync(path.dirname(/*turbopackIgnore: true*/ file), { recursive: true });
  const fd = fs.openSync(/*turbopackIgnore: true*/ file, 'a', 0o600);
  try {
    // O_APPEND: one write of a short line lands whole, even with several processes appending.
    fs.writeSync(fd, `${line}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  sendToSyslog(line);
  return JSON.parse(line) as CheckpointRecord;
}

export interface CheckpointRead {
  exists: boolean;
  /** Records whose signature holds, in file order, with their line number. */
  records: (CheckpointRecord & { line: number })[];
  /** Lines that were altered, forged or signed with a key not in the ring. */
  problems: string[];
  /** The last line was cut short (a crash while writing it): ignored, not tampering. */
  tornLastLine: boolean;
}

const isRecord = (x: unknown): x is CheckpointRecord => {
  const r = x as Partial<CheckpointRecord> | null;
  return !!r && r.v === 1 && typeof r.at === 'string' && ['checkpoint', 'backup', 'restore'].includes(r.kind ?? '')
    && Number.isSafeInteger(r.events) && typeof r.head === 'string' && typeof r.keyId === 'string' && typeof r.mac === 'string';
};

/** The checkpoint file's text, or null when there is none. */
export const checkpointText = (file: string): string | null => (fs.existsSync(/*turbopackIgnore: true*/ file) ? fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8') : null);

/** Checks every line of a checkpoint file's text (null: no file) against the key ring. */
export function readCheckpoints(text: string | null, ring: AuditKeyRing | null): CheckpointRead {
  if (text === null) return { exists: false, records: [], problems: [], tornLastLine: false };
  const lines = text.split('\n');
  const tornLastLine = lines.at(-1) !== '';
  const out: CheckpointRead = { exists: true, records: [], problems: [], tornLastLine: false };
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const n = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      if (tornLastLine && i === lines.length - 1) out.tornLastLine = true;
      else out.problems.push(`line ${n} of the checkpoint file is not a checkpoint (altered or inserted)`);
      return;
    }
    if (!isRecord(parsed)) {
      out.problems.push(`line ${n} of the checkpoint file is not a checkpoint (altered or inserted)`);
      return;
    }
    const { mac, ...unsignedRecord } = parsed;
    const expected = ring ? macOf(ring, parsed.keyId, JSON.stringify(unsignedRecord)) : null;
    if (ring && !expected) out.problems.push(`line ${n} of the checkpoint file was signed with audit key ${parsed.keyId}, which is not in the key ring (${ring.source})`);
    else if (expected !== mac) out.problems.push(`line ${n} of the checkpoint file does not match its signature (altered, or not written by this installation)`);
    else out.records.push({ ...parsed, line: n });
  });
  return out;
}

let syslog: { socket: dgram.Socket; host: string; port: number } | null | undefined;

/**
 * Optional copy of every checkpoint to a syslog collector over UDP (RFC 5424, facility
 * "log audit"): `TITERLINE_AUDIT_SYSLOG=udp://127.0.0.1:514`. No package needed; the
 * collector (rsyslog with imudp, or a remote log host) is the site's. Best effort: a lost
 * datagram loses one copy, never the file's line.
 */
function sendToSyslog(line: string): void {
  if (syslog === undefined) {
    const url = process.env.TITERLINE_AUDIT_SYSLOG?.trim();
    const m = url ? /^udp:\/\/([^:/]+|\[[^\]]+\]):(\d{1,5})\/?$/.exec(url) : null;
    if (url && !m) log().warn({ setting: 'TITERLINE_AUDIT_SYSLOG' }, `TITERLINE_AUDIT_SYSLOG must look like udp://127.0.0.1:514; "${url}" is ignored.`);
    syslog = m ? { socket: dgram.createSocket(m[1]!.startsWith('[') ? 'udp6' : 'udp4'), host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) } : null;
    syslog?.socket.unref();
    syslog?.socket.on('error', (e) => log().error({ err: e }, 'Audit checkpoint syslog copy failed'));
  }
  if (!syslog) return;
  const message = `<110>1 ${new Date().toISOString()} ${os.hostname()} titerline ${process.pid} audit-checkpoint - ${line}`;
  syslog.socket.send(message, syslog.port, syslog.host);
}

/** Forgets the syslog setting (tests that change TITERLINE_AUDIT_SYSLOG). */
export function resetSyslog(): void {
  syslog?.socket.close();
  syslog = undefined;
}
