'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { Field, FormMessage } from '../ui/field';
import { SubmitButton } from '../ui/submit-button';
import { setupAdminAction } from './actions';

export function SetupForm() {
  const [state, action] = useActionState(setupAdminAction, IDLE);
  const e = state.errors ?? {};
  return (
    <form action={action} className="stack" noValidate>
      <Field name="name" label="Your name" required maxLength={120} defaultValue={state.values?.name} errors={e.name} autoFocus />
      <Field name="email" label="Email" type="email" required maxLength={254} defaultValue={state.values?.email} errors={e.email} autoComplete="username" />
      <Field name="password" label="Password" type="password" required errors={e.password} autoComplete="new-password" hint="At least 12 characters. A passphrase is easiest to remember." />
      <Field name="confirm" label="Repeat password" type="password" required errors={e.confirm} autoComplete="new-password" />
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton pendingText="Creating…">Create administrator</SubmitButton>
    </form>
  );
}
