'use client';
import { useActionState, useEffect, useRef, useState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { ROLES, ROLE_LABELS } from '@/lib/permissions';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { createUserAction } from './actions';

export function NewUserForm() {
  const [state, action] = useActionState(createUserAction, IDLE);
  const e = state.errors ?? {};
  const v = state.status === 'error' ? state.values ?? {} : {};
  // "Created …" answers this form only: any other form submitted on the page (deactivate,
  // change role) makes it stale, so it is put away rather than left on screen.
  const [stale, setStale] = useState<typeof state | null>(null);
  const self = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const onOtherSubmit = (ev: SubmitEvent) => { if (ev.target !== self.current) setStale(state); };
    document.addEventListener('submit', onOtherSubmit, true);
    return () => document.removeEventListener('submit', onOtherSubmit, true);
  }, [state]);
  const message = stale === state ? undefined : state.message;
  return (
    <form ref={self} action={action} className="stack" noValidate aria-label="Create user" key={state.status === 'ok' ? state.message : 'form'}>
      <div className="grid">
        <Field name="name" label="Name" required maxLength={120} defaultValue={v.name} errors={e.name} />
        <Field name="email" label="Email" type="email" required maxLength={254} defaultValue={v.email} errors={e.email} />
        <Field name="role" label="Role" errors={e.role}>
          <select id="f-role" name="role" defaultValue={v.role ?? 'nurse'} aria-invalid={e.role ? true : undefined}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{ROLE_LABELS[r]}</option>
            ))}
          </select>
        </Field>
        <Field name="password" label="Initial password" type="password" required errors={e.password} autoComplete="new-password" hint="At least 12 characters." />
      </div>
      <FormMessage status={stale === state ? 'idle' : state.status} message={message} />
      <SubmitButton pendingText="Creating…">Create user</SubmitButton>
    </form>
  );
}
