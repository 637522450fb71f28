'use server';
import { revalidatePath } from 'next/cache';
import { actorFor } from '@/lib/dal/session';
import { updateSignalSettings } from '@/lib/dal/signals';
import { TWO_FACTOR_SCOPE_LABELS, updateTwoFactorPolicy } from '@/lib/dal/two-factor-policy';
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

/** Who must use two-factor sign-in (audited as settings.two-factor). */
export async function updateTwoFactorPolicyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('settings:manage');
    const policy = updateTwoFactorPolicy(actor, formObject(formData));
    revalidatePath('/', 'layout');
    return { status: 'ok', message: `Two-factor sign-in is now required for: ${TWO_FACTOR_SCOPE_LABELS[policy.scope].toLowerCase()}.` };
  } catch (e) {
    return errorState(e, formData);
  }
}
