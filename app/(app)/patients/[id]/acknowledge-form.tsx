'use client';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm } from '@/app/ui/use-entry-form';
import { acknowledgeSignalAction } from './signal-actions';

export function AcknowledgeForm({ patientId, signalId, title }: { patientId: number; signalId: number; title: string }) {
  const form = useEntryForm(acknowledgeSignalAction);
  const state = form.state;
  return (
    <details className="form-toggle no-print">
      <summary>Acknowledge</summary>
      <form {...form.formProps} className="stack" aria-label={`Acknowledge: ${title}`}>
        <input type="hidden" name="patientId" value={patientId} />
        <input type="hidden" name="signalId" value={signalId} />
        <Field idPrefix={`ack-${signalId}`} name="note" label="Note" required maxLength={1000} errors={state.errors?.note} hint="e.g. Discussed with the patient at clinic; the decision is in the clinic letter." />
        <FormMessage status={state.status} message={state.message} pending={form.pending} />
        <SubmitButton>Acknowledge signal</SubmitButton>
      </form>
    </details>
  );
}
