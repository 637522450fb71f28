import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatientPage } from '@/lib/dal/patient-page';
import { listAssays } from '@/lib/dal/assays';
import { can } from '@/lib/permissions';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { AntibodySection } from './antibody-section';
import { EnzymeSection } from './enzyme-section';
import { VisitsSection } from './visits-section';
import { MedicationsSection } from './medications-section';
import { CurrentTreatment } from './current-treatment';
import { SignalsSection } from './signals-section';
import { TimelineSection } from './timeline/timeline-section';
import { tableView } from './table-view';

export const metadata: Metadata = { title: 'Patient' };

/** The hub of everything about one patient. */
export default async function PatientPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ baseline?: string; all?: string | string[] }> }) {
  const actor = await requirePagePermission('patient:view');
  const id = routeId((await params).id);
  const search = await searchParams;
  const baseline = Number(search.baseline);
  const view = tableView(id, search.all, Number.isInteger(baseline) ? baseline : null);
  const page = pageData(() => getPatientPage(actor, id, view));
  const assays = listAssays(actor, { activeOnly: true });
  return (
    <>
      <PatientHeader {...page.patient} />
      <div className="row no-print">
        {can(actor, 'patient:edit') ? <Link className="btn small secondary" href={`/patients/${id}/edit`}>Correct demographics</Link> : null}
        {/* A plain link, not <Link>: the FHIR export is an API download, never a prefetched page. */}
        {can(actor, 'data:export') ? <a className="btn small secondary" href={`/api/fhir/Patient/${id}/$everything`} download>Download FHIR</a> : null}
      </div>
      <SignalsSection signals={page.signals} patientId={id} canAcknowledge={can(actor, 'signal:acknowledge')} />
      <CurrentTreatment medications={page.currentMedications} />
      <TimelineSection timeline={page.timeline} signals={page.signals} patientId={id} canExport={can(actor, 'data:export')} />
      <section className="card" aria-labelledby="abs-h">
        <h2 id="abs-h">Anti-Mi2 results</h2>
        <AntibodySection page={page} assays={assays} canWrite={can(actor, 'lab:write')} view={view} />
      </section>
      <section className="card" aria-labelledby="enz-h">
        <h2 id="enz-h">Muscle enzymes</h2>
        <EnzymeSection page={page} canWrite={can(actor, 'lab:write')} view={view} />
      </section>
      <section className="card" aria-labelledby="visits-h">
        <h2 id="visits-h">Clinic visits and strength</h2>
        <VisitsSection page={page} canWrite={can(actor, 'visit:write')} view={view} />
      </section>
      <section className="card" aria-labelledby="meds-h">
        <h2 id="meds-h">Immunosuppression history</h2>
        <MedicationsSection page={page} canWrite={can(actor, 'medication:write')} view={view} />
      </section>
    </>
  );
}
