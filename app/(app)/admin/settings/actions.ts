'use server';
import { revalidatePath } from 'next/cache';
import { actorFor } from '@/lib/dal/session';
import { updateSignalSettings } from '@/lib/dal/signals';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';

export async function updateSignalSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('settings:manage');
    const { recomputed } = updateSignalSettings(actor, formObject(formData));
    revalidatePath('/', 'layout');
    return { status: 'ok', message: `Settings saved; signals recomputed for ${recomputed} patients.` };
  } catch (e) {
    return errorState(e, formData);
  }
}
