'use client';
import { useActionState, useState } from 'react';
import { IDLE } from '@/lib/actions/form-state';
import { addDays, isIsoDate } from '@/lib/domain/dates';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { changeDoseAction, stopMedicationAction } from './medication-actions';
import { DoseFields, ReasonSelect } from './medication-form';

export interface EpochSummary { id: number; drug: string; dose: number; doseUnit: string; route: string; frequency: string; startOn: string }

/**
 * "Change dose": the current epoch ends the day before the new dose starts (end
 * dates are the last day taken, lib/domain/medications.ts) and the next epoch
 * starts, in one transaction. The preview says which day the current dose ends.
 */
export function DoseChangeForm({ patientId, epoch, today }: { patientId: number; epoch: EpochSummary; today: string }) {
  const [state, action] = useActionState(changeDoseAction, IDLE);
  const e = state.errors ?? {};
  const v: Record<string, string> = {
    dose: String(epoch.dose), doseUnit: epoch.doseUnit, route: epoch.route, frequency: epoch.frequency, reason: 'tapered', startOn: today,
    ...(state.status === 'error' ? state.values ?? {} : {}),
  };
  const [startOn, setStartOn] = useState(v.startOn ?? today);
  const ends = isIsoDate(startOn) && startOn > epoch.startOn ? addDays(startOn, -1) : null;
  return (
    <form action={action} className="stack" noValidate aria-label={`Change the dose of ${epoch.drug}`}>
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="epochId" value={epoch.id} />
      <div className="grid">
        <div className="field">
          <label htmlFor="f-startOn">New dose from</label>
          <input id="f-startOn" name="startOn" type="date" required min={addDays(epoch.startOn, 1)} max={today} value={startOn} onChange={(ev) => setStartOn(ev.target.value)}
            aria-invalid={e.startOn ? true : undefined} aria-describedby={e.startOn ? 'f-startOn-error' : 'f-startOn-hint'} />
          <p className="hint" id="f-startOn-hint" aria-live="polite">
            {ends ? `${epoch.dose} ${epoch.doseUnit} ends on ${ends} (last day taken).` : `Must be after ${epoch.startOn} and not after today.`}
          </p>
          {e.startOn ? <p className="field-error" id="f-startOn-error">{e.startOn.join(' ')}</p> : null}
        </div>
        <DoseFields v={v} e={e} />
        <ReasonSelect name="reason" label="Reason for the change" value={v.reason} errors={e.reason} />
      </div>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Change dose</SubmitButton>
    </form>
  );
}

/** "Stop": the last day taken and why (docs/domain.md section 6: stopping is an epoch end with reason). */
export function StopForm({ patientId, epoch, today }: { patientId: number; epoch: EpochSummary; today: string }) {
  const [state, action] = useActionState(stopMedicationAction, IDLE);
  const e = state.errors ?? {};
  const v: Record<string, string> = { endOn: today, endReason: 'stopped', ...(state.status === 'error' ? state.values ?? {} : {}) };
  return (
    <form action={action} className="stack" noValidate aria-label={`Stop ${epoch.drug}`}>
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="epochId" value={epoch.id} />
      <div className="grid">
        <Field name="endOn" label="Last day taken" type="date" required min={epoch.startOn} max={today} defaultValue={v.endOn} errors={e.endOn}
          hint={`From ${epoch.startOn} to today; a planned stop is recorded when it happens.`} />
        <ReasonSelect name="endReason" label="Reason for stopping" value={v.endReason} errors={e.endReason} />
      </div>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton className="btn danger">Stop {epoch.drug}</SubmitButton>
    </form>
  );
}
