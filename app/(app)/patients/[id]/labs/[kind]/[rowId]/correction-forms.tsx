'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-state';
import { ENZYME_UNITS, QUALITATIVE_CATEGORIES } from '@/lib/domain/types';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { correctLabAction, markLabInErrorAction } from '../../../lab-actions';

type Kind = 'antibody' | 'enzyme';

/** Correction of a lab row: the same fields as entry, prefilled, plus a required reason. */
export function LabCorrectionForm({ kind, patientId, rowId, initial, assays }: {
  kind: Kind; patientId: number; rowId: number; initial: Record<string, string>; assays: { id: number; label: string }[];
}) {
  const [state, action] = useActionState(correctLabAction, IDLE);
  const v = { ...initial, ...(state.status === 'error' ? state.values ?? {} : {}) };
  const e = state.errors ?? {};
  return (
    <form action={action} className="stack" noValidate aria-label="Correct result">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="rowId" value={rowId} />
      <div className="grid">
        {kind === 'antibody' ? (
          <>
            <Field name="assayId" label="Assay" errors={e.assayId}>
              <select id="f-assayId" name="assayId" defaultValue={v.assayId}>{assays.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}</select>
            </Field>
            <Field name="comparator" label="Comparator" errors={e.comparator}>
              <select id="f-comparator" name="comparator" defaultValue={v.comparator ?? ''}><option value="">=</option><option value="<">&lt;</option><option value=">">&gt;</option></select>
            </Field>
            <Field name="value" label="Value" inputMode="decimal" defaultValue={v.value} errors={e.value} />
            <Field name="qualitative" label="Or category" errors={e.qualitative}>
              <select id="f-qualitative" name="qualitative" defaultValue={v.qualitative ?? ''}><option value="">—</option>{QUALITATIVE_CATEGORIES.map((q) => <option key={q} value={q}>{q}</option>)}</select>
            </Field>
            <Field name="cutoff" label="Cut-off in force" inputMode="decimal" defaultValue={v.cutoff} errors={e.cutoff} />
          </>
        ) : (
          <>
            <input type="hidden" name="analyte" value={v.analyte} />
            <Field name="value" label="Value" inputMode="decimal" defaultValue={v.value} errors={e.value} />
            <Field name="unit" label="Unit" errors={e.unit}>
              <select id="f-unit" name="unit" defaultValue={v.unit}>{ENZYME_UNITS.map((u) => <option key={u} value={u}>{u}</option>)}</select>
            </Field>
            <Field name="lowerLimit" label="Reference low" inputMode="decimal" defaultValue={v.lowerLimit} errors={e.lowerLimit} />
            <Field name="upperLimit" label="Reference high (ULN)" inputMode="decimal" defaultValue={v.upperLimit} errors={e.upperLimit} />
          </>
        )}
        <Field name="collectedOn" label="Collected on" type="date" defaultValue={v.collectedOn} errors={e.collectedOn} />
        <Field name="accession" label="Lab accession" maxLength={64} defaultValue={v.accession} errors={e.accession} />
      </div>
      <input type="hidden" name="allowDuplicate" value="true" />
      <Field name="reason" label="Reason for the correction" required maxLength={500} errors={e.reason} hint="For example: transcription error, lab amended the report." />
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Save correction</SubmitButton>
    </form>
  );
}

export function MarkInErrorForm({ kind, patientId, rowId }: { kind: Kind; patientId: number; rowId: number }) {
  const [state, action] = useActionState(markLabInErrorAction, IDLE);
  return (
    <form action={action} className="stack" noValidate aria-label="Mark entered in error">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="rowId" value={rowId} />
      <Field idPrefix="err" name="reason" label="Why was it entered in error?" required maxLength={500} errors={state.errors?.reason} hint="Wrong patient, duplicate… The row stays visible in the history." />
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton className="btn danger">Mark entered in error</SubmitButton>
    </form>
  );
}
