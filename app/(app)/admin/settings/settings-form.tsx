'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { COVERAGE_DRUGS, COVERAGE_RANGE, numericSettingKeys, SIGNAL_SETTING_RANGES, type SignalSettings } from '@/lib/domain/signals';
import { Field, FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { updateSignalSettingsAction } from './actions';

export function SignalSettingsForm({ current, defaults }: { current: SignalSettings; defaults: SignalSettings }) {
  const [state, action] = useActionState(updateSignalSettingsAction, IDLE);
  const e = state.errors ?? {};
  const shown = (name: string, value: number | undefined) => (state.status === 'error' ? state.values?.[name] : String(value ?? ''));
  return (
    <form action={action} className="stack" noValidate aria-label="Signal thresholds">
      <div className="grid">
        {numericSettingKeys().map((k) => {
          const r = SIGNAL_SETTING_RANGES[k];
          return (
            <Field key={k} name={k} label={`${r.label}${r.unit ? ` (${r.unit})` : ''}`} inputMode="decimal" errors={e[k]}
              defaultValue={shown(k, current[k])} hint={`${r.min}–${r.max}; default ${defaults[k]}. ${r.basis}`} />
          );
        })}
      </div>
      <fieldset>
        <legend>Days one infusion covers, when the dose frequency does not say</legend>
        <p className="hint">Pulse therapies count as current treatment until the next dose is due (local defaults).</p>
        <div className="grid">
          {COVERAGE_DRUGS.map((d) => {
            const name = `coverage.${d.key}`;
            return (
              <Field key={d.key} name={name} label={`${d.label} (days)`} inputMode="numeric" errors={e[name]}
                defaultValue={shown(name, current.drugCoverageDays[d.key])}
                hint={`${COVERAGE_RANGE.min}–${COVERAGE_RANGE.max}; default ${defaults.drugCoverageDays[d.key]}`} />
            );
          })}
        </div>
      </fieldset>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton pendingText="Saving and recomputing…">Save and recompute all patients</SubmitButton>
    </form>
  );
}
