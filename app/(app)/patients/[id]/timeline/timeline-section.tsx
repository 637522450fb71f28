import type { PatientTimeline } from '@/lib/dal/timeline-store';
import { CorrelationStrip } from './correlation-strip';
import { LatestValues, PrintedSignals } from './timeline-summary';
import { timelineDataPath } from './timeline-data-path';
import { TimelineView } from './timeline-view';
import { PrintStamp } from './print-stamp';
import type { SignalLine } from '../signal-list';

/**
 * Server wrapper of the patient timeline. The timeline is built by lib/domain/timeline
 * in the transaction of every change and stored (lib/dal/timeline-store.ts), so a view
 * reads it: the page renders its shell (panel frames, the opening window's newest
 * flowsheet dates); the charts load lazily and fetch the full data (timeline/data).
 * Building and sending 20 years of series on every view was most of the page's time
 * (docs/performance.md). The page's head preloads that data, so it downloads beside
 * the page's JavaScript instead of after hydration (issue 24; decision 36).
 */
export function TimelineSection({ timeline, signals, patientId, canExport, printedBy }: { timeline: PatientTimeline; signals: SignalLine[]; patientId: number; canExport: boolean; printedBy: string }) {
  const { shell } = timeline;
  return (
    <section className="card timeline-section" aria-labelledby="timeline-h" data-testid="timeline" data-empty={shell.empty ? 'true' : 'false'}>
      <PrintStamp by={printedBy} />
      <h2 id="timeline-h">Timeline</h2>
      {/* Read by the browser as it parses the HTML (React's preload() from here arrived only
          with the React payload, once the page's script ran). crossOrigin="anonymous" gives
          it the mode and credentials of a plain same-origin fetch(), which then takes its response. */}
      {shell.empty ? null : <link rel="preload" as="fetch" href={timelineDataPath(patientId)} crossOrigin="anonymous" />}
      {shell.empty ? (
        <p className="muted" data-testid="timeline-empty">
          Nothing to draw yet: the panels fill in as anti-Mi2 results, CK, MMT-8 exams and medications are recorded.
        </p>
      ) : null}
      <LatestValues latest={timeline.latest} />
      {/* No Suspense boundary around the view: React's server render sends a boundary this
          large apart from the page and shows it a frame or more later, and the panels' first
          frames belong in the page's first paint (decision 0041). The flowsheet has its own. */}
      <TimelineView shell={shell} patientId={patientId} canExport={canExport} />
      <CorrelationStrip rows={timeline.correlations} />
      <PrintedSignals signals={signals} />
    </section>
  );
}
