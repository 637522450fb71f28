'use server';
import { revalidatePath } from 'next/cache';
import { errorState, type FormState } from '@/lib/actions/form-state';
import { dismissInboxMessage, fileInboxMessageAgain } from '@/lib/dal/hl7-inbox';
import { actorFor } from '@/lib/dal/session';

/** Files a held lab-feed message again (after the patient was registered or its code mapped). */
export async function fileInboxAgainAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:import');
    const { summary } = fileInboxMessageAgain(actor, formData.get('id'));
    revalidatePath('/', 'layout');
    return { status: 'ok', message: summary };
  } catch (e) {
    return errorState(e);
  }
}

/** Sets a held lab-feed message aside for good, with the reason. */
export async function dismissInboxAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('code-map:manage');
    dismissInboxMessage(actor, formData.get('id'), formData.get('reason'));
    revalidatePath('/', 'layout');
    return { status: 'ok', message: 'Dismissed: the reason is kept in the audit log.' };
  } catch (e) {
    return errorState(e, formData);
  }
}
