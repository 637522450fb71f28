import Link from 'next/link';
import type { StoredSignal } from '@/lib/dal/patient-record';
import { Badge } from '@/app/ui/badge';
import { LEVEL_LABEL, LEVEL_TONE, signalTitle } from '@/app/ui/signal-labels';
import { AcknowledgeForm } from './acknowledge-form';

/** Active signals at the top of the patient page: why, with the numbers, and the evidence. */
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
            <div>
              <Badge tone={LEVEL_TONE[s.level]}>{LEVEL_LABEL[s.level]}</Badge> <strong>{signalTitle(s.code)}</strong>
              <span className="muted"> since {s.since}</span>
              {s.acknowledged ? <> <Badge tone="ok">Acknowledged</Badge> <span className="muted">{s.acknowledged.at.slice(0, 10)}: “{s.acknowledged.note}”</span></> : null}
            </div>
            <p>{s.explanation}</p>
            <p className="hint">Evidence: {s.evidence.url ? <a href={s.evidence.url} rel="noreferrer noopener" target="_blank">{s.evidence.citation}</a> : s.evidence.citation}{s.evidence.doi ? ` doi:${s.evidence.doi}` : ''}</p>
            {canAcknowledge && !s.acknowledged ? <AcknowledgeForm patientId={patientId} signalId={s.id} code={s.code} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
