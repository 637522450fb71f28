'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { ROLES, ROLE_LABELS, type Role } from '@/lib/permissions';
import { SubmitButton } from '@/app/ui/submit-button';
import { changeRoleAction, resetPasswordAction, setActiveAction } from './actions';

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
  const [activeState, activeAction] = useActionState(setActiveAction, IDLE);
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
      <form action={activeAction} className="row" aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${name}`}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="active" value={active ? 'false' : 'true'} />
        {active && tokens > 0 ? (
          <>
            <label htmlFor={`tokens-${id}`} className="hint">
              Owns {tokens} working API token{tokens > 1 ? 's' : ''}: deactivating disables {tokens > 1 ? 'them' : 'it'} unless transferred.
            </label>
            <select id={`tokens-${id}`} name="transferTo" defaultValue="">
              <option value="">Disable {tokens > 1 ? `the ${tokens} tokens` : 'the token'}</option>
              {admins.map((a) => <option key={a.id} value={a.id}>Transfer to {a.name}</option>)}
            </select>
          </>
        ) : null}
        <SubmitButton className={`btn small ${active ? 'danger' : 'secondary'}`}>{active ? 'Deactivate' : 'Reactivate'}</SubmitButton>
        <Status state={activeState} />
      </form>
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
