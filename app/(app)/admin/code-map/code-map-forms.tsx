'use client';
import { useActionState, useState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import type { MappingOption } from '@/lib/domain/fhir/import-candidates';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { createCodeMappingAction, toggleCodeMappingAction, updateCodeMappingAction } from './actions';

/** Changes what one mapping says (its options are the catalog entries a code of its kind can be). */
export function ChangeMapping({ id, current, options, label }: { id: number; current: string; options: MappingOption[]; label: string }) {
  const [state, action] = useActionState(updateCodeMappingAction, IDLE);
  const [target, setTarget] = useState(current);
  return (
    <form action={action} className="row" aria-label={`Change the mapping of ${label}`}>
      <input type="hidden" name="id" value={id} />
      <label className="visually-hidden" htmlFor={`cm-${id}`}>What {label} is</label>
      <select id={`cm-${id}`} name="target" value={target} onChange={(e) => setTarget(e.target.value)} style={{ maxWidth: '22rem' }}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <SubmitButton className="btn small secondary">Save</SubmitButton>
      {state.message ? <span className={state.status === 'error' ? 'field-error' : 'hint'} role="status">{state.message}</span> : null}
    </form>
  );
}

export function ToggleMapping({ id, active, label }: { id: number; active: boolean; label: string }) {
  const [state, action] = useActionState(toggleCodeMappingAction, IDLE);
  return (
    <form action={action} aria-label={`${active ? 'Retire' : 'Restore'} the mapping of ${label}`}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <SubmitButton className="btn small secondary">{active ? 'Retire' : 'Restore'}</SubmitButton>
      {state.status === 'error' ? <span className="field-error">{state.message}</span> : null}
    </form>
  );
}

/** Adds a mapping before the sender's first message (the import preview is the usual way). */
export function NewMapping({ labOptions, drugOptions }: { labOptions: MappingOption[]; drugOptions: MappingOption[] }) {
  const [state, action] = useActionState(createCodeMappingAction, IDLE);
  const [domain, setDomain] = useState<'lab' | 'drug'>('lab');
  const e = state.errors ?? {};
  const v = state.status === 'error' ? state.values ?? {} : {};
  return (
    <form action={action} className="stack" noValidate aria-label="Add a code mapping" key={state.savedAt ?? 'form'}>
      <div className="grid">
        <Field name="domain" label="Kind" errors={e.domain} idPrefix="cm">
          <select id="cm-domain" name="domain" value={domain} onChange={(ev) => setDomain(ev.target.value === 'drug' ? 'drug' : 'lab')}>
            <option value="lab">Lab result</option><option value="drug">Drug</option>
          </select>
        </Field>
        {domain === 'lab' ? <Field name="facility" label="Performing lab (as the sender names it)" maxLength={200} defaultValue={v.facility} errors={e.facility} idPrefix="cm" /> : null}
        <Field name="system" label="Code system" required maxLength={200} defaultValue={v.system} errors={e.system} idPrefix="cm" hint="The sender's code system URL, or text for a name without a code." />
        <Field name="code" label="Code" required maxLength={200} defaultValue={v.code} errors={e.code} idPrefix="cm" />
        <Field name="display" label="Sender's name for it" maxLength={200} defaultValue={v.display} errors={e.display} idPrefix="cm" />
        <Field name="target" label="What it is" errors={e.target} idPrefix="cm">
          <select id="cm-target" name="target" defaultValue={v.target ?? ''}>
            <option value="" disabled>Choose…</option>
            {(domain === 'lab' ? labOptions : drugOptions).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </Field>
      </div>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Add mapping</SubmitButton>
    </form>
  );
}
