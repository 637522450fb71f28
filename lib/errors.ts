import type { Origin } from './dal/actor';

/**
 * The small typed error set of the app. The DAL throws these; actions and route
 * handlers map them to field errors, messages and status codes. Internal detail
 * never reaches a page.
 */
export const ERROR_STATUS = {
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  invalid: 422,
  locked: 423,
  'too-large': 413,
  busy: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrors = Record<string, string[]>;

/**
 * Who was refused which permission, on what: carried by a `forbidden` error to the
 * place that answers the request, which records it as a security event
 * (lib/dal/refusals.ts) once the transaction it interrupted has rolled back.
 */
export interface Refusal {
  actor: { userId: number | null; email: string | null; role: string | null; origin: Origin };
  permission: string;
  /** What was asked for, when the refusing code knows it ("patient 12", "GET /admin/users"). */
  target?: string | null;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly refusal: Refusal | null = null,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const unauthorized = () => new AppError('unauthorized', 'Your session has ended. Please sign in again.');
export const forbidden = (refusal: Refusal | null = null) => new AppError('forbidden', 'Your role does not allow this.', {}, refusal);
export const notFound = (what = 'Record') => new AppError('not-found', `${what} not found.`);
export const invalid = (message: string, fieldErrors: FieldErrors = {}) => new AppError('invalid', message, fieldErrors);
export const conflict = (message: string, fieldErrors: FieldErrors = {}) => new AppError('conflict', message, fieldErrors);

/** Seconds a caller told `busy` is asked to wait before trying again (the Retry-After header). */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * Another process (an import, the other server) held the database's write lock for
 * longer than a write may wait. Nothing was written; the same request can simply be
 * sent again (docs/decisions/0025-concurrent-load).
 */
export const busy = (message = 'The database is busy with a large import; nothing was saved, try again in a few seconds.') => new AppError('busy', message);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** SQLite's SQLITE_BUSY (and its extended codes) as better-sqlite3 throws it: the write lock stayed held past the busy timeout. */
export function isSqliteBusy(e: unknown): boolean {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY');
}

/** A SQLite busy error as the `busy` AppError; any other error unchanged. */
export function asBusy(e: unknown): unknown {
  return isSqliteBusy(e) ? busy() : e;
}
