'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { updateRetentionAction } from './actions';

/** How long the lab inbox keeps a resolved message's text (the listener applies it at start and daily). */
export function RetentionForm({ days }: { days: number }) {
  const [state, action] = useActionState(updateRetentionAction, IDLE);
  const error = state.errors?.days?.join(' ');
  return (
    <form action={action} className="card stack" aria-label="Lab inbox retention" noValidate>
      <div className="field">
        <label htmlFor="hl7-retention">Keep the message text of filed or dismissed inbox messages for (days)</label>
        <input id="hl7-retention" name="days" inputMode="numeric" defaultValue={state.values?.days ?? String(days)} aria-invalid={error ? true : undefined} aria-describedby="hl7-retention-hint" />
        <p className="hint" id="hl7-retention-hint">
          After this, the laboratory&apos;s message text is removed; the inbox keeps the patient as sent, why it was held, how it was resolved, by whom and when,
          and filed results stay in the record. Messages still waiting are never touched.
        </p>
        {error ? <p className="field-error">{error}</p> : null}
      </div>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Save retention</SubmitButton>
    </form>
  );
}
