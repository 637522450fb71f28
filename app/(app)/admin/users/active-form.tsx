'use client';
import { useActionState, useRef, type FormEvent } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { SubmitButton } from '@/app/ui/submit-button';
import { setActiveAction } from './actions';

/**
 * Deactivate or reactivate a user. Deactivating ends the person's access (and
 * disables or transfers their API tokens), so the first submit opens a confirmation
 * naming them; only its "Yes" sends the form, and the safe choice has focus.
 * Reactivating is sent at once.
 */
export function ActiveForm({ id, name, active, tokens, admins }: { id: number; name: string; active: boolean; tokens: number; admins: { id: number; name: string }[] }) {
  const [state, action] = useActionState(setActiveAction, IDLE);
  const dialog = useRef<HTMLDialogElement>(null);
  const back = useRef<HTMLButtonElement>(null);

  function onSubmit(ev: FormEvent<HTMLFormElement>) {
    const box = dialog.current;
    if (!active || !box) return;
    if (!box.open) {
      ev.preventDefault();
      box.showModal();
      back.current?.focus();
      return;
    }
    box.close();
  }
  return (
    <form action={action} onSubmit={onSubmit} className="row" aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${name}`}>
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
      {active ? <button type="submit" className="btn small danger">Deactivate…</button> : <SubmitButton className="btn small secondary">Reactivate</SubmitButton>}
      <span aria-live="polite" className={state.status === 'error' ? 'field-error' : 'hint'}>{state.message}</span>
      {active ? (
        <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`deact-h-${id}`} data-testid="deactivate-confirmation">
          <h3 id={`deact-h-${id}`}>Deactivate {name}?</h3>
          <p>{name} will no longer be able to sign in. Their entries and audit history stay; an administrator can reactivate the account.
            {tokens > 0 ? ` Their ${tokens > 1 ? `${tokens} API tokens are` : 'API token is'} disabled or transferred as chosen.` : ''}</p>
          <div className="row">
            <SubmitButton className="btn danger">Yes, deactivate {name}</SubmitButton>
            <button ref={back} type="button" className="btn secondary" onClick={() => dialog.current?.close()}>Go back</button>
          </div>
        </dialog>
      ) : null}
    </form>
  );
}
