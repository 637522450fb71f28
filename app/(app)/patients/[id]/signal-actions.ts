'use server';
import { revalidatePatient } from '@/lib/actions/revalidate-patient';
import { actorFor } from '@/lib/dal/session';
import { acknowledgeSignal } from '@/lib/dal/signals';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

export async function acknowledgeSignalAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('signal:acknowledge');
    const patientId = parseOrThrow(idSchema('patient'), formData.get('patientId'));
    acknowledgeSignal(actor, patientId, formObject(formData));
    revalidatePatient(patientId);
    return { status: 'ok', message: 'Acknowledged.' };
  } catch (e) {
    return errorState(e, formData);
  }
}
