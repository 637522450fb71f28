'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { ROLES, ROLE_LABELS } from '@/lib/permissions';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { createTokenAction, revokeTokenAction, type TokenFormState } from './actions';

export function NewTokenForm() {
  const [state, action] = useActionState<TokenFormState, FormData>(createTokenAction, IDLE);
  const e = state.errors ?? {};
  return (
    <form action={action} className="stack" noValidate aria-label="Create API token">
      <div className="grid">
        <Field name="name" label="Integration name" required maxLength={80} errors={e.name} hint="e.g. Lab interface (LIS)" />
        <Field name="role" label="Acts as" errors={e.role}>
          <select id="f-role" name="role" defaultValue="nurse">{ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}</select>
        </Field>
      </div>
      <FormMessage status={state.status} message={state.message} />
      {state.token ? <p className="alert warn">Token: <code data-testid="new-token">{state.token}</code></p> : null}
      <SubmitButton>Create token</SubmitButton>
    </form>
  );
}

export function RevokeToken({ id, name }: { id: number; name: string }) {
  const [state, action] = useActionState(revokeTokenAction, IDLE);
  return (
    <form action={action} aria-label={`Revoke ${name}`}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton className="btn small danger">Revoke</SubmitButton>
      {state.status === 'error' ? <span className="field-error">{state.message}</span> : null}
    </form>
  );
}
