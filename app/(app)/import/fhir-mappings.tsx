'use client';
import { useState } from 'react';
import type { MappingRequest } from '@/lib/domain/fhir/import-candidates';

/**
 * One sender code to map: what the Bundle says about it, the candidates with the best
 * one preselected and why, and a button that confirms it once. Nothing is applied
 * without that click (issue 18, item 2: a candidate is never an automatic choice).
 */
function MappingForm({ m, canConfirm, busy, onConfirm }: { m: MappingRequest; canConfirm: boolean; busy: boolean; onConfirm: (fd: FormData) => void }) {
  const [target, setTarget] = useState(m.best ?? '');
  const id = `map-${m.entries[0] ?? 0}`;
  const facts = [m.lab && `lab ${m.lab}`, m.unit && `unit ${m.unit}`, m.cutoff !== null && `cut-off ${m.cutoff}`, m.method && `method ${m.method}`].filter(Boolean).join(', ');
  return (
    <form
      className="card stack" aria-labelledby={`${id}-h`} data-testid="fhir-mapping"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData();
        fd.set('key', m.key);
        fd.set('target', target);
        fd.set('display', m.display.slice(0, 200));
        fd.set('unit', m.unit.slice(0, 40));
        onConfirm(fd);
      }}
    >
      <h4 id={`${id}-h`}>{m.domain === 'lab' ? 'Lab code' : 'Drug'} {JSON.stringify(m.display || m.code.code)}</h4>
      <p className="hint">
        Code {m.code.code} in {m.code.system}{facts ? `; ${facts}` : ''}. Used by {m.entries.length === 1 ? 'entry' : 'entries'} {m.entries.join(', ')}.
      </p>
      <div className="field">
        <label htmlFor={`${id}-target`}>What this code is</label>
        <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)} aria-describedby={`${id}-why`}>
          <option value="" disabled>Choose…</option>
          {m.options.map((o) => <option key={o.value} value={o.value}>{o.value === m.best ? `${o.label} (best candidate)` : o.label}</option>)}
        </select>
        <p className="hint" id={`${id}-why`}>{m.bestWhy}</p>
        {m.caution ? <p className="alert warn">{m.caution}</p> : null}
      </div>
      {canConfirm
        ? <div className="row"><button type="submit" className="btn" disabled={busy || target === ''}>Confirm mapping</button></div>
        : <p className="hint">Your role may not confirm code mappings: ask a physician, nurse or administrator.</p>}
    </form>
  );
}

/** The sender codes a preview could not place, each to confirm once. */
export function FhirMappings({ mappings, canConfirm, busy, onConfirm }: { mappings: MappingRequest[]; canConfirm: boolean; busy: boolean; onConfirm: (fd: FormData) => void }) {
  if (!mappings.length) return null;
  return (
    <section aria-labelledby="fhir-map-h" className="stack">
      <h3 id="fhir-map-h">Codes to map ({mappings.length})</h3>
      <p className="hint">
        Say once what each code of the sender is; the mapping is kept (Admin, Code map) and later imports use it without asking. The best candidate is
        preselected from the result&apos;s lab, unit and cut-off: check it before you confirm. Results of different assays are never merged.
      </p>
      {mappings.map((m) => <MappingForm key={m.key} m={m} canConfirm={canConfirm} busy={busy} onConfirm={onConfirm} />)}
    </section>
  );
}
