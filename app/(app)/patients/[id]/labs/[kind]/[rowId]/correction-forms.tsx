'use client';
import { Fragment, useState } from 'react';
import { ENZYME_UNITS, QUALITATIVE_CATEGORIES } from '@/lib/domain/types';
import { ANTIBODY_CLASS_LABELS, ENZYME_UNIT_LABELS, unitLabel } from '@/lib/domain/vocabulary';
import type { AssayOption } from '@/app/ui/assay-option';
import { AssaySelect } from '@/app/ui/assay-select';
import { Field, FormMessage } from '@/app/ui/field';
import { SaveAnyway } from '@/app/ui/save-anyway';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm } from '@/app/ui/use-entry-form';
import { correctLabAction, markLabInErrorAction } from '../../../lab-actions';

type Kind = 'antibody' | 'enzyme';

/**
 * Correction of a lab row: the same fields as entry, prefilled, plus a required reason.
 * A correction may land on the same day and value as the row it replaces, so the
 * duplicate check is waived (allowDuplicate); an implausible value still asks.
 */
export function LabCorrectionForm({ kind, patientId, rowId, initial, assays }: {
  kind: Kind; patientId: number; rowId: number; initial: Record<string, string>; assays: AssayOption[];
}) {
  const form = useEntryForm(correctLabAction);
  const v = { ...initial, ...form.sent };
  const e = form.errors;
  const [assayId, setAssayId] = useState(initial.assayId ?? '');
  const assay = assays.find((a) => String(a.id) === assayId);
  return (
    <form {...form.formProps} className="stack" aria-label="Correct result">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="rowId" value={rowId} />
      {kind === 'antibody' ? <AssaySelect idPrefix="f" assays={assays} value={assayId} onChange={setAssayId} errors={e.assayId} /> : null}
      {/* A saved correction remounts the fields: they show the stored values, the reason empty. */}
      <Fragment key={form.state.savedAt ?? 'first'}>
        <div className="grid">
          {kind === 'antibody' ? (
            <>
              <Field name="comparator" label="Comparator" errors={e.comparator}>
                <select id="f-comparator" name="comparator" defaultValue={v.comparator ?? ''}><option value="">=</option><option value="<">&lt;</option><option value=">">&gt;</option></select>
              </Field>
              <Field name="value" label={`Value${assay && !assay.qualitativeOnly ? ` (${unitLabel(assay.unit)})` : ''}`} inputMode="decimal" defaultValue={v.value} errors={e.value} />
              <Field name="qualitative" label="Or category" errors={e.qualitative}>
                <select id="f-qualitative" name="qualitative" defaultValue={v.qualitative ?? ''}><option value="">—</option>{QUALITATIVE_CATEGORIES.map((q) => <option key={q} value={q}>{ANTIBODY_CLASS_LABELS[q]}</option>)}</select>
              </Field>
              <Field name="cutoff" label="Cut-off in force" inputMode="decimal" defaultValue={v.cutoff} errors={e.cutoff} />
            </>
          ) : (
            <>
              <input type="hidden" name="analyte" value={v.analyte} />
              <Field name="value" label="Value" inputMode="decimal" defaultValue={v.value} errors={e.value} />
              <Field name="unit" label="Unit" errors={e.unit}>
                <select id="f-unit" name="unit" defaultValue={v.unit}>{ENZYME_UNITS.map((u) => <option key={u} value={u}>{ENZYME_UNIT_LABELS[u]}</option>)}</select>
              </Field>
              <Field name="lowerLimit" label="Reference low" inputMode="decimal" defaultValue={v.lowerLimit} errors={e.lowerLimit} />
              <Field name="upperLimit" label="Reference high (ULN)" inputMode="decimal" defaultValue={v.upperLimit} errors={e.upperLimit} />
            </>
          )}
          <Field name="collectedOn" label="Collected on" type="date" defaultValue={v.collectedOn} errors={e.collectedOn} />
          <Field name="accession" label="Lab accession" maxLength={64} defaultValue={v.accession} errors={e.accession} />
        </div>
        <input type="hidden" name="allowDuplicate" value="true" />
        <Field name="reason" label="Reason for the correction" required maxLength={500} defaultValue={v.reason} errors={e.reason} hint="For example: transcription error, lab amended the report." />
      </Fragment>
      <SaveAnyway idPrefix="f" confirm={form.confirm} onConfirm={form.onConfirm} />
      <FormMessage status={form.state.status} message={form.state.message} pending={form.pending} />
      <SubmitButton>Save correction</SubmitButton>
    </form>
  );
}

export function MarkInErrorForm({ kind, patientId, rowId }: { kind: Kind; patientId: number; rowId: number }) {
  const form = useEntryForm(markLabInErrorAction);
  return (
    <form {...form.formProps} className="stack" aria-label="Mark entered in error">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="rowId" value={rowId} />
      <Field idPrefix="err" name="reason" label="Why was it entered in error?" required maxLength={500} errors={form.errors.reason} hint="Wrong patient, duplicate… The row stays visible in the history." />
      <FormMessage status={form.state.status} message={form.state.message} pending={form.pending} />
      <SubmitButton className="btn danger">Mark entered in error</SubmitButton>
    </form>
  );
}
