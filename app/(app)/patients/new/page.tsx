import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { listPhysicians } from '@/lib/dal/users';
import { PatientForm } from '../patient-form';
import { createPatientAction } from '../actions';

export const metadata: Metadata = { title: 'Register patient' };

export default async function NewPatientPage() {
  const actor = await requirePagePermission('patient:edit');
  return (
    <>
      <h1>Register a patient</h1>
      <div className="card">
        <PatientForm action={createPatientAction} physicians={listPhysicians(actor)} />
      </div>
    </>
  );
}
