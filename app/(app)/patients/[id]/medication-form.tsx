'use client';
import { useState } from 'react';
import { CHANGE_REASONS, DRUG_CATALOG } from '@/lib/domain/medications';
import { DOSE_UNITS, END_REASONS, FREQUENCY_SUGGESTIONS, reasonOptions, ROUTES, ROUTE_LABELS, START_REASONS, type ReasonList } from '@/lib/validation/medication-options';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm, type FormAction } from '@/app/ui/use-entry-form';

/** Shared by the dose forms: unit, route and frequency pickers with their suggestions. */
export function DoseFields({ v, e, onChange }: {
  v: { dose?: string; doseUnit?: string; route?: string; frequency?: string };
  e: Record<string, string[]>;
  onChange?: (field: 'doseUnit' | 'route' | 'frequency', value: string) => void;
}) {
  const controlled = onChange !== undefined;
  const bind = (field: 'doseUnit' | 'route' | 'frequency') =>
    controlled ? { value: v[field] ?? '', onChange: (ev: { target: { value: string } }) => onChange(field, ev.target.value) } : { defaultValue: v[field] };
  return (
    <>
      <Field name="dose" label="Dose" inputMode="decimal" required defaultValue={v.dose} errors={e.dose} hint="A number greater than 0." />
      <Field name="doseUnit" label="Unit" errors={e.doseUnit}>
        <select id="f-doseUnit" name="doseUnit" {...bind('doseUnit')}>{DOSE_UNITS.map((u) => <option key={u} value={u}>{u}</option>)}</select>
      </Field>
      <Field name="route" label="Route" errors={e.route}>
        <select id="f-route" name="route" {...bind('route')}>{ROUTES.map((r) => <option key={r} value={r}>{ROUTE_LABELS[r]}</option>)}</select>
      </Field>
      <Field name="frequency" label="Frequency" errors={e.frequency}>
        <input id="f-frequency" name="frequency" list="frequency-suggestions" maxLength={40} autoComplete="off" {...bind('frequency')}
          aria-invalid={e.frequency ? true : undefined} aria-describedby={e.frequency ? 'f-frequency-error' : undefined} />
      </Field>
      <datalist id="frequency-suggestions">{FREQUENCY_SUGGESTIONS.map((f) => <option key={f} value={f} />)}</datalist>
    </>
  );
}

/**
 * A reason picker offering only the reasons that fit (`reasons`, medication-options.ts).
 * A stored reason outside the list (an epoch entered before the lists) is still shown,
 * marked, so a correction never silently swaps it for the first option.
 */
export function ReasonSelect({ name, label, reasons, value, errors, allowEmpty = false, onChange }: {
  name: string; label: string; reasons: ReasonList; value?: string; errors?: string[]; allowEmpty?: boolean; onChange?: (key: string) => void;
}) {
  const options = reasonOptions(reasons);
  const stray = value && !options.some((o) => o.key === value) ? value : null;
  const bind = onChange ? { value: value ?? '', onChange: (ev: { target: { value: string } }) => onChange(ev.target.value) } : { defaultValue: value ?? (allowEmpty ? '' : reasons[0]) };
  return (
    <Field name={name} label={label} errors={errors}>
      <select id={`f-${name}`} name={name} {...bind} aria-invalid={errors?.length ? true : undefined}>
        {allowEmpty ? <option value="">—</option> : null}
        {stray ? <option value={stray}>{CHANGE_REASONS.find((r) => r.key === stray)?.label ?? stray} (not offered here)</option> : null}
        {options.map((r) => <option key={r.key} value={r.key}>{r.label}</option>)}
      </select>
    </Field>
  );
}

/**
 * Start a drug (or enter a past epoch), and with `epochId` correct an epoch. Picking
 * a drug prefills its usual unit, route and frequency from DRUG_CATALOG; "Other"
 * asks for the name and whether it is an immunosuppressant (docs/clinical/treatment.md).
 */
