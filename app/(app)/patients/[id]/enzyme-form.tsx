'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-state';
import { ENZYME } from '@/lib/domain/enzymes';
import type { RangeDefaults } from '@/lib/domain/reference-range';
import { ENZYME_ANALYTES, ENZYME_UNITS } from '@/lib/domain/types';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { recordEnzymeAction } from './lab-actions';
import { RangeDefaultHint } from './range-default-hint';

/** CK (default) or another enzyme; reference limits as printed, or left empty: this patient's latest lab range, else the site default (`rangeDefaults`). */
export function EnzymeForm({ patientId, today, rangeDefaults }: { patientId: number; today: string; rangeDefaults: RangeDefaults }) {
  const [state, action] = useActionState(recordEnzymeAction, IDLE);
  const v = state.status === 'error' ? state.values ?? {} : {};
  const e = state.errors ?? {};
  return (
    <form action={action} className="stack" noValidate aria-label="Add enzyme result" key={state.savedAt ?? 'form'}>
      <input type="hidden" name="patientId" value={patientId} />
      <div className="grid">
        <Field idPrefix="enz" name="analyte" label="Test" errors={e.analyte}>
          <select id="enz-analyte" name="analyte" defaultValue={v.analyte ?? 'ck'}>
            {ENZYME_ANALYTES.map((a) => <option key={a} value={a}>{ENZYME[a].label}</option>)}
          </select>
        </Field>
        <Field idPrefix="enz" name="collectedOn" label="Collected on" type="date" required max={today} defaultValue={v.collectedOn} errors={e.collectedOn} />
        <Field idPrefix="enz" name="value" label="Value" inputMode="decimal" required defaultValue={v.value} errors={e.value} />
        <Field idPrefix="enz" name="unit" label="Unit" errors={e.unit}>
          <select id="enz-unit" name="unit" defaultValue={v.unit ?? 'U/L'}>
            {ENZYME_UNITS.map((u) => <option key={u} value={u}>{u}</option>)}
          </select>
        </Field>
        <Field idPrefix="enz" name="lowerLimit" label="Reference low" inputMode="decimal" defaultValue={v.lowerLimit} errors={e.lowerLimit} />
        <Field idPrefix="enz" name="upperLimit" label="Reference high (ULN)" inputMode="decimal" defaultValue={v.upperLimit} errors={e.upperLimit}
          hint={<RangeDefaultHint defaults={rangeDefaults} />} />
        <Field idPrefix="enz" name="accession" label="Lab accession" maxLength={64} defaultValue={v.accession} errors={e.accession} />
      </div>
      {e.allowDuplicate ? <label className="alert warn"><input type="checkbox" name="allowDuplicate" /> Save anyway: this is a separate result</label> : null}
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Save result</SubmitButton>
    </form>
  );
}
