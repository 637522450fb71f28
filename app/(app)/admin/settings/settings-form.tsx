'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-state';
import { SIGNAL_SETTING_RANGES, type SignalSettings } from '@/lib/domain/signals';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { updateSignalSettingsAction } from './actions';

export function SignalSettingsForm({ current, defaults }: { current: SignalSettings; defaults: SignalSettings }) {
  const [state, action] = useActionState(updateSignalSettingsAction, IDLE);
  const e = state.errors ?? {};
  const keys = Object.keys(SIGNAL_SETTING_RANGES) as (keyof SignalSettings)[];
  return (
    <form action={action} className="stack" noValidate aria-label="Signal thresholds">
      <div className="grid">
        {keys.map((k) => {
          const r = SIGNAL_SETTING_RANGES[k];
          return (
            <Field key={k} name={k} label={`${r.label}${r.unit ? ` (${r.unit})` : ''}`} inputMode="decimal" errors={e[k]}
              defaultValue={state.status === 'error' ? state.values?.[k] : String(current[k])}
              hint={`${r.min}–${r.max}; default ${defaults[k]}`} />
          );
        })}
      </div>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton pendingText="Saving and recomputing…">Save and recompute all patients</SubmitButton>
    </form>
  );
}
