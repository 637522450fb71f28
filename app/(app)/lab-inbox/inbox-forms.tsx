'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { SubmitButton } from '@/app/ui/submit-button';
import { dismissInboxAction, fileInboxAgainAction } from './actions';

/** "File again": the same filing path as the feed; refused in words while it still cannot be filed. */
export function FileAgain({ id, label }: { id: number; label: string }) {
  const [state, action] = useActionState(fileInboxAgainAction, IDLE);
  return (
    <form action={action} aria-label={`File again: ${label}`}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton className="btn small">File again</SubmitButton>
      {state.message ? <p className={state.status === 'error' ? 'field-error' : 'hint'} role="status">{state.message}</p> : null}
    </form>
  );
}

export function Dismiss({ id, label }: { id: number; label: string }) {
  const [state, action] = useActionState(dismissInboxAction, IDLE);
  const reasonError = state.errors?.reason?.join(' ');
  return (
    <form action={action} className="row" aria-label={`Dismiss: ${label}`} noValidate>
      <input type="hidden" name="id" value={id} />
      <label className="visually-hidden" htmlFor={`dismiss-${id}`}>Reason for dismissing</label>
      <input id={`dismiss-${id}`} name="reason" placeholder="Reason (e.g. not our patient)" maxLength={500} required aria-invalid={reasonError ? true : undefined} />
      <SubmitButton className="btn small secondary">Dismiss</SubmitButton>
      {state.message ? <p className={state.status === 'error' ? 'field-error' : 'hint'} role="status">{reasonError ?? state.message}</p> : null}
    </form>
  );
}
