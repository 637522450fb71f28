'use client';
import { useRef, useState, type FormEvent } from 'react';
import { addDays, isIsoDate } from '@/lib/domain/dates';
import { DOSE_CHANGE_REASONS, reasonOptions, routeLabel, STOP_REASONS } from '@/lib/validation/medication-options';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { useEntryForm } from '@/app/ui/use-entry-form';
import { changeDoseAction, stopMedicationAction } from './medication-actions';
import { DoseFields, ReasonSelect } from './medication-form';

export interface EpochSummary { id: number; drug: string; dose: number; doseUnit: string; route: string; frequency: string; startOn: string }

/**
 * "Change dose": the current epoch ends the day before the new dose starts (end
 * dates are the last day taken, lib/domain/medications.ts) and the next epoch
 * starts, in one transaction. The preview says which day the current dose ends.
 */
export function DoseChangeForm({ patientId, epoch, today }: { patientId: number; epoch: EpochSummary; today: string }) {
  const form = useEntryForm(changeDoseAction);
  const e = form.errors;
  const v: Record<string, string> = {
    dose: String(epoch.dose), doseUnit: epoch.doseUnit, route: epoch.route, frequency: epoch.frequency, reason: 'tapered', startOn: today, ...form.sent,
  };
  const [startOn, setStartOn] = useState(v.startOn ?? today);
  const ends = isIsoDate(startOn) && startOn > epoch.startOn ? addDays(startOn, -1) : null;
  return (
    <form {...form.formProps} className="stack" aria-label={`Change the dose of ${epoch.drug}`}>
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="epochId" value={epoch.id} />
      <div className="grid">
        <div className="field">
          <label htmlFor="f-startOn">New dose from</label>
          <input id="f-startOn" name="startOn" type="date" required min={addDays(epoch.startOn, 1)} max={today} value={startOn} onChange={(ev) => setStartOn(ev.target.value)}
            aria-invalid={e.startOn ? true : undefined} aria-describedby={e.startOn ? 'f-startOn-hint f-startOn-error' : 'f-startOn-hint'} />
          <p className="hint" id="f-startOn-hint" aria-live="polite">
            {ends ? `${epoch.dose} ${epoch.doseUnit} ends on ${ends} (last day taken).` : `Must be after ${epoch.startOn} and not after today.`}
          </p>
          {e.startOn ? <p className="field-error" id="f-startOn-error">{e.startOn.join(' ')}</p> : null}
        </div>
        <DoseFields v={v} e={e} />
        <ReasonSelect name="reason" label="Reason for the change" reasons={DOSE_CHANGE_REASONS} value={v.reason} errors={e.reason} />
      </div>
      <FormMessage status={form.state.status} message={form.state.message} pending={form.pending} />
      <SubmitButton>Change dose</SubmitButton>
    </form>
  );
}

/**
 * "Stop": the last day taken and why (docs/clinical/treatment.md: stopping is an epoch
 * end with reason). Stopping takes a drug out of current treatment and of the
 * signals' "on immunosuppression", so the first submit (button or Enter) opens a
 * confirmation naming the drug and dose, the last day and the reason; only its
 * "Yes" sends the form.
 */
export function StopForm({ patientId, epoch, today }: { patientId: number; epoch: EpochSummary; today: string }) {
  const form = useEntryForm(stopMedicationAction);
  const e = form.errors;
  const [endOn, setEndOn] = useState(form.sent.endOn ?? today);
  const [endReason, setEndReason] = useState(form.sent.endReason ?? 'stopped');
  const dialog = useRef<HTMLDialogElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const reasonText = reasonOptions(STOP_REASONS).find((r) => r.key === endReason)?.label ?? endReason;

  function onSubmit(ev: FormEvent<HTMLFormElement>) {
    const box = dialog.current;
    if (box && !box.open) {
      ev.preventDefault();
      box.showModal();
      // The safe choice has focus: Enter or Space on arrival does not stop the drug.
      back.current?.focus();
      return;
    }
    box?.close();
    form.formProps.onSubmit(ev);
  }
  return (
    <form {...form.formProps} onSubmit={onSubmit} className="stack" aria-label={`Stop ${epoch.drug}`}>
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="epochId" value={epoch.id} />
      <div className="grid">
        <Field name="endOn" label="Last day taken" errors={e.endOn} hint={`From ${epoch.startOn} to today; a planned stop is recorded when it happens.`}>
          <input id="f-endOn" name="endOn" type="date" required min={epoch.startOn} max={today} value={endOn} onChange={(ev) => setEndOn(ev.target.value)}
            aria-invalid={e.endOn ? true : undefined} aria-describedby={e.endOn ? 'f-endOn-hint f-endOn-error' : 'f-endOn-hint'} />
        </Field>
        <ReasonSelect name="endReason" label="Reason for stopping" reasons={STOP_REASONS} value={endReason} onChange={setEndReason} errors={e.endReason} />
      </div>
      <FormMessage status={form.state.status} message={form.state.message} pending={form.pending} />
      <button type="submit" className="btn danger">Stop {epoch.drug}…</button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="stop-confirm-h" aria-describedby="stop-confirm-what">
        <h3 id="stop-confirm-h">Stop {epoch.drug}?</h3>
        <dl id="stop-confirm-what" className="inline-dl" data-testid="stop-confirmation">
          <div><dt>Stops</dt><dd>{epoch.drug} {epoch.dose} {epoch.doseUnit} {routeLabel(epoch.route)} {epoch.frequency}, taken since {epoch.startOn}</dd></div>
          <div><dt>Last day taken</dt><dd>{endOn || 'not given'}{endOn === today ? ' (today)' : ''}</dd></div>
          <div><dt>Reason</dt><dd>{reasonText}</dd></div>
        </dl>
        <p className="hint">It stays in the medication list with this end date and reason, and leaves current treatment after the last day.</p>
        <div className="row">
          <SubmitButton className="btn danger">Yes, stop {epoch.drug}</SubmitButton>
          <button ref={back} type="button" className="btn secondary" onClick={() => dialog.current?.close()}>Go back</button>
        </div>
      </dialog>
    </form>
  );
}
