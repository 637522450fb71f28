'use client';
import { assayDescription, assayOptionLabel, type AssayOption } from './assay-option';

/**
 * The assay of an anti-Mi2 result. Full width, with the whole name, lab, unit and
 * cut-off written under it: a closed <select> cuts a long label ("Mi-2 (unspecified)
 * · Mi-2 EL…"), most of all at 200% zoom or on a phone, and the assay decides how the
 * value is read.
 */
export function AssaySelect({ assays, value, onChange, errors, idPrefix }: {
  assays: AssayOption[]; value: string; onChange: (id: string) => void; errors?: string[]; idPrefix: string;
}) {
  const id = `${idPrefix}-assayId`;
  const assay = assays.find((a) => String(a.id) === value);
  const describedBy = [`${id}-hint`, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field wide">
      <label htmlFor={id}>Assay</label>
      <select id={id} name="assayId" value={value} onChange={(ev) => onChange(ev.target.value)} aria-describedby={describedBy} aria-invalid={errors?.length ? true : undefined}>
        {assay ? null : <option value="">Choose the assay on the report</option>}
        {assays.map((a) => <option key={a.id} value={a.id}>{assayOptionLabel(a)}</option>)}
      </select>
      <p className="hint assay-full" id={`${id}-hint`} data-testid="assay-description">{assay ? assayDescription(assay) : 'No assay chosen.'}</p>
      {errors?.length ? <p className="field-error" id={`${id}-error`}>{errors.join(' ')}</p> : null}
    </div>
  );
}
