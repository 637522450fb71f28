'use client';
import { useState } from 'react';
import { ANTIBODY_CLASS_LABELS, classifyAntibody, levelText, xCutoff } from '@/lib/domain/antibody';
import { QUALITATIVE_CATEGORIES } from '@/lib/domain/types';
import { unitLabel } from '@/lib/domain/vocabulary';
import type { AssayOption } from '@/app/ui/assay-option';
import { AssaySelect } from '@/app/ui/assay-select';
import { Field, FormMessage } from '@/app/ui/field';
import { SaveAnyway } from '@/app/ui/save-anyway';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm } from '@/app/ui/use-entry-form';
import { recordAntibodyAction } from './lab-actions';

export type { AssayOption };

/**
 * Anti-Mi2 entry: the cut-off is prefilled from the assay and editable to the report's.
 * The assay starts on the one this patient's results use (defaultAssayId) and stays on
 * the last choice after each save, so a series is entered on one assay.
 */
export function AntibodyForm({ patientId, assays, today, defaultAssayId }: { patientId: number; assays: AssayOption[]; today: string; defaultAssayId: number | null }) {
  const form = useEntryForm(recordAntibodyAction);
  const [assayId, setAssayId] = useState(defaultAssayId === null ? '' : String(defaultAssayId));
  const assay = assays.find((a) => String(a.id) === assayId);
  const e = form.errors;
  return (
    <form {...form.formProps} className="stack" aria-label="Add anti-Mi2 result">
      <input type="hidden" name="patientId" value={patientId} />
      <AssaySelect idPrefix="ab" assays={assays} value={assayId} onChange={setAssayId} errors={e.assayId} />
      {/* A save remounts the fields (clearing what was typed); the assay above stays. */}
      <AntibodyFields key={form.state.savedAt ?? 'first'} assay={assay} today={today} sent={form.sent} errors={e} />
      <SaveAnyway idPrefix="ab" confirm={form.confirm} onConfirm={form.onConfirm} />
      <FormMessage status={form.state.status} message={form.state.message} pending={form.pending} />
      <SubmitButton>Save result</SubmitButton>
    </form>
  );
}

function AntibodyFields({ assay, today, sent, errors: e }: { assay: AssayOption | undefined; today: string; sent: Record<string, string>; errors: Record<string, string[]> }) {
  const [value, setValue] = useState(sent.value ?? '');
  const [comparator, setComparator] = useState(sent.comparator ?? '');
  const [cutoff, setCutoff] = useState(sent.cutoff ?? '');
  // Another assay: its own cut-off applies, and a category-only assay takes no number
  // (a disabled field is not sent, so it must not show a value either).
  const [fieldsFor, setFieldsFor] = useState(assay?.id);
  if (fieldsFor !== assay?.id) {
    setFieldsFor(assay?.id);
    setCutoff('');
    if (assay?.qualitativeOnly) { setValue(''); setComparator(''); }
  }
  const num = value.trim() === '' ? null : Number(value);
  const cut = cutoff.trim() === '' ? assay?.cutoff ?? null : Number(cutoff);
  const cls = assay && num !== null && Number.isFinite(num)
    ? classifyAntibody({ value: num, comparator: (comparator || null) as '<' | '>' | null, qualitative: null, cutoff: cut, positiveFrom: assay.positiveFrom, strongAbove: assay.strongAbove, cutoffDilutionPositive: assay.cutoffDilutionPositive })
    : null;
  const x = num !== null && Number.isFinite(num) ? xCutoff(num, cut) : null;
  return (
    <>
      <div className="grid">
        <Field idPrefix="ab" name="collectedOn" label="Collected on" type="date" required max={today} defaultValue={sent.collectedOn} errors={e.collectedOn} />
        <Field idPrefix="ab" name="comparator" label="Comparator" errors={e.comparator}>
          <select id="ab-comparator" name="comparator" value={comparator} onChange={(ev) => setComparator(ev.target.value)} disabled={assay?.qualitativeOnly}>
            <option value="">=</option><option value="<">&lt; (below)</option><option value=">">&gt; (above)</option>
          </select>
        </Field>
        <div className="field">
          <label htmlFor="ab-value">Value{assay && !assay.qualitativeOnly ? ` (${unitLabel(assay.unit)})` : ''}</label>
          <input id="ab-value" name="value" inputMode="decimal" value={value} onChange={(ev) => setValue(ev.target.value)} disabled={assay?.qualitativeOnly}
            aria-invalid={e.value ? true : undefined} aria-describedby={e.value ? 'ab-value-error' : undefined} />
          {e.value ? <p className="field-error" id="ab-value-error">{e.value.join(' ')}</p> : null}
        </div>
        <Field idPrefix="ab" name="qualitative" label="Or category" errors={e.qualitative}>
          <select id="ab-qualitative" name="qualitative" defaultValue={sent.qualitative ?? ''}>
            <option value="">—</option>
            {QUALITATIVE_CATEGORIES.map((q) => <option key={q} value={q}>{ANTIBODY_CLASS_LABELS[q]}</option>)}
          </select>
        </Field>
        <div className="field">
          <label htmlFor="ab-cutoff">Cut-off in force</label>
          <input id="ab-cutoff" name="cutoff" inputMode="decimal" value={cutoff} placeholder={assay?.cutoff !== null && assay?.cutoff !== undefined ? String(assay.cutoff) : ''}
            onChange={(ev) => setCutoff(ev.target.value)} disabled={assay?.qualitativeOnly} aria-describedby={e.cutoff ? 'ab-cutoff-hint ab-cutoff-error' : 'ab-cutoff-hint'} aria-invalid={e.cutoff ? true : undefined} />
          <p className="hint" id="ab-cutoff-hint">Empty = the assay&apos;s {assay?.cutoff ?? '—'} {assay ? unitLabel(assay.unit) : ''}</p>
          {e.cutoff ? <p className="field-error" id="ab-cutoff-error">{e.cutoff.join(' ')}</p> : null}
        </div>
        <Field idPrefix="ab" name="accession" label="Lab accession" maxLength={64} defaultValue={sent.accession} errors={e.accession} />
      </div>
      <p className="hint" aria-live="polite" data-testid="antibody-preview">
        {cls ? `Reads as ${ANTIBODY_CLASS_LABELS[cls]}` : 'Enter a value to see its class'}{x !== null ? ` · ${levelText(x, (comparator || null) as '<' | '>' | null)} × cut-off` : ''}
      </p>
    </>
  );
}
