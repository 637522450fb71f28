'use client';
import { FINDINGS, FINDING_LABELS, findingField } from '@/lib/validation/visit-fields';
import { Field, FormMessage } from '@/app/ui/field';
import { SaveAnyway } from '@/app/ui/save-anyway';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm, type FormAction } from '@/app/ui/use-entry-form';
import { MmtGrid } from './mmt-grid';

/** The IMACS core-set measures typed at a visit (docs/clinical/tis.md), with their ranges. */
const MEASURES = [
  { name: 'physicianGlobal', label: 'Physician global activity', hint: '0-10 cm VAS (0 = no activity)' },
  { name: 'patientGlobal', label: 'Patient global activity', hint: '0-10 cm VAS' },
  { name: 'haq', label: 'HAQ-DI', hint: '0-3' },
  { name: 'extramuscular', label: 'Extramuscular activity', hint: '0-10 cm VAS (MDAAT global)' },
] as const;

/**
 * A clinic visit in exam-sheet order: date and clinician, MMT-8 with a live total,
 * the core-set measures, findings, notes. Used to log a visit and, with `visitId`,
 * to correct one (which asks for a reason).
 */
export function VisitForm({ action, patientId, today, initial = {}, visitId }: {
  action: FormAction;
  patientId: number;
  today: string;
  initial?: Record<string, string>;
  visitId?: number;
}) {
  const form = useEntryForm(action);
  const e = form.errors;
  const v: Record<string, string> = { ...initial, ...form.sent };
  return (
    <form {...form.formProps} className="stack" aria-label={visitId ? 'Correct visit' : 'Log visit'}>
      <input type="hidden" name="patientId" value={patientId} />
      {visitId ? <input type="hidden" name="visitId" value={visitId} /> : null}
      <div className="grid">
        <Field name="visitOn" label="Visit date" type="date" required max={today} defaultValue={v.visitOn ?? today} errors={e.visitOn} autoFocus={!visitId} />
        <Field name="clinicianName" label="Clinician" maxLength={120} defaultValue={v.clinicianName} errors={e.clinicianName} hint="Who examined; empty means you." />
      </div>
      <MmtGrid initialVersion={v.mmtVersion} initial={v} errors={e} />
      <fieldset>
        <legend>Core set measures</legend>
        <div className="grid">
          {MEASURES.map((m) => (
            <Field key={m.name} name={m.name} label={m.label} inputMode="decimal" defaultValue={v[m.name]} errors={e[m.name]} hint={m.hint} />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Findings</legend>
        <div className="checks">
          {FINDINGS.map((f) => (
            <label key={f}>
              <input type="checkbox" name={findingField(f)} defaultChecked={v[findingField(f)] === 'on'} /> {FINDING_LABELS[f]}
            </label>
          ))}
        </div>
      </fieldset>
      <Field name="notes" label="Notes" errors={e.notes} hint="At most 4000 characters.">
        <textarea id="f-notes" name="notes" rows={3} maxLength={4000} defaultValue={v.notes} aria-describedby="f-notes-hint" />
      </Field>
      {visitId ? <Field name="reason" label="Reason for the correction" required maxLength={500} defaultValue={v.reason} errors={e.reason} hint="Kept with the earlier version in the history." /> : null}
      <SaveAnyway idPrefix="f" confirm={form.confirm} onConfirm={form.onConfirm} />
      <FormMessage status={form.state.status} message={form.state.message} pending={form.pending} />
      <SubmitButton>{visitId ? 'Save correction' : 'Save visit'}</SubmitButton>
    </form>
  );
}