export function MedicationForm({ action, patientId, today, initial = {}, epochId }: {
  action: FormAction;
  patientId: number;
  today: string;
  initial?: Record<string, string>;
  epochId?: number;
}) {
  const form = useEntryForm(action);
  const e = form.errors;
  const v: Record<string, string> = { ...initial, ...form.sent };
  const [drug, setDrug] = useState(v.drug ?? 'prednisone');
  const info = DRUG_CATALOG.find((d) => d.key === drug);
  const [dose, setDose] = useState({ doseUnit: v.doseUnit ?? info?.defaultUnit ?? 'mg', route: v.route ?? info?.defaultRoute ?? 'oral', frequency: v.frequency ?? info?.defaultFrequency ?? 'daily' });
  function pickDrug(key: string) {
    setDrug(key);
    const d = DRUG_CATALOG.find((x) => x.key === key);
    if (d) setDose({ doseUnit: d.defaultUnit, route: d.defaultRoute, frequency: d.defaultFrequency });
  }
  return (
    <form {...form.formProps} className="stack" aria-label={epochId ? 'Correct medication epoch' : 'Start a drug'}>
      <input type="hidden" name="patientId" value={patientId} />
      {epochId ? <input type="hidden" name="epochId" value={epochId} /> : null}
      <div className="grid">
        <Field name="drug" label="Drug" errors={e.drug} hint={info?.immunosuppressant === false ? 'Not an immunosuppressant.' : info?.immunosuppressant ? 'Counts as immunosuppression.' : 'Say below whether it is an immunosuppressant.'}>
          <select id="f-drug" name="drug" value={drug} onChange={(ev) => pickDrug(ev.target.value)} aria-describedby="f-drug-hint" autoFocus={!epochId}>
            {DRUG_CATALOG.map((d) => <option key={d.key} value={d.key}>{d.label}</option>)}
          </select>
        </Field>
        {drug === 'other' ? (
          <>
            <Field name="otherName" label="Drug name" required maxLength={80} defaultValue={v.otherName} errors={e.otherName} />
            <fieldset className="field" aria-describedby={e.otherImmunosuppressant ? 'f-otherImmunosuppressant-error' : undefined}>
              <legend className="label">Is it an immunosuppressant?</legend>
              <div className="checks">
                <label><input type="radio" name="otherImmunosuppressant" value="yes" defaultChecked={v.otherImmunosuppressant === 'yes'} /> Yes</label>
                <label><input type="radio" name="otherImmunosuppressant" value="no" defaultChecked={v.otherImmunosuppressant === 'no'} /> No</label>
              </div>
              {e.otherImmunosuppressant ? <p className="field-error" id="f-otherImmunosuppressant-error">{e.otherImmunosuppressant.join(' ')}</p> : null}
            </fieldset>
          </>
        ) : null}
        <DoseFields v={{ ...v, ...dose }} e={e} onChange={(field, value) => setDose((d) => ({ ...d, [field]: value }))} />
        <Field name="startOn" label="Start date" type="date" required max={today} defaultValue={v.startOn ?? today} errors={e.startOn} hint="First day taken." />
        <ReasonSelect name="startReason" label="Reason for starting" reasons={START_REASONS} value={v.startReason} errors={e.startReason} />
      </div>
      <fieldset>
        <legend>Already ended? (entering past treatment)</legend>
        <div className="grid">
          <Field name="endOn" label="Last day taken" type="date" max={today} defaultValue={v.endOn} errors={e.endOn} hint="Empty if still taken. Not after today: record a planned stop when it happens." />
          <ReasonSelect name="endReason" label="Reason for ending" reasons={END_REASONS} value={v.endReason} errors={e.endReason} allowEmpty />
        </div>
      </fieldset>
      {epochId ? <Field name="reason" label="Reason for the correction" required maxLength={500} defaultValue={v.reason} errors={e.reason} hint="Kept with the earlier version in the history." /> : null}
      <FormMessage status={form.state.status} message={form.state.message} pending={form.pending} />
      <SubmitButton>{epochId ? 'Save correction' : 'Start drug'}</SubmitButton>
    </form>
  );
}
