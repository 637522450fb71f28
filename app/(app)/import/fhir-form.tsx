'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { importFhirAction, type FhirImportState } from './fhir-actions';

/** Upload of a FHIR R4 Bundle (Patient, Observation, MedicationStatement), e.g. from another system. */
export function FhirImportForm() {
  const [state, action] = useActionState<FhirImportState, FormData>(importFhirAction, IDLE);
  const lines = state.report?.lines ?? [];
  const toCheck = lines.some((l) => l.confirmable);
  return (
    <form action={action} className="stack" noValidate aria-label="Import FHIR bundle">
      <Field name="bundle" label="FHIR R4 Bundle (.json)" type="file" errors={state.errors?.bundle} idPrefix="fhir"
        hint="Patients are matched by MRN identifier; anti-Mi2 (LOINC 88732-3, 88733-1) and CK (2157-6) results are mapped." />
      <FormMessage status={state.status} message={state.message} />
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
