import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatient } from '@/lib/dal/patients';
import { today } from '@/lib/dal/clinical-guards';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { PatientTabs } from '../../patient-tabs';
import { MedicationForm } from '../../medication-form';
import { startMedicationAction } from '../../medication-actions';

export const metadata: Metadata = { title: 'Start a drug' };

/** Starting a drug, or entering past treatment (physicians only: medication:write). */
export default async function NewMedicationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission('medication:write');
  const id = routeId((await params).id);
  const patient = pageData(() => getPatient(actor, id));
  return (
    <>
      <PatientHeader {...patient} />
      <PatientTabs patientId={patient.id} active="medications" under />
      <h2>Start a drug</h2>
      <p className="hint">To change the dose of a drug already taken, use &quot;Change dose&quot; on its row: it ends the current dose and starts the next in one step.</p>
      <div className="card">
        <MedicationForm action={startMedicationAction} patientId={id} today={today()} />
      </div>
    </>
  );
}
