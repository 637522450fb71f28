'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { addRoleRuleAction, moveRoleRuleAction, removeRoleRuleAction } from './actions';

export function AddRoleRule({ roles }: { roles: { value: string; label: string }[] }) {
  const [state, action] = useActionState(addRoleRuleAction, IDLE);
  const e = state.errors ?? {};
  const v = state.status === 'error' ? state.values ?? {} : {};
  return (
    <form action={action} className="stack" noValidate aria-label="Add a sign-in rule" key={state.savedAt ?? 'form'}>
      <div className="grid">
        <Field name="group" label="Group at the hospital's sign-in service" required maxLength={200} defaultValue={v.group} errors={e.group} idPrefix="rule"
          hint="Exactly as the sign-in service sends it, e.g. titerline-nurses." />
        <Field name="role" label="Role in Titerline" errors={e.role} idPrefix="rule">
          <select id="rule-role" name="role" defaultValue={v.role ?? ''}>
            <option value="" disabled>Choose…</option>
            {roles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </select>
        </Field>
      </div>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Add rule</SubmitButton>
    </form>
  );
}

/** Remove, and move up or down (the first rule naming one of a person's groups gives the role). */
export function RuleControls({ group, first, last }: { group: string; first: boolean; last: boolean }) {
  const [moved, move] = useActionState(moveRoleRuleAction, IDLE);
  const [removed, remove] = useActionState(removeRoleRuleAction, IDLE);
  const error = moved.status === 'error' ? moved.message : removed.status === 'error' ? removed.message : null;
  return (
    <div className="row">
      {first ? null : (
        <form action={move} aria-label={`Move the rule for ${group} up`}>
          <input type="hidden" name="group" value={group} /><input type="hidden" name="direction" value="up" />
          <SubmitButton className="btn small secondary" pendingText="Moving…">Move up</SubmitButton>
        </form>
      )}
      {last ? null : (
        <form action={move} aria-label={`Move the rule for ${group} down`}>
          <input type="hidden" name="group" value={group} /><input type="hidden" name="direction" value="down" />
          <SubmitButton className="btn small secondary" pendingText="Moving…">Move down</SubmitButton>
        </form>
      )}
      <form action={remove} aria-label={`Remove the rule for ${group}`}>
        <input type="hidden" name="group" value={group} />
        <SubmitButton className="btn small secondary" pendingText="Removing…">Remove</SubmitButton>
      </form>
      {error ? <span className="field-error" role="status">{error}</span> : null}
    </div>
  );
}
