import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatient } from '@/lib/dal/patients';
import { listPhysicians } from '@/lib/dal/users';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { PatientForm } from '../../patient-form';
import { updatePatientAction } from '../../actions';

export const metadata: Metadata = { title: 'Correct demographics' };

export default async function EditPatientPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission('patient:edit');
  const id = routeId((await params).id);
  const p = pageData(() => getPatient(actor, id));
  const initial = Object.fromEntries(
    Object.entries({ mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, sex: p.sex, diagnosisGroup: p.diagnosisGroup, onsetDate: p.onsetDate, diagnosisDate: p.diagnosisDate, physicianId: p.physicianId, notes: p.notes })
      .map(([k, v]) => [k, v === null ? '' : String(v)]),
  );
  return (
    <>
      <PatientHeader {...p} />
      <h2>Correct demographics</h2>
      <div className="card">
        <PatientForm action={updatePatientAction} initial={initial} physicians={listPhysicians(actor)} patientId={p.id} />
      </div>
    </>
  );
}
