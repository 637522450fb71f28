import { asBusy, isAppError, type FieldErrors } from '../errors';

/** What every form action returns (useActionState): field errors and one message. */
export interface FormState {
  status: 'idle' | 'ok' | 'error';
  message?: string;
  errors?: FieldErrors;
  /** The submitted values (secrets removed), so the form keeps what was typed. */
  values?: Record<string, string>;
  /** Set on success by forms that clear themselves: a new value remounts the form. */
  savedAt?: number;
}

export const IDLE: FormState = { status: 'idle' };

const SECRET_FIELDS = /password|token/i;

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v === 'string' && !k.startsWith('$') && !SECRET_FIELDS.test(k)) values[k] = v;
  }
  return values;
}

/** Form data as a plain object for zod (empty strings are kept for schemas to judge). */
export function formObject(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (typeof v === 'string' && !k.startsWith('$')) out[k] = v;
  return out;
}

/**
 * Turns a thrown error into form state. Known AppErrors keep their message and field
 * errors; anything else is logged on the server and shown as a generic message.
 */
export function errorState(raw: unknown, formData?: FormData): FormState {
  const values = formData ? formValues(formData) : undefined;
  // A database busy with another process's write (an import): "nothing was saved, try again in a few seconds".
  const e = asBusy(raw);
  if (isAppError(e)) return { status: 'error', message: e.message, errors: e.fieldErrors, values };
  console.error('Unexpected action error', e);
  return { status: 'error', message: 'Something went wrong on our side; nothing was saved. Please try again.', values };
}
