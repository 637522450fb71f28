'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { SubmitButton } from '@/app/ui/submit-button';
import { unlockUserAction } from './actions';

/** The Unlock button beside a locked account (users page). */
export function UnlockForm({ id, name }: { id: number; name: string }) {
  const [state, action] = useActionState(unlockUserAction, IDLE);
  return (
    <form action={action} className="row" aria-label={`Unlock ${name}`}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton className="btn small secondary">Unlock</SubmitButton>
      <span aria-live="polite" className={state.status === 'error' ? 'field-error' : 'hint'}>{state.message}</span>
    </form>
  );
}
