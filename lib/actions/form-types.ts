import type { FieldErrors } from '../errors';

/**
 * What every form action returns (useActionState): field errors and one message.
 * Apart from form-state.ts (server code) so client components can import it.
 */
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
