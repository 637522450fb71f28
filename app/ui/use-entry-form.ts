'use client';
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { IDLE, type FormState } from '@/lib/actions/form-types';
import { afterAnswer, afterEdit, isConfirmField, NO_CONFIRMATIONS, toggleConfirmation, type ConfirmField, type Confirmations } from './confirmations';

export type FormAction = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The first control a user types into: where focus returns after a save. */
const FIRST_FIELD = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/**
 * Every entry form of a patient's record runs through this hook
 * (docs/decisions/0017-entry-forms.md).
 *
 * The form is submitted from `onSubmit` inside a transition, never as a plain form
 * action: React 19 resets a form after its action, which put every uncontrolled
 * field and the selected option of a controlled <select> back to its first value
 * while React state (the unit label, what the next save sends) kept the user's
 * choice. Without the reset the page shows exactly what will be submitted, after an
 * error as before it. `action` stays on the form so it still works before the page
 * is interactive, and React still reports the transition to useFormStatus (the
 * pending submit button).
 *
 * After an answer focus moves for a keyboard user: to the first field of the form
 * after a save (the next entry of a series), to the first field in error otherwise.
 */
export function useEntryForm(action: FormAction) {
  const [state, dispatch, pending] = useActionState(action, IDLE);
  const ref = useRef<HTMLFormElement>(null);
  const [confirm, setConfirm] = useState<Confirmations>(NO_CONFIRMATIONS);
  // "Adjusting state when a prop changes": the warnings follow each new answer.
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setConfirm((c) => afterAnswer(c, state));
  }
  useEffect(() => moveFocus(ref, state), [state]);

  function onSubmit(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    if (pending) return;
    const submitter = (ev.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(ev.currentTarget, submitter ?? undefined);
    startTransition(() => dispatch(formData));
  }
  function onChange(ev: FormEvent<HTMLFormElement>) {
    if (!isConfirmField((ev.target as { name?: unknown }).name)) setConfirm(afterEdit);
  }
  return {
    state,
    pending,
    errors: state.errors ?? {},
    /** What the last refused submission sent (empty after a save). */
    sent: state.status === 'error' ? state.values ?? {} : {},
    confirm,
    onConfirm: (field: ConfirmField, on: boolean) => setConfirm((c) => toggleConfirmation(c, field, on)),
    formProps: { ref, action: dispatch, onSubmit, onChange, noValidate: true },
  };
}

function moveFocus(ref: RefObject<HTMLFormElement | null>, state: FormState): void {
  const form = ref.current;
  if (!form || state.status === 'idle') return;
  const target = state.status === 'ok'
    ? form.querySelector<HTMLElement>(FIRST_FIELD)
    : form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[data-confirm]:not(:checked)');
  target?.focus();
}
