'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { updateTwoFactorPolicyAction } from './actions';

// Kept here (not imported from the DAL module, which is server-only).
const CHOICES = [
  { value: 'admins', label: 'Administrators' },
  { value: 'everyone', label: 'Everyone' },
  { value: 'nobody', label: 'Nobody (optional for all)' },
] as const;

/** Who must sign in with a code from an authenticator app. */
export function TwoFactorPolicyForm({ current }: { current: string }) {
  const [state, action] = useActionState(updateTwoFactorPolicyAction, IDLE);
  return (
    <form action={action} className="stack" aria-label="Two-factor sign-in requirement">
      <fieldset>
        <legend>Require two-factor sign-in for</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="row">
            <input type="radio" name="scope" value={c.value} defaultChecked={current === c.value} /> {c.label}
          </label>
        ))}
        <p className="hint">People newly required get a grace period to set it up from their account page (14 days unless the server sets another); after it, signing in with a password opens only that page.</p>
      </fieldset>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Save</SubmitButton>
    </form>
  );
}
