'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import type { MappingRequest } from '@/lib/domain/fhir/import-candidates';
import { SubmitButton } from '@/app/ui/submit-button';
import { resolveInboxAction } from '../actions';

/**
 * One form: the patient chosen from the search (name, birth date and MRN shown to
 * confirm), what each unmapped code is (a unique match preselected, a merely closest one
 * only named: "Choose…" until a person picks), and "File the results". Refused in words
 * when it still cannot file, or when the lab's details differ from the chosen patient's
 * until that is confirmed with a reason.
 */
export function ResolveForm({ id, mrnKnown, mappings, patients }: {
  id: number; mrnKnown: boolean; mappings: MappingRequest[]; patients: { id: number; label: string }[];
}) {
  const [state, action] = useActionState(resolveInboxAction, IDLE);
  const patientError = state.errors?.patientId?.join(' ');
  const v = state.values ?? {};
  // After a refusal the form shows exactly what was sent (React resets a form after its action).
  const chosen = v.patientId ?? (mrnKnown ? '' : undefined);
  const identityAsked = !!patientError || v.identityConfirmed !== undefined;
  return (
    <form key={JSON.stringify(v)} action={action} className="card stack" aria-label="Resolve this lab message">
      <input type="hidden" name="id" value={id} />
      <fieldset>
        <legend>Patient the results belong to</legend>
        {mrnKnown ? <label><input type="radio" name="patientId" value="" defaultChecked={chosen === ''} /> The patient registered under the lab&apos;s MRN</label> : null}
        {patients.map((p) => (
          <label key={p.id} className="stack"><input type="radio" name="patientId" value={p.id} required={!mrnKnown} defaultChecked={chosen === String(p.id)} /> {p.label}</label>
        ))}
        {!mrnKnown && patients.length === 0 ? <p className="hint">Search for the patient above, then choose them here.</p> : null}
        {patientError ? <p className="field-error" id="patient-error">{patientError}</p> : null}
      </fieldset>
      {identityAsked ? (
        <fieldset aria-describedby={patientError ? 'patient-error' : undefined}>
          <legend>The laboratory&apos;s details differ from the chosen patient&apos;s</legend>
          <label><input type="checkbox" name="identityConfirmed" defaultChecked={v.identityConfirmed !== undefined} /> These results belong to this patient</label>
          <label htmlFor="identity-reason">Why (kept in the audit trail)</label>
          <textarea id="identity-reason" name="identityReason" maxLength={500} rows={2} defaultValue={v.identityReason ?? ''} />
        </fieldset>
      ) : null}
      {mappings.map((m, i) => (
        <div className="field" key={m.key}>
          <input type="hidden" name={`mapKey${i}`} value={m.key} />
          <label htmlFor={`map-${i}`}>What the lab&apos;s test “{m.display || m.code.code}” (code {m.code.code}{m.unit ? `, unit ${m.unit}` : ''}) is</label>
          <select id={`map-${i}`} name={`mapTarget${i}`} defaultValue={v[`mapTarget${i}`] ?? (m.bestIsWeak ? '' : m.best ?? '')} required>
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
