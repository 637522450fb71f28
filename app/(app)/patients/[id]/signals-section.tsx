import { Link } from '@/app/ui/link';
import type { StoredSignal } from '@/lib/dal/patient-record';
import { Badge } from '@/app/ui/badge';
import { LEVEL_LABEL, LEVEL_TONE, signalTitle } from '@/app/ui/signal-labels';
import { AcknowledgeForm } from './acknowledge-form';

function SignalBody({ s, patientId, canAcknowledge }: { s: StoredSignal; patientId: number; canAcknowledge: boolean }) {
  return (
    <>
      <p>{s.explanation}</p>
      <p className="hint">Evidence: {s.evidence.url ? <a href={s.evidence.url} rel="noreferrer noopener" target="_blank">{s.evidence.citation}</a> : s.evidence.citation}{s.evidence.doi ? ` doi:${s.evidence.doi}` : ''}</p>
      {canAcknowledge && !s.acknowledged ? <AcknowledgeForm patientId={patientId} signalId={s.id} code={s.code} /> : null}
    </>
  );
}

function SignalHead({ s }: { s: StoredSignal }) {
  return (
    <>
      <Badge tone={LEVEL_TONE[s.level]}>{LEVEL_LABEL[s.level]}</Badge> <strong>{signalTitle(s.code)}</strong>
      <span className="muted"> since {s.since}</span>
      {s.acknowledged ? <> <Badge tone="ok">Acknowledged</Badge> <span className="muted">{s.acknowledged.at.slice(0, 10)}: “{s.acknowledged.note}”</span></> : null}
    </>
  );
}

/**
 * Active signals at the top of the patient page: what to discuss and warnings in full,
 * informational ones one line each (open for the explanation), so the timeline stays
 * close to the top.
 */
export function SignalsSection({ signals, patientId, canAcknowledge }: { signals: StoredSignal[]; patientId: number; canAcknowledge: boolean }) {
  return (
    <section className="card" aria-labelledby="sig-h" data-testid="signals">
      <div className="section-head">
        <h2 id="sig-h">Signals</h2>
        <Link href="/signals/how" className="no-print">How signals work</Link>
      </div>
      {signals.length === 0 ? <p className="muted">No active signals.</p> : null}
      <ul className="signal-list">
        {signals.map((s) => (
          <li key={s.id} className={`signal ${s.level}`} data-testid={`signal-${s.code}`}>
            {s.level === 'info' ? (
              <details>
                <summary><SignalHead s={s} /></summary>
                <SignalBody s={s} patientId={patientId} canAcknowledge={canAcknowledge} />
              </details>
            ) : (
              <>
                <div><SignalHead s={s} /></div>
                <SignalBody s={s} patientId={patientId} canAcknowledge={canAcknowledge} />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
