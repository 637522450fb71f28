'use server';
import { redirect } from 'next/navigation';
import { revalidatePatient } from '@/lib/actions/revalidate-patient';
import { actorFor } from '@/lib/dal/session';
import { createPatient, updatePatient } from '@/lib/dal/patients';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

export async function createPatientAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let id: number;
  try {
    const actor = await actorFor('patient:edit');
    id = createPatient(actor, formObject(formData)).id;
  } catch (e) {
    return errorState(e, formData);
  }
  redirect(`/patients/${id}`);
}

export async function updatePatientAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let id: number;
  try {
    const actor = await actorFor('patient:edit');
    id = parseOrThrow(idSchema('patient'), formData.get('patientId'));
    const { reason, ...input } = formObject(formData);
    updatePatient(actor, id, input, reason);
  } catch (e) {
    return errorState(e, formData);
  }
  revalidatePatient(id);
  redirect(`/patients/${id}`);
}
