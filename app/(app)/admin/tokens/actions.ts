'use server';
import { revalidatePath } from 'next/cache';
import { actorFor } from '@/lib/dal/session';
import { createApiToken, revokeApiToken } from '@/lib/dal/api-tokens';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

export type TokenFormState = FormState & { token?: string };

export async function createTokenAction(_prev: TokenFormState, formData: FormData): Promise<TokenFormState> {
  try {
    const actor = await actorFor('token:manage');
    const { token, record } = createApiToken(actor, formObject(formData));
    revalidatePath('/admin/tokens');
    return { status: 'ok', message: `Token for "${record.name}" created. Copy it now: it will not be shown again.`, token };
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
