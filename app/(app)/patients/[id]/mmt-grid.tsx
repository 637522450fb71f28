'use client';
import { useState } from 'react';
import { kendallToMrc, MMT_GROUPS, mmtTests, mmtTotal, type MmtTest } from '@/lib/domain/mmt';
import type { MmtVersion } from '@/lib/domain/types';
import { gradeField, gradeMessage, MMT_VERSION_LABELS, mmtSummary, parseGrade } from '@/lib/validation/visit-fields';

/**
 * MMT-8 entry in exam-sheet order (IMACS: neck flexors, then each limb group right
 * then left; docs/clinical/strength.md), so Tab walks the sheet. The total is
 * recomputed as each grade is typed with the same lib/domain/mmt.ts the server uses;
 * an incomplete exam reads as partial, never as a low total. The server recomputes
 * everything: this display is a courtesy.
 */
export function MmtGrid({ initialVersion, initial, errors }: { initialVersion?: string; initial: Record<string, string>; errors: Record<string, string[]> }) {
  const [version, setVersion] = useState<MmtVersion>(initialVersion === 'bilateral' ? 'bilateral' : 'unilateral');
  const [raw, setRaw] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(initial).filter(([k]) => k.startsWith('mmt_'))));
  // Grades edited since the server's answer: its error about the old value no longer applies
  // (a fixed grade must not keep showing the old error). Keyed on the errors object, so
  // the next answer starts afresh.
  const [edited, setEdited] = useState<{ errors: Record<string, string[]>; names: ReadonlySet<string> }>({ errors, names: new Set() });
  const editedNames = edited.errors === errors ? edited.names : new Set<string>();
  const noteEdit = (name: string) => setEdited((prev) => ({ errors, names: new Set([...(prev.errors === errors ? prev.names : []), name]) }));
  const tests = mmtTests(version);
  const parsed = Object.fromEntries(tests.map((t) => {
    const g = parseGrade(raw[gradeField(t.key)]);
    return [t.key, g === undefined ? Number.NaN : g];
  }));
  const m = mmtTotal(version, parsed);

  /** Switching version carries typed grades over (unilateral = the right side). */
  function switchTo(next: MmtVersion) {
    setRaw((prev) => {
      const out = { ...prev };
      for (const g of MMT_GROUPS) {
        if (g.axial) continue;
        const [from, to] = next === 'bilateral' ? [g.key, `${g.key}_right`] : [`${g.key}_right`, g.key];
        if (!out[gradeField(to)] && prev[gradeField(from)]) out[gradeField(to)] = prev[gradeField(from)]!;
      }
      return out;
    });
    setVersion(next);
  }

  function cell(t: MmtTest | undefined, hiddenLabel: boolean, span = 1) {
    if (!t) return <td />;
    const name = gradeField(t.key);
    const id = `f-${name}`;
    const value = raw[name] ?? '';
    const g = parseGrade(value);
    const problem = g === undefined ? [gradeMessage(t.label)] : editedNames.has(name) ? undefined : errors[name];
    const mrc = typeof g === 'number' ? kendallToMrc(g) : null;
    return (
      <td colSpan={span}>
        {hiddenLabel ? <label className="visually-hidden" htmlFor={id}>{t.label}</label> : null}
        <input id={id} name={name} className="grade" inputMode="numeric" autoComplete="off" maxLength={4} value={value}
          onChange={(ev) => { setRaw((prev) => ({ ...prev, [name]: ev.target.value })); noteEdit(name); }}
          aria-invalid={problem?.length ? true : undefined} aria-describedby={problem?.length ? `${id}-error` : undefined} />
        {mrc ? <span className="hint mrc"> MRC {mrc}</span> : null}
        {problem?.length ? <p className="field-error" id={`${id}-error`}>{problem.join(' ')}</p> : null}
      </td>
    );
  }

  return (
    <fieldset className="mmt">
      <legend>Strength: MMT-8, Kendall 0-10 per group (10 = normal)</legend>
      <div className="field">
        <label htmlFor="f-mmtVersion">Version</label>
        <select id="f-mmtVersion" name="mmtVersion" value={version} onChange={(ev) => switchTo(ev.target.value === 'bilateral' ? 'bilateral' : 'unilateral')}>
          {(['unilateral', 'bilateral'] as const).map((v) => <option key={v} value={v}>{MMT_VERSION_LABELS[v]}</option>)}
        </select>
        {errors.mmtVersion ? <p className="field-error">{errors.mmtVersion.join(' ')}</p> : null}
      </div>
      <table className="table mmt-table">
        <thead>
          <tr><th scope="col">Muscle group</th>{version === 'bilateral' ? <><th scope="col">Right</th><th scope="col">Left</th></> : <th scope="col">Grade (right side unless noted)</th>}</tr>
        </thead>
        <tbody>
          {MMT_GROUPS.map((group) => {
            const mine = tests.filter((t) => t.group === group.key);
            const first = mine[0];
            if (version === 'unilateral' || group.axial) {
              return (
                <tr key={group.key}>
                  <th scope="row"><label htmlFor={first ? `f-${gradeField(first.key)}` : undefined}>{group.label}</label></th>
                  {cell(first, false, version === 'bilateral' ? 2 : 1)}
                </tr>
              );
            }
            return (
              <tr key={group.key}>
                <th scope="row">{group.label}</th>
                {cell(mine.find((t) => t.side === 'right'), true)}
                {cell(mine.find((t) => t.side === 'left'), true)}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mmt-live" aria-live="polite" data-testid="mmt-live">
        {m.complete ? <strong>MMT-8 total {m.total} / {m.max}</strong> : m.tested === 0 ? 'No grade yet: leave all empty if strength was not tested.' : (
          <><strong>{mmtSummary(m)}</strong> (a total needs all {m.required}; a partial exam is saved as partial)</>
        )}
        {m.invalid.length ? <span className="field-error"> {m.invalid.length} grade{m.invalid.length > 1 ? 's are' : ' is'} not a whole number from 0 to 10.</span> : null}
      </p>
    </fieldset>
  );
}
