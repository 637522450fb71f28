'use server';
import { revalidatePath } from 'next/cache';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { actorFor } from '@/lib/dal/session';
import { addRoleRule, moveRoleRule, removeRoleRule } from '@/lib/dal/sso-rules';

/** Group-to-role rules for single sign-on (audited as settings.sso-rules). */
export async function addRoleRuleAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    addRoleRule(actor, formObject(formData));
    revalidatePath('/admin/sign-in-rules');
    return { status: 'ok', message: 'Rule added: it applies from each person\'s next sign-in.', savedAt: Date.now() };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function removeRoleRuleAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    removeRoleRule(actor, formObject(formData));
    revalidatePath('/admin/sign-in-rules');
    return { status: 'ok', message: 'Rule removed: at their next sign-in, people it let in get another rule\'s role or are not let in.' };
  } catch (e) {
    return errorState(e);
  }
}

export async function moveRoleRuleAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('user:manage');
    moveRoleRule(actor, formObject(formData));
    revalidatePath('/admin/sign-in-rules');
    return { status: 'ok', message: 'Order saved.' };
  } catch (e) {
    return errorState(e);
  }
}
