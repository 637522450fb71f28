'use server';
import { revalidatePath } from 'next/cache';
import { actorFor } from '@/lib/dal/session';
import { createAssay, setAssayActive, updateAssay } from '@/lib/dal/assays';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

export async function createAssayAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('assay:manage');
    const a = createAssay(actor, formObject(formData));
    revalidatePath('/admin/assays');
    return { status: 'ok', message: `Added ${a.name}.` };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function toggleAssayAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('assay:manage');
    const a = setAssayActive(actor, parseOrThrow(idSchema('assay'), formData.get('id')), formData.get('active') === 'true');
    revalidatePath('/admin/assays');
    return { status: 'ok', message: `${a.name} ${a.active ? 'activated' : 'deactivated'}.` };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function updateAssayAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('assay:manage');
    const { id, ...input } = formObject(formData);
    const a = updateAssay(actor, parseOrThrow(idSchema('assay'), id), input);
    revalidatePath('/admin/assays');
    return { status: 'ok', message: `Saved ${a.name}. Existing results keep the cut-off they were read with.` };
  } catch (e) {
    return errorState(e, formData);
  }
}
