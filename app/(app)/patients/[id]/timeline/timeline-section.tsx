import type { PatientTimeline } from '@/lib/dal/timeline-store';
import { CorrelationStrip } from './correlation-strip';
import { LatestValues, PrintedSignals } from './timeline-summary';
import { TimelineView } from './timeline-view';
import type { SignalLine } from '../signal-list';

/**
 * Server wrapper of the patient timeline. The timeline is built by lib/domain/timeline
 * in the transaction of every change and stored (lib/dal/timeline-store.ts), so a view
 * reads it: the page renders its shell (panel frames, the opening window's newest
 * flowsheet dates) and carries the full data as the stored gzip bytes (base64) for
 * the charts, which load lazily. Building and sending 20 years of series as props on
 * every view was most of the page's time; fetching the bytes after hydration was a
 * third of the time to draw the charts (docs/performance.md).
 */
export function TimelineSection({ timeline, signals, patientId, canExport }: { timeline: PatientTimeline; signals: SignalLine[]; patientId: number; canExport: boolean }) {
  const { shell } = timeline;
  return (
    <section className="card timeline-section" aria-labelledby="timeline-h" data-testid="timeline" data-empty={shell.empty ? 'true' : 'false'}>
      <h2 id="timeline-h">Timeline</h2>
      {shell.empty ? (
        <p className="muted" data-testid="timeline-empty">
          Nothing to draw yet: the panels fill in as anti-Mi2 results, CK, MMT-8 exams and medications are recorded.
        </p>
      ) : null}
      <LatestValues latest={timeline.latest} />
      <TimelineView shell={shell} packed={shell.empty ? '' : timeline.data.toString('base64')} patientId={patientId} canExport={canExport} />
      <CorrelationStrip rows={timeline.correlations} />
      <PrintedSignals signals={signals} />
    </section>
  );
}
