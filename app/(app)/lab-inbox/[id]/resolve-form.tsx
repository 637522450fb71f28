'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import type { MappingRequest } from '@/lib/domain/fhir/import-candidates';
import { SubmitButton } from '@/app/ui/submit-button';
import { resolveInboxAction } from '../actions';

/**
 * One form: the patient chosen from the search (name, birth date and MRN shown to
 * confirm), what each unmapped code is (the best candidate preselected, never applied
 * without this click), and "File the results". Refused in words when it still cannot file.
 */
export function ResolveForm({ id, mrnKnown, mappings, patients }: {
  id: number; mrnKnown: boolean; mappings: MappingRequest[]; patients: { id: number; label: string }[];
}) {
  const [state, action] = useActionState(resolveInboxAction, IDLE);
  const patientError = state.errors?.patientId?.join(' ');
  return (
    <form action={action} className="card stack" aria-label="Resolve this lab message">
      <input type="hidden" name="id" value={id} />
      <fieldset>
        <legend>Patient the results belong to</legend>
        {mrnKnown ? <label><input type="radio" name="patientId" value="" defaultChecked /> The patient registered under the lab&apos;s MRN</label> : null}
        {patients.map((p) => (
          <label key={p.id} className="stack"><input type="radio" name="patientId" value={p.id} required={!mrnKnown} /> {p.label}</label>
        ))}
        {!mrnKnown && patients.length === 0 ? <p className="hint">Search for the patient above, then choose them here.</p> : null}
        {patientError ? <p className="field-error">{patientError}</p> : null}
      </fieldset>
      {mappings.map((m, i) => (
        <div className="field" key={m.key}>
          <input type="hidden" name={`mapKey${i}`} value={m.key} />
          <label htmlFor={`map-${i}`}>What the lab&apos;s test “{m.display || m.code.code}” (code {m.code.code}{m.unit ? `, unit ${m.unit}` : ''}) is</label>
          <select id={`map-${i}`} name={`mapTarget${i}`} defaultValue={m.best ?? ''} required>
            <option value="" disabled>Choose…</option>
            {m.options.map((o) => <option key={o.value} value={o.value}>{o.value === m.best ? `${o.label} (best candidate)` : o.label}</option>)}
          </select>
          <p className="hint">{m.bestWhy} Kept in the code map: later results with this code file by themselves.</p>
          {m.caution ? <p className="alert warn">{m.caution}</p> : null}
        </div>
      ))}
      <SubmitButton className="btn">File the results</SubmitButton>
      {state.message ? <p className={state.status === 'error' ? 'field-error' : 'hint'} role="status">{state.message}</p> : null}
    </form>
  );
}
