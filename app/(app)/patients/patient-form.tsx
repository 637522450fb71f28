'use client';
import { DIAGNOSIS_GROUPS, DIAGNOSIS_LABELS, SEXES } from '@/lib/validation/patient-options';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm, type FormAction } from '@/app/ui/use-entry-form';

type Values = Partial<Record<'mrn' | 'familyName' | 'givenName' | 'birthDate' | 'sex' | 'diagnosisGroup' | 'onsetDate' | 'diagnosisDate' | 'physicianId' | 'notes' | 'reason', string>>;

/** Demographics form, for registering and for corrections (which need a reason). */
export function PatientForm({ action, initial = {}, physicians, patientId }: {
  action: FormAction;
  initial?: Values;
  physicians: { id: number; name: string }[];
  patientId?: number;
}) {
  const form = useEntryForm(action);
  const state = form.state;
  const e = form.errors;
  const v: Values = { ...initial, ...form.sent };
  return (
    <form {...form.formProps} className="stack" aria-label={patientId ? 'Correct patient' : 'Register patient'}>
      {patientId ? <input type="hidden" name="patientId" value={patientId} /> : null}
      <div className="grid">
        <Field name="mrn" label="MRN" required maxLength={32} defaultValue={v.mrn} errors={e.mrn} autoFocus={!patientId} />
        <Field name="familyName" label="Family name" required maxLength={100} defaultValue={v.familyName} errors={e.familyName} />
        <Field name="givenName" label="Given name" required maxLength={100} defaultValue={v.givenName} errors={e.givenName} />
        <Field name="birthDate" label="Birth date" type="date" required defaultValue={v.birthDate} errors={e.birthDate} />
        <Field name="sex" label="Sex" errors={e.sex}>
          <select id="f-sex" name="sex" defaultValue={v.sex ?? 'female'}>
            {SEXES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </Field>
        <Field name="diagnosisGroup" label="Diagnosis group" errors={e.diagnosisGroup}>
          <select id="f-diagnosisGroup" name="diagnosisGroup" defaultValue={v.diagnosisGroup ?? 'mi2-pos-dm'}>
            {DIAGNOSIS_GROUPS.map((g) => <option key={g} value={g}>{DIAGNOSIS_LABELS[g]}</option>)}
          </select>
        </Field>
        <Field name="onsetDate" label="Onset date" type="date" defaultValue={v.onsetDate} errors={e.onsetDate} />
        <Field name="diagnosisDate" label="Diagnosis date" type="date" defaultValue={v.diagnosisDate} errors={e.diagnosisDate} />
        <Field name="physicianId" label="Responsible physician" errors={e.physicianId}>
          <select id="f-physicianId" name="physicianId" defaultValue={v.physicianId ?? ''}>
            <option value="">—</option>
            {physicians.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </Field>
      </div>
      <Field name="notes" label="Notes" errors={e.notes}>
        <textarea id="f-notes" name="notes" rows={3} maxLength={4000} defaultValue={v.notes} />
      </Field>
      {patientId ? <Field name="reason" label="Reason for the correction" required maxLength={500} defaultValue={v.reason} errors={e.reason} hint="Kept with the earlier version in the history." /> : null}
      <FormMessage status={state.status} message={state.message} pending={form.pending} />
      <SubmitButton>{patientId ? 'Save correction' : 'Register patient'}</SubmitButton>
    </form>
  );
}
