'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorFor } from '@/lib/dal/session';
import { unlockUser } from '@/lib/dal/signin-locks';
import { resetSecondFactor } from '@/lib/dal/two-factor';
import { changeUserRole, createUser, resetUserPassword, setUserActive } from '@/lib/dal/users';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { parseOrThrow } from '@/lib/validation/parse';
import { ROLE_LABELS } from '@/lib/permissions';

const userId = z.coerce.number({ error: 'Unknown user.' }).int().positive('Unknown user.');

/** Each action checks the session and the permission itself (through the DAL). */
export async function createUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    const user = await createUser(actor, formObject(formData));
    revalidatePath('/admin/users');
    return { status: 'ok', message: `Created ${user.name} (${user.email}) as ${ROLE_LABELS[user.role]}.` };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function changeRoleAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    const user = changeUserRole(actor, parseOrThrow(userId, formData.get('id')), formData.get('role'));
    revalidatePath('/admin/users');
    return { status: 'ok', message: `${user.name} is now ${ROLE_LABELS[user.role]}.` };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function setActiveAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    const active = formData.get('active') === 'true';
    const user = setUserActive(actor, parseOrThrow(userId, formData.get('id')), active, { transferTokensTo: formData.get('transferTo') ?? undefined });
    revalidatePath('/admin/users');
    revalidatePath('/admin/tokens');
    const { disabled, transferred } = user.tokens;
    const tokens = disabled ? ` ${disabled} API token${disabled > 1 ? 's' : ''} disabled.` : transferred ? ` ${transferred} API token${transferred > 1 ? 's' : ''} transferred.` : '';
    return { status: 'ok', message: `${user.name} ${active ? 'reactivated' : 'deactivated'}.${tokens}` };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function resetPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    const user = await resetUserPassword(actor, parseOrThrow(userId, formData.get('id')), formData.get('password'));
    revalidatePath('/admin/users');
    return { status: 'ok', message: `Password reset for ${user.name}; their sessions were ended.` };
  } catch (e) {
    return errorState(e, formData);
  }
}

/** Opens an account locked by failed sign-ins (audited as user.unlock). */
export async function unlockUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    const user = unlockUser(actor, parseOrThrow(userId, formData.get('id')));
    revalidatePath('/admin/users');
    return { status: 'ok', message: `${user.name} can sign in again.` };
  } catch (e) {
    return errorState(e, formData);
  }
}

/** Removes a user's second factor and recovery codes (a lost phone); audited as two-factor.reset. */
export async function resetTwoFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    const user = resetSecondFactor(actor, parseOrThrow(userId, formData.get('id')));
    revalidatePath('/admin/users');
    return { status: 'ok', message: `Two-factor sign-in reset for ${user.name}; they set it up again from their account page.` };
  } catch (e) {
    return errorState(e, formData);
  }
}
