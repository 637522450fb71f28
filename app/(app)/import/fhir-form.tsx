'use client';
import { useActionState, useState } from 'react';
import { sizeText, UPLOAD_LIMIT_BYTES } from '@/lib/api/body-limits';
import { IDLE } from '@/lib/actions/form-types';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { importFhirAction, type FhirImportState } from './fhir-actions';

/** Upload of a FHIR R4 Bundle (Patient, Observation, MedicationStatement), e.g. from another system. */
export function FhirImportForm() {
  const [state, action] = useActionState<FhirImportState, FormData>(importFhirAction, IDLE);
  const lines = state.report?.lines ?? [];
  const toCheck = lines.some((l) => l.confirmable);
  // Checked before the upload (the server refuses a larger body with 413 all the same).
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    const file = new FormData(e.currentTarget).get('bundle');
    const message = file instanceof File && file.size > UPLOAD_LIMIT_BYTES
      ? `The file is ${sizeText(file.size)}; the web import takes up to ${sizeText(UPLOAD_LIMIT_BYTES)}: split the Bundle, or import it with npm run import on the server.` : null;
    setTooLarge(message);
    if (message) e.preventDefault();
  };
  return (
    <form action={action} onSubmit={onSubmit} className="stack" noValidate aria-label="Import FHIR bundle">
      <Field name="bundle" label={`FHIR R4 Bundle (.json, up to ${sizeText(UPLOAD_LIMIT_BYTES)})`} type="file" errors={state.errors?.bundle} idPrefix="fhir"
        hint="Patients are matched by MRN identifier; anti-Mi2 (LOINC 88732-3, 88733-1) and CK (2157-6) results are mapped." />
      <FormMessage status={tooLarge ? 'error' : state.status} message={tooLarge ?? state.message} />
      {lines.length ? (
        <div className="table-wrap">
          <table className="table" data-testid="fhir-report">
            <thead><tr><th>Entry</th><th>Resource</th><th>Outcome</th><th>Why</th></tr></thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={i}><td className="num">{l.entry ?? '—'}</td><td>{l.resource}</td><td>{l.outcome}</td><td>{l.message}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {toCheck ? (
        <label className="alert warn">
          <input type="checkbox" name="allowImplausible" /> Import values to check as they are: I have checked the values listed above (choose the file again)
        </label>
      ) : null}
      <SubmitButton pendingText="Importing…">Import bundle</SubmitButton>
    </form>
  );
}
