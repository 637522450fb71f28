'use server';
import { redirect } from 'next/navigation';
import { createFirstAdmin } from '@/lib/dal/users';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';

/** Public by design (no user exists yet); the DAL refuses it once any user exists. */
export async function setupAdminAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  if (input.password !== input.confirm) {
    return { status: 'error', message: 'The two passwords differ.', errors: { confirm: ['Repeat the same password.'] }, values: { email: input.email ?? '', name: input.name ?? '' } };
  }
  try {
    await createFirstAdmin(input);
  } catch (e) {
    return errorState(e, formData);
  }
  redirect('/signin?setup=done');
}
