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

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
