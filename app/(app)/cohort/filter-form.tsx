import { COHORT_GROUPS, STUDY_GROUPS } from '@/lib/domain/cohort/types';
import type { FieldErrors } from '@/lib/errors';
import { ACTIVITY_ANALYTES, type CohortView } from '@/lib/validation/cohort';
import { ANALYTE_LABELS } from '@/lib/validation/labs';
import { DIAGNOSIS_LABELS, SEXES } from '@/lib/validation/patients';

export type RawQuery = Record<string, string | string[] | undefined>;

const one = (raw: RawQuery, key: string): string => {
  const v = raw[key];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

function Err({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? <p className="field-error" id={`${id}-error`} aria-live="polite">{errors.join(' ')}</p> : null;
}

function NumberField({ name, label, raw, errors, min, max, placeholder }: { name: string; label: string; raw: RawQuery; errors: FieldErrors; min: number; max: number; placeholder?: string }) {
  const id = `c-${name}`;
  const e = errors[name];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="number" inputMode="numeric" min={min} max={max} step={1} defaultValue={one(raw, name)} placeholder={placeholder}
        aria-invalid={e?.length ? true : undefined} aria-describedby={e?.length ? `${id}-error` : undefined} />
      <Err id={id} errors={e} />
    </div>
  );
}

/**
 * The cohort filters as a plain GET form: the URL holds the whole selection, so a
 * view can be bookmarked, shared with a colleague, and downloaded as the same CSV.
 * Values are shown as typed (even invalid ones) next to their messages.
 */
export function CohortFilterForm({ view, raw, errors }: { view: CohortView; raw: RawQuery; errors: FieldErrors }) {
  const groupsRaw = raw.group;
  const checked = groupsRaw === undefined || groupsRaw === '' ? [...STUDY_GROUPS] : Array.isArray(groupsRaw) ? groupsRaw : [groupsRaw];
  const dateField = (name: 'from' | 'to', label: string) => (
    <div className="field">
      <label htmlFor={`c-${name}`}>{label}</label>
      <input id={`c-${name}`} name={name} type="date" defaultValue={one(raw, name)} aria-invalid={errors[name]?.length ? true : undefined} aria-describedby={errors[name]?.length ? `c-${name}-error` : undefined} />
      <Err id={`c-${name}`} errors={errors[name]} />
    </div>
  );
  return (
    <form className="card stack" method="get" aria-label="Filter the cohort" data-testid="cohort-filters">
      <input type="hidden" name="view" value={view} />
      {/* Settings of the other views ride along, so coming back to them keeps them. */}
      {view !== 'activity' && one(raw, 'window') ? <input type="hidden" name="window" value={one(raw, 'window')} /> : null}
      {view !== 'activity' && one(raw, 'analyte') ? <input type="hidden" name="analyte" value={one(raw, 'analyte')} /> : null}
      {view !== 'course' && one(raw, 'years') ? <input type="hidden" name="years" value={one(raw, 'years')} /> : null}
      {view !== 'course' && one(raw, 'afterStop') ? <input type="hidden" name="afterStop" value={one(raw, 'afterStop')} /> : null}
      <fieldset className="cohort-groups">
        <legend className="label">Diagnosis groups</legend>
        <div className="checks">
          {COHORT_GROUPS.map((g) => (
            <label key={g}><input type="checkbox" name="group" value={g} defaultChecked={checked.includes(g)} /> {DIAGNOSIS_LABELS[g]}</label>
          ))}
        </div>
        {/* A bad group arrives as "group.0", "group.1"...: one message under the boxes. */}
        <Err id="c-group" errors={[...new Set(Object.entries(errors).filter(([k]) => k === 'group' || k.startsWith('group.')).flatMap(([, m]) => m))]} />
      </fieldset>
      <div className="grid">
        <div className="field">
          <label htmlFor="c-sex">Sex</label>
          <select id="c-sex" name="sex" defaultValue={one(raw, 'sex') || 'any'} aria-invalid={errors.sex?.length ? true : undefined}>
            <option value="any">Any</option>
            {SEXES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
          <Err id="c-sex" errors={errors.sex} />
        </div>
        {dateField('from', 'Diagnosed from')}
        {dateField('to', 'Diagnosed to')}
        <NumberField name="ageMin" label="Age at onset from (years)" raw={raw} errors={errors} min={0} max={120} />
        <NumberField name="ageMax" label="Age at onset to (years)" raw={raw} errors={errors} min={0} max={120} />
        {view === 'activity' ? (
          <>
            <NumberField name="window" label="Pairing window (days)" raw={raw} errors={errors} min={1} max={365} placeholder="30" />
            <div className="field">
              <label htmlFor="c-analyte">Analyte</label>
              <select id="c-analyte" name="analyte" defaultValue={one(raw, 'analyte') || 'any'}>
                {ACTIVITY_ANALYTES.map((a) => <option key={a} value={a}>{a === 'any' ? 'Any anti-Mi2 (the most used assay)' : `Anti-${ANALYTE_LABELS[a]}`}</option>)}
              </select>
              <Err id="c-analyte" errors={errors.analyte} />
            </div>
          </>
        ) : null}
        {view === 'course' ? <NumberField name="years" label="Minimum follow-up (years)" raw={raw} errors={errors} min={1} max={30} placeholder="4" /> : null}
        {view === 'course' ? <NumberField name="afterStop" label="Follow-up after stopping before “never relapsed” (months)" raw={raw} errors={errors} min={1} max={120} placeholder="12" /> : null}
      </div>
      <p className="hint">Dates use the diagnosis date (the onset date when there is none); age at onset needs an onset date. Patients without them drop out when those filters are set.</p>
      <div className="row"><button className="btn" type="submit">Apply</button></div>
    </form>
  );
}
