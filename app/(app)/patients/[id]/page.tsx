import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Link } from '@/app/ui/link';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatientOverview } from '@/lib/dal/patient-page';
import { can } from '@/lib/permissions';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { CurrentTreatment } from './current-treatment';
import { PatientTabs } from './patient-tabs';
import { signalLine, SignalsSection } from './signals-section';
import { movedTableHref } from './table-view';
import { TimelineSection } from './timeline/timeline-section';

export const metadata: Metadata = { title: 'Patient' };

/**
 * The record's overview: what a decision needs (signals, current treatment, the
 * timeline with its latest values). The tables and their entry forms are on the
 * other tabs (docs/decisions/0013).
 */
export default async function PatientPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ all?: string | string[]; baseline?: string }> }) {
  const actor = await requirePagePermission('patient:view');
  const id = routeId((await params).id);
  const search = await searchParams;
  const moved = movedTableHref(id, search.all, search.baseline);
  if (moved) redirect(moved);
  const page = pageData(() => getPatientOverview(actor, id));
  // One array for the signal list and the printed summary: React sends it once and refers to it.
  const signals = page.signals.map(signalLine);
  return (
    <>
      <PatientHeader {...page.patient} />
      <PatientTabs patientId={id} active="overview" />
      <div className="row no-print">
        {can(actor, 'patient:edit') ? <Link className="btn small secondary" href={`/patients/${id}/edit`}>Correct demographics</Link> : null}
        {/* A plain link, not <Link>: the FHIR export is an API download, never a prefetched page. */}
        {can(actor, 'data:export-identified') ? <a className="btn small secondary" href={`/api/fhir/Patient/${id}/$everything`} download>Download FHIR</a> : null}
      </div>
      <SignalsSection signals={signals} patientId={id} canAcknowledge={can(actor, 'signal:acknowledge')} />
      <CurrentTreatment medications={page.currentMedications} today={page.today} />
      <TimelineSection timeline={page.timeline} signals={signals} patientId={id} canExport={can(actor, 'data:export')} printedBy={actor.name} />
    </>
  );
}
