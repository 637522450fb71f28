'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { ANALYTES, ASSAY_METHODS } from '@/lib/domain/types';
import { ANALYTE_LABELS, METHOD_LABELS } from '@/lib/validation/lab-labels';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { createAssayAction, toggleAssayAction, updateAssayAction } from './actions';

/** Adds an assay, or (with `id`) edits one; results keep the limits they were read with. */
export function AssayForm({ id, initial = {} }: { id?: number; initial?: Record<string, string> }) {
  const [state, action] = useActionState(id ? updateAssayAction : createAssayAction, IDLE);
  const e = state.errors ?? {};
  const v = state.status === 'error' ? state.values ?? {} : initial;
  return (
    <form action={action} className="stack" noValidate aria-label={id ? 'Edit assay' : 'Add assay'} key={state.status === 'ok' && !id ? state.message : 'form'}>
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <div className="grid">
        <Field name="name" label="Name" required maxLength={120} defaultValue={v.name} errors={e.name} />
        <Field name="analyte" label="Analyte" errors={e.analyte}>
          <select id="f-analyte" name="analyte" defaultValue={v.analyte ?? 'mi2-beta'}>{ANALYTES.map((a) => <option key={a} value={a}>{ANALYTE_LABELS[a]}</option>)}</select>
        </Field>
        <Field name="method" label="Method" errors={e.method}>
          <select id="f-method" name="method" defaultValue={v.method ?? 'line-blot'}>{ASSAY_METHODS.map((m) => <option key={m} value={m}>{METHOD_LABELS[m]}</option>)}</select>
        </Field>
        <Field name="kit" label="Kit" maxLength={120} defaultValue={v.kit} errors={e.kit} />
        <Field name="lab" label="Lab" maxLength={120} defaultValue={v.lab} errors={e.lab} />
        <Field name="unit" label="Unit" required maxLength={32} defaultValue={v.unit} errors={e.unit} hint="e.g. units, AU/mL, {titer}" />
        <Field name="cutoff" label="Cut-off (negative at or below)" inputMode="decimal" defaultValue={v.cutoff} errors={e.cutoff} />
        <Field name="positiveFrom" label="Positive from" inputMode="decimal" defaultValue={v.positiveFrom} errors={e.positiveFrom} />
        <Field name="strongAbove" label="Strong above" inputMode="decimal" defaultValue={v.strongAbove} errors={e.strongAbove} />
        <Field name="measuringMax" label="Measuring range up to" inputMode="decimal" defaultValue={v.measuringMax} errors={e.measuringMax}
          hint="The highest value the assay reports; a result above it asks for confirmation. Empty: above 100 times the cut-off does." />
        <Field name="loinc" label="LOINC" maxLength={16} defaultValue={v.loinc} errors={e.loinc} />
      </div>
      <label><input type="checkbox" name="qualitativeOnly" defaultChecked={v.qualitativeOnly === 'on'} /> Reports a category only (no number)</label>
      <label><input type="checkbox" name="cutoffDilutionPositive" defaultChecked={v.cutoffDilutionPositive === 'on'} aria-describedby="dilution-hint" /> Dilution titer: the cut-off dilution itself is positive (1:80 with cut-off 80)</label>
      <p className="hint" id="dilution-hint">For labs that report their screening dilution as the first positive. New results take the setting; results already stored keep the one they were read with.</p>
      {e.cutoffDilutionPositive ? <p className="field-error" role="alert">{e.cutoffDilutionPositive.join(' ')}</p> : null}
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>{id ? 'Save assay' : 'Add assay'}</SubmitButton>
    </form>
  );
}

export function ToggleAssay({ id, active, name }: { id: number; active: boolean; name: string }) {
  const [state, action] = useActionState(toggleAssayAction, IDLE);
  return (
    <form action={action} aria-label={`${active ? 'Deactivate' : 'Activate'} ${name}`}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <SubmitButton className="btn small secondary">{active ? 'Deactivate' : 'Activate'}</SubmitButton>
      {state.status === 'error' ? <span className="field-error">{state.message}</span> : null}
    </form>
  );
}
