'use client';
import { useState } from 'react';
import { ENZYME } from '@/lib/domain/enzymes';
import type { RangeDefaults } from '@/lib/domain/reference-range';
import { ENZYME_ANALYTES, ENZYME_UNITS } from '@/lib/domain/types';
import { ENZYME_UNIT_LABELS } from '@/lib/domain/vocabulary';
import { Field, FormMessage } from '@/app/ui/field';
import { SaveAnyway } from '@/app/ui/save-anyway';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm } from '@/app/ui/use-entry-form';
import { recordEnzymeAction } from './lab-actions';
import { RangeDefaultHint } from './range-default-hint';

/**
 * CK (default) or another enzyme; reference limits as printed, or left empty: this
 * patient's latest lab range, else the site default (`rangeDefaults`). The test and unit stay on the last choice after a save (a series
 * from one report); the value, date, limits and accession are cleared.
 */
export function EnzymeForm({ patientId, today, rangeDefaults }: { patientId: number; today: string; rangeDefaults: RangeDefaults }) {
  const form = useEntryForm(recordEnzymeAction);
  const [analyte, setAnalyte] = useState('ck');
  const [unit, setUnit] = useState('U/L');
  const e = form.errors;
  const v = form.sent;
  // A save remounts the typed fields (clearing them); test and unit stay on the last choice.
  const fresh = (name: string) => `${name}-${form.state.savedAt ?? 0}`;
  return (
    <form {...form.formProps} className="stack" aria-label="Add enzyme result">
      <input type="hidden" name="patientId" value={patientId} />
      <div className="grid">
        <Field idPrefix="enz" name="analyte" label="Test" errors={e.analyte}>
          <select id="enz-analyte" name="analyte" value={analyte} onChange={(ev) => setAnalyte(ev.target.value)}>
            {ENZYME_ANALYTES.map((a) => <option key={a} value={a}>{ENZYME[a].label}</option>)}
          </select>
        </Field>
        <Field key={fresh('collectedOn')} idPrefix="enz" name="collectedOn" label="Collected on" type="date" required max={today} defaultValue={v.collectedOn} errors={e.collectedOn} />
        <Field key={fresh('value')} idPrefix="enz" name="value" label="Value" inputMode="decimal" required defaultValue={v.value} errors={e.value} />
        <Field idPrefix="enz" name="unit" label="Unit" errors={e.unit}>
          <select id="enz-unit" name="unit" value={unit} onChange={(ev) => setUnit(ev.target.value)}>
            {ENZYME_UNITS.map((u) => <option key={u} value={u}>{ENZYME_UNIT_LABELS[u]}</option>)}
          </select>
        </Field>
        <Field key={fresh('lowerLimit')} idPrefix="enz" name="lowerLimit" label="Reference low" inputMode="decimal" defaultValue={v.lowerLimit} errors={e.lowerLimit} />
        <Field key={fresh('upperLimit')} idPrefix="enz" name="upperLimit" label="Reference high (ULN)" inputMode="decimal" defaultValue={v.upperLimit} errors={e.upperLimit}
          hint={<RangeDefaultHint defaults={rangeDefaults} />} />
        <Field key={fresh('accession')} idPrefix="enz" name="accession" label="Lab accession" maxLength={64} defaultValue={v.accession} errors={e.accession} />
      </div>
      <SaveAnyway idPrefix="enz" confirm={form.confirm} onConfirm={form.onConfirm} />
      <FormMessage status={form.state.status} message={form.state.message} pending={form.pending} />
      <SubmitButton>Save result</SubmitButton>
    </form>
  );
}
