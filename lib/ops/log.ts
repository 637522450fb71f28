/**
 * The server's log: JSON lines on stdout (pino; stderr in a command), one object per line, for journald,
 * Docker or any log shipper. What goes in: request lines (method, route pattern,
 * status, duration, user id, request id), errors with the request id, and how long
 * imports, signal recomputes and backups took. What never goes in: patient names,
 * MRNs, birth dates, result values, notes, email addresses, passwords, tokens, query
 * strings or request bodies (docs/decisions/0034-operations.md). Callers
 * pass ids and counts only; an error is logged by its type, message and stack (the
 * messages are the code's own words, not data), never with its other properties.
 *
 * One logger per process, kept on globalThis: Next bundles instrumentation.ts and each
 * route separately (see lib/ops/request-context.ts).
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequest } from './request-context';

const KEY = Symbol.for('titerline.logger');
type Holder = { [KEY]?: Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** TITERLINE_LOG_LEVEL (info by default; "silent" turns the log off). */
export function logLevel(): string {
  const raw = process.env.TITERLINE_LOG_LEVEL?.trim().toLowerCase();
  return raw && LEVELS.includes(raw) ? raw : 'info';
}

/** An error as the log shows it: type, message, stack and a code such as SQLITE_BUSY; nothing else it carries. */
export function errorForLog(e: unknown): { type: string; message: string; stack?: string; code?: string } {
  // By shape, not instanceof: an error from another bundle or realm (Next's renderer) is still an error.
  const o = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
  if (typeof o.message !== 'string') return { type: typeof e, message: 'a non-Error value was thrown' };
  const type = typeof o.name === 'string' ? o.name : 'Error';
  return { type, message: o.message, ...(typeof o.stack === 'string' ? { stack: o.stack } : {}), ...(typeof o.code === 'string' ? { code: o.code } : {}) };
}

function create(destination?: DestinationStream): Logger {
  return pino(
    {
      level: logLevel(),
      base: { service: 'titerline', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorForLog },
      // A second line of defence: none of these should ever be passed to the log.
      redact: { paths: ['password', 'token', 'email', 'name', 'mrn', '*.password', '*.token', '*.email', '*.name', '*.mrn'], censor: '[redacted]' },
    },
    destination ?? pino.destination({ dest: commandLine() ? 2 : 1, sync: true }),
  );
}

/**
 * A command (npm run import, hl7:replay, signals:recompute, backup) prints its own
 * report on stdout, which people and scripts read: its log lines go to stderr. Next's
 * server sets NEXT_RUNTIME; its log is stdout, for journald.
 */
const commandLine = () => !process.env.NEXT_RUNTIME;

/** The process's logger (stdout in the server, stderr in a command). */
export function log(): Logger {
  const holder = globalThis as Holder;
  holder[KEY] ??= create();
  return holder[KEY];
}

/** Replaces the process's logger with one writing to `destination` (tests). */
export function setLogDestination(destination: DestinationStream): Logger {
  const logger = create(destination);
  (globalThis as Holder)[KEY] = logger;
  return logger;
}

/**
 * Logs an unexpected failure with the request it happened in (its id is what the user
 * is shown as the reference), and returns that id, or null outside a request.
 */
export function logFailure(what: string, e: unknown, extra: Record<string, string | number | boolean | null> = {}): string | null {
  const ctx = currentRequest();
  log().error({ ...extra, requestId: ctx?.requestId ?? null, userId: ctx?.userId ?? null, err: e }, what);
  return ctx?.requestId ?? null;
}

/** A sentence for the user: the reference support can find in the log, when there is one. */
export function referenceSentence(requestId: string | null): string {
  return requestId ? ` If it happens again, give this reference to your support team: ${requestId}.` : '';
}
