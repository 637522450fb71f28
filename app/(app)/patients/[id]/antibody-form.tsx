'use client';
import { useActionState, useState } from 'react';
import { IDLE, type FormState } from '@/lib/actions/form-state';
import { ANTIBODY_CLASS_LABELS, classifyAntibody, xCutoff } from '@/lib/domain/antibody';
import { QUALITATIVE_CATEGORIES } from '@/lib/domain/types';
import { ANALYTE_LABELS } from '@/lib/validation/lab-labels';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { recordAntibodyAction } from './lab-actions';

export interface AssayOption {
  id: number; name: string; lab: string; analyte: keyof typeof ANALYTE_LABELS; unit: string;
  cutoff: number | null; positiveFrom: number | null; strongAbove: number | null; qualitativeOnly: boolean;
}

/** Anti-Mi2 entry: the cut-off is prefilled from the assay and editable to the report's. */
export function AntibodyForm(props: { patientId: number; assays: AssayOption[]; today: string }) {
  const [state, action] = useActionState(recordAntibodyAction, IDLE);
  // A successful save remounts the fields, clearing what was typed.
  return <AntibodyFields key={state.savedAt ?? 'form'} {...props} state={state} action={action} />;
}

function AntibodyFields({ patientId, assays, today, state, action }: { patientId: number; assays: AssayOption[]; today: string; state: FormState; action: (fd: FormData) => void }) {
  const v = state.status === 'error' ? state.values ?? {} : {};
  const e = state.errors ?? {};
  const [assayId, setAssayId] = useState(v.assayId ?? String(assays[0]?.id ?? ''));
  const assay = assays.find((a) => String(a.id) === assayId);
  const [value, setValue] = useState(v.value ?? '');
  const [comparator, setComparator] = useState(v.comparator ?? '');
  const [cutoff, setCutoff] = useState(v.cutoff ?? '');
  const num = value.trim() === '' ? null : Number(value);
  const cut = cutoff.trim() === '' ? assay?.cutoff ?? null : Number(cutoff);
  const cls = assay && num !== null && Number.isFinite(num)
    ? classifyAntibody({ value: num, comparator: (comparator || null) as '<' | '>' | null, qualitative: null, cutoff: cut, positiveFrom: assay.positiveFrom, strongAbove: assay.strongAbove })
    : null;
  const x = num !== null && Number.isFinite(num) ? xCutoff(num, cut) : null;
  return (
    <form action={action} className="stack" noValidate aria-label="Add anti-Mi2 result">
      <input type="hidden" name="patientId" value={patientId} />
      <div className="grid">
        <Field idPrefix="ab" name="assayId" label="Assay" errors={e.assayId}>
          <select id="ab-assayId" name="assayId" value={assayId} onChange={(ev) => { setAssayId(ev.target.value); setCutoff(''); }}>
            {assays.map((a) => <option key={a.id} value={a.id}>{ANALYTE_LABELS[a.analyte]} · {a.name}{a.lab ? ` (${a.lab})` : ''}</option>)}
          </select>
        </Field>
        <Field idPrefix="ab" name="collectedOn" label="Collected on" type="date" required max={today} defaultValue={v.collectedOn} errors={e.collectedOn} />
        <Field idPrefix="ab" name="comparator" label="Comparator" errors={e.comparator}>
          <select id="ab-comparator" name="comparator" value={comparator} onChange={(ev) => setComparator(ev.target.value)} disabled={assay?.qualitativeOnly}>
            <option value="">=</option><option value="<">&lt; (below)</option><option value=">">&gt; (above)</option>
          </select>
        </Field>
        <div className="field">
          <label htmlFor="ab-value">Value{assay ? ` (${assay.unit})` : ''}</label>
          <input id="ab-value" name="value" inputMode="decimal" value={value} onChange={(ev) => setValue(ev.target.value)} disabled={assay?.qualitativeOnly}
            aria-invalid={e.value ? true : undefined} aria-describedby={e.value ? 'ab-value-error' : undefined} />
          {e.value ? <p className="field-error" id="ab-value-error">{e.value.join(' ')}</p> : null}
        </div>
        <Field idPrefix="ab" name="qualitative" label="Or category" errors={e.qualitative}>
          <select id="ab-qualitative" name="qualitative" defaultValue={v.qualitative ?? ''}>
            <option value="">—</option>
            {QUALITATIVE_CATEGORIES.map((q) => <option key={q} value={q}>{ANTIBODY_CLASS_LABELS[q]}</option>)}
          </select>
        </Field>
        <div className="field">
          <label htmlFor="ab-cutoff">Cut-off in force</label>
          <input id="ab-cutoff" name="cutoff" inputMode="decimal" value={cutoff} placeholder={assay?.cutoff !== null && assay?.cutoff !== undefined ? String(assay.cutoff) : ''}
            onChange={(ev) => setCutoff(ev.target.value)} disabled={assay?.qualitativeOnly} aria-describedby="ab-cutoff-hint" aria-invalid={e.cutoff ? true : undefined} />
          <p className="hint" id="ab-cutoff-hint">Empty = the assay&apos;s {assay?.cutoff ?? '—'} {assay?.unit}</p>
          {e.cutoff ? <p className="field-error">{e.cutoff.join(' ')}</p> : null}
        </div>
        <Field idPrefix="ab" name="accession" label="Lab accession" maxLength={64} defaultValue={v.accession} errors={e.accession} />
      </div>
      <p className="hint" aria-live="polite" data-testid="antibody-preview">
        {cls ? `Reads as ${ANTIBODY_CLASS_LABELS[cls]}` : 'Enter a value to see its class'}{x !== null ? ` · ${x.toFixed(2)} × cut-off` : ''}
      </p>
      {e.allowDuplicate ? (
        <label className="alert warn"><input type="checkbox" name="allowDuplicate" /> Save anyway: this is a separate result</label>
      ) : null}
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Save result</SubmitButton>
    </form>
  );
}
