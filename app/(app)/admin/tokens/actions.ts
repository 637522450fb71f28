'use server';
import { revalidatePath } from 'next/cache';
import { actorFor } from '@/lib/dal/session';
import { createApiToken, revokeApiToken, transferApiToken } from '@/lib/dal/api-tokens';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

export type TokenFormState = FormState & { token?: string };

export async function createTokenAction(_prev: TokenFormState, formData: FormData): Promise<TokenFormState> {
  try {
    const actor = await actorFor('token:manage');
    const { token, record } = createApiToken(actor, formObject(formData));
    revalidatePath('/admin/tokens');
    return { status: 'ok', message: `Token for "${record.name}" created; it works through ${record.expiresOn}. Copy it now: it will not be shown again.`, token };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function revokeTokenAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('token:manage');
    const t = revokeApiToken(actor, parseOrThrow(idSchema('token'), formData.get('id')));
    revalidatePath('/admin/tokens');
    return { status: 'ok', message: `Revoked "${t.name}".` };
  } catch (e) {
    return errorState(e, formData);
  }
}

/** Gives a token to another active administrator, who answers for it from now on. */
export async function transferTokenAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('token:manage');
    const t = transferApiToken(actor, parseOrThrow(idSchema('token'), formData.get('id')), formData.get('ownerId'));
    revalidatePath('/admin/tokens');
    revalidatePath('/admin/users');
    return { status: 'ok', message: `"${t.name}" now belongs to ${t.ownerName ?? 'the chosen administrator'}.` };
  } catch (e) {
    return errorState(e);
  }
}
