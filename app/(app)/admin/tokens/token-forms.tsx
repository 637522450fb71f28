'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { ROLES, ROLE_LABELS } from '@/lib/permissions';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { createTokenAction, revokeTokenAction, transferTokenAction, type TokenFormState } from './actions';

export interface OwnerOption { id: number; name: string; email: string }

/** `defaultExpiry`, `latestExpiry`: the default (90 days) and latest (one year) last valid day. */
export function NewTokenForm({ defaultExpiry, earliestExpiry, latestExpiry }: { defaultExpiry: string; earliestExpiry: string; latestExpiry: string }) {
  const [state, action] = useActionState<TokenFormState, FormData>(createTokenAction, IDLE);
  const e = state.errors ?? {};
  return (
    <form action={action} className="stack" noValidate aria-label="Create API token">
      <div className="grid">
        <Field name="name" label="Integration name" required maxLength={80} defaultValue={state.values?.name} errors={e.name} hint="e.g. Lab interface (LIS)" />
        <Field name="role" label="Acts as" errors={e.role}>
          <select id="f-role" name="role" defaultValue={state.values?.role ?? 'nurse'}>{ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}</select>
        </Field>
        <Field name="expiresOn" label="Works until" type="date" defaultValue={state.values?.expiresOn ?? defaultExpiry} min={earliestExpiry} max={latestExpiry} errors={e.expiresOn}
          hint={`Its last valid day: 90 days unless you choose, at most one year (${latestExpiry}).`} />
      </div>
      <p className="hint">You will be the token&apos;s accountable owner: if your account is deactivated, the token stops working unless it is transferred first.</p>
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

export function TransferToken({ id, name, ownerId, owners }: { id: number; name: string; ownerId: number | null; owners: OwnerOption[] }) {
  const [state, action] = useActionState(transferTokenAction, IDLE);
  const others = owners.filter((o) => o.id !== ownerId);
  if (others.length === 0) return null;
  return (
    <form action={action} className="row" aria-label={`Transfer ${name}`}>
      <input type="hidden" name="id" value={id} />
      <label className="visually-hidden" htmlFor={`owner-${id}`}>New owner of {name}</label>
      <select id={`owner-${id}`} name="ownerId" defaultValue="">
        <option value="" disabled>Transfer to…</option>
        {others.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
      </select>
      <SubmitButton className="btn small secondary">Transfer</SubmitButton>
      <span aria-live="polite" className={state.status === 'error' ? 'field-error' : 'hint'}>{state.message}</span>
    </form>
  );
}
