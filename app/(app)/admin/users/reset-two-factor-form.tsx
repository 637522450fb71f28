'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { SubmitButton } from '@/app/ui/submit-button';
import { resetTwoFactorAction } from './actions';

/** The "Reset two-factor" button beside an enrolled user (users page): for a lost phone. */
export function ResetTwoFactorForm({ id, name }: { id: number; name: string }) {
  const [state, action] = useActionState(resetTwoFactorAction, IDLE);
  return (
    <form action={action} className="row" aria-label={`Reset two-factor sign-in of ${name}`}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton className="btn small secondary" pendingText="Resetting…">Reset two-factor</SubmitButton>
      <span aria-live="polite" className={state.status === 'error' ? 'field-error' : 'hint'}>{state.message}</span>
    </form>
  );
}
