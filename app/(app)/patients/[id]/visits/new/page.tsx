import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatient } from '@/lib/dal/patients';
import { today } from '@/lib/dal/clinical-guards';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { PatientTabs } from '../../patient-tabs';
import { VisitForm } from '../../visit-form';
import { recordVisitAction } from '../../visit-actions';

export const metadata: Metadata = { title: 'Log visit' };

/** Logging a clinic visit (physicians only: visit:write). */
export default async function NewVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission('visit:write');
  const id = routeId((await params).id);
  const patient = pageData(() => getPatient(actor, id));
  return (
    <>
      <PatientHeader {...patient} />
      <PatientTabs patientId={patient.id} active="visits" under />
      <h2>Log visit</h2>
      <div className="card">
        <VisitForm action={recordVisitAction} patientId={id} today={today()} initial={{ clinicianName: actor.name }} />
      </div>
    </>
  );
}
