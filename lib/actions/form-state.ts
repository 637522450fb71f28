import { recordRefusal } from '../dal/refusals';
import { asBusy, isAppError } from '../errors';
import { logFailure, referenceSentence } from '../ops/log';
import type { FormState } from './form-types';

export { IDLE, type FormState } from './form-types';

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

/** The record ids a form names (hidden fields such as patientId, rowId), as the target of a refusal. */
function formTarget(formData: FormData | undefined): string | null {
  if (!formData) return null;
  const ids: string[] = [];
  for (const [k, v] of formData.entries()) if (/^(id|[a-z]+Id)$/.test(k) && typeof v === 'string' && /^\d{1,12}$/.test(v)) ids.push(`${k} ${v}`);
  return ids.length ? ids.slice(0, 4).join(', ') : null;
}

/**
 * Turns a thrown error into form state. Known AppErrors keep their message and field
 * errors (a refusal for want of a permission is recorded first: lib/dal/refusals.ts);
 * anything else is logged on the server and shown as a generic message.
 */
export function errorState(raw: unknown, formData?: FormData): FormState {
  const values = formData ? formValues(formData) : undefined;
  // A database busy with another process's write (an import): "nothing was saved, try again in a few seconds".
  const e = asBusy(raw);
  recordRefusal(e, 'form', formTarget(formData));
  if (isAppError(e)) return { status: 'error', message: e.message, errors: e.fieldErrors, values };
  const ref = logFailure('Unexpected action error', e);
  return { status: 'error', message: `Something went wrong on our side; nothing was saved. Please try again.${referenceSentence(ref)}`, values };
}
