'use client';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm, type FormAction } from '@/app/ui/use-entry-form';

/**
 * Marks a visit or a medication epoch entered in error, with a reason. Nothing is
 * deleted: the row leaves totals and current treatment and stays in the history.
 */
export function MarkInErrorForm({ action, ids }: {
  action: FormAction;
  ids: Record<string, number>;
}) {
  const form = useEntryForm(action);
  const state = form.state;
  return (
    <form {...form.formProps} className="stack" aria-label="Mark entered in error">
      {Object.entries(ids).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <Field name="errorReason" label="Why was it entered in error?" required maxLength={500} errors={state.errors?.reason}
        hint="For example: wrong patient, duplicate entry. At least 3 characters; the row stays visible in the history." />
      <FormMessage status={state.status} message={state.message} pending={form.pending} />
      <SubmitButton className="btn danger">Mark entered in error</SubmitButton>
    </form>
  );
}
