'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { errorState, type FormState } from '@/lib/actions/form-state';
import { dismissInboxMessage, fileInboxMessageAgain } from '@/lib/dal/hl7-inbox';
import { resolveInboxMessage } from '@/lib/dal/hl7-inbox-resolve';
import { actorFor } from '@/lib/dal/session';

/*
 * On success the message leaves the list (and its form with it), so the page says what
 * happened from a fixed `done` word, never from text in the address.
 */

/** Files a held lab-feed message again (after the patient was registered or its code mapped). */
export async function fileInboxAgainAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:import');
    fileInboxMessageAgain(actor, formData.get('id'));
  } catch (e) {
    return errorState(e);
  }
  revalidatePath('/', 'layout');
  redirect('/lab-inbox?done=filed');
}

/** Sets a held lab-feed message aside for good, with the reason. */
export async function dismissInboxAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:import');
    dismissInboxMessage(actor, formData.get('id'), formData.get('reason'));
  } catch (e) {
    return errorState(e, formData);
  }
  revalidatePath('/', 'layout');
  redirect('/lab-inbox?done=dismissed');
}

/** Files a held message after assigning its patient and/or confirming its codes (one transaction). */
export async function resolveInboxAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:import');
    const mappings: { key: unknown; target: unknown }[] = [];
    for (let i = 0; formData.has(`mapKey${i}`) && i < 50; i++) mappings.push({ key: formData.get(`mapKey${i}`), target: formData.get(`mapTarget${i}`) ?? '' });
    resolveInboxMessage(actor, {
      id: formData.get('id'), patientId: formData.get('patientId') ?? undefined, mappings,
      identityConfirmed: formData.get('identityConfirmed') ?? undefined, identityReason: formData.get('identityReason') ?? undefined,
    });
  } catch (e) {
    return errorState(e, formData);
  }
  revalidatePath('/', 'layout');
  redirect('/lab-inbox?done=filed');
}
