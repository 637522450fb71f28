import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatientVisits } from '@/lib/dal/patient-page';
import { can } from '@/lib/permissions';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { PatientTabs } from '../patient-tabs';
import { tableView } from '../table-view';
import { VisitsSection } from '../visits-section';

export const metadata: Metadata = { title: 'Visits and strength' };

/** The record's visits tab: clinic visits with MMT-8 and the core set, TIS against a chosen baseline. */
export default async function PatientVisitsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ baseline?: string; all?: string | string[] }> }) {
  const actor = await requirePagePermission('patient:view');
  const id = routeId((await params).id);
  const search = await searchParams;
  const baseline = Number(search.baseline);
  const view = tableView(id, search.all, Number.isInteger(baseline) ? baseline : null);
  const page = pageData(() => getPatientVisits(actor, id, view));
  return (
    <>
      <PatientHeader {...page.patient} />
      <PatientTabs patientId={id} active="visits" />
      <section className="card" aria-labelledby="visits-h">
        <h2 id="visits-h">Clinic visits and strength</h2>
        <VisitsSection page={page} canWrite={can(actor, 'visit:write')} view={view} />
      </section>
    </>
  );
}
