import { Link } from '@/app/ui/link';
import type { StoredSignal } from '@/lib/dal/patient-record';
import { LEVEL_LABEL, LEVEL_TONE, signalTitle } from '@/app/ui/signal-labels';
import { SignalList, type SignalLine } from './signal-list';

/** A stored signal as display data (titles and labels resolved here, on the server). */
export const signalLine = (s: StoredSignal): SignalLine => ({
  id: s.id, code: s.code, level: s.level, tone: LEVEL_TONE[s.level] ?? 'neutral', label: LEVEL_LABEL[s.level] ?? s.level, title: signalTitle(s.code), since: s.since,
  explanation: s.explanation, evidence: { citation: s.evidence.citation, url: s.evidence.url ?? null, doi: s.evidence.doi ?? null }, acknowledged: s.acknowledged, lapsed: s.lapsed,
});

/**
 * Active signals at the top of the patient page: what to discuss and warnings in full,
 * informational ones one line each (open for the explanation), so the timeline stays
 * close to the top.
 */
export function SignalsSection({ signals, patientId, canAcknowledge }: { signals: SignalLine[]; patientId: number; canAcknowledge: boolean }) {
  return (
    <section className="card" aria-labelledby="sig-h" data-testid="signals">
      <div className="section-head">
        <h2 id="sig-h">Signals</h2>
        <Link href="/signals/how" className="no-print">How signals work</Link>
      </div>
      {signals.length === 0 ? <p className="muted">No active signals.</p> : null}
      {/* No Suspense boundary: React's server render may send a boundary apart from the page and
          show it a frame later, moving the timeline's first frames down under it (decision 0041). */}
      <SignalList signals={signals} patientId={patientId} canAcknowledge={canAcknowledge} />
    </section>
  );
}
