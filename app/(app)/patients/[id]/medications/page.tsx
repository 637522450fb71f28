import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatientMedications } from '@/lib/dal/patient-page';
import { can } from '@/lib/permissions';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { MedicationsSection } from '../medications-section';
import { PatientTabs } from '../patient-tabs';
import { tableView } from '../table-view';

export const metadata: Metadata = { title: 'Immunosuppression' };

/** The record's immunosuppression tab: every dose epoch, with start, change, stop and corrections. */
export default async function PatientMedicationsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ all?: string | string[] }> }) {
  const actor = await requirePagePermission('patient:view');
  const id = routeId((await params).id);
  const view = tableView(id, (await searchParams).all, null);
  const page = pageData(() => getPatientMedications(actor, id));
  return (
    <>
      <PatientHeader {...page.patient} />
      <PatientTabs patientId={id} active="medications" />
      <section className="card" aria-labelledby="meds-h">
        <h2 id="meds-h">Immunosuppression history</h2>
        <MedicationsSection page={page} canWrite={can(actor, 'medication:write')} view={view} />
      </section>
    </>
  );
}
