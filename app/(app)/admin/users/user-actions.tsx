'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { ROLES, ROLE_LABELS, type Role } from '@/lib/permissions';
import { SubmitButton } from '@/app/ui/submit-button';
import { changeRoleAction, resetPasswordAction } from './actions';
import { ActiveForm } from './active-form';

function Status({ state }: { state: { status: string; message?: string } }) {
  return <span aria-live="polite" className={state.status === 'error' ? 'field-error' : 'hint'}>{state.message}</span>;
}

interface Props {
  id: number;
  name: string;
  role: Role;
  active: boolean;
  /** API tokens this user owns that still work: deactivating disables them unless transferred. */
  tokens: number;
  /** Other active administrators who can take the tokens over. */
  admins: { id: number; name: string }[];
}

/** Per-user controls in the users table: role, active flag (with the user's API tokens), password reset. */
export function UserActions({ id, name, role, active, tokens, admins }: Props) {
  const [roleState, roleAction] = useActionState(changeRoleAction, IDLE);
  const [pwState, pwAction] = useActionState(resetPasswordAction, IDLE);
  return (
    <div className="row">
      <form action={roleAction} className="row" aria-label={`Change role of ${name}`}>
        <input type="hidden" name="id" value={id} />
        <label className="visually-hidden" htmlFor={`role-${id}`}>Role of {name}</label>
        <select id={`role-${id}`} name="role" defaultValue={role}>
          {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
        <SubmitButton className="btn small secondary">Change role</SubmitButton>
        <Status state={roleState} />
      </form>
      <ActiveForm id={id} name={name} active={active} tokens={tokens} admins={admins} />
      <form action={pwAction} className="row" aria-label={`Reset password of ${name}`}>
        <input type="hidden" name="id" value={id} />
        <label className="visually-hidden" htmlFor={`pw-${id}`}>New password for {name}</label>
        <input id={`pw-${id}`} name="password" type="password" placeholder="New password (12+)" autoComplete="new-password" />
        <SubmitButton className="btn small secondary">Reset password</SubmitButton>
        <Status state={pwState} />
      </form>
    </div>
  );
}
