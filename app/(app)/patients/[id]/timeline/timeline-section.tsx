import type { PatientRecord } from '@/lib/dal/patient-record';
import { buildTimeline } from '@/lib/domain/timeline/build';
import { timelineShell } from '@/lib/domain/timeline/shell';
import { CorrelationStrip } from './correlation-strip';
import { LatestValues, PrintedSignals } from './timeline-summary';
import { TimelineView } from './timeline-view';
import { compressTimeline } from './timeline-wire';

/**
 * Server wrapper of the patient timeline: builds every series as plain DTOs here
 * (lib/domain/timeline), so the browser only draws. The charts themselves load
 * lazily in the client view. The page carries the timeline's shell (panel frames,
 * the opening window's flowsheet) and the full data as one compressed string: as
 * props, 20 years of points and flowsheet cells were most of the page's render
 * time and size (docs/performance.md).
 */
export function TimelineSection({ record, canExport }: { record: PatientRecord; canExport: boolean }) {
  const data = buildTimeline({
    antibodyResults: record.antibodyResults,
    enzymeResults: record.enzymeResults,
    visits: record.visits,
    medications: record.medications,
    signals: record.signals,
    today: record.today,
  });
  return (
    <section className="card timeline-section" aria-labelledby="timeline-h" data-testid="timeline" data-empty={data.empty ? 'true' : 'false'}>
      <h2 id="timeline-h">Timeline</h2>
      {data.empty ? (
        <p className="muted" data-testid="timeline-empty">
          Nothing to draw yet: the panels fill in as anti-Mi2 results, CK, MMT-8 exams and medications are recorded.
        </p>
      ) : null}
      <LatestValues latest={data.latest} />
      <TimelineView shell={timelineShell(data)} encoded={compressTimeline(data)} patientId={record.patient.id} canExport={canExport} />
      <CorrelationStrip rows={data.correlations} />
      <PrintedSignals signals={record.signals} />
    </section>
  );
}
