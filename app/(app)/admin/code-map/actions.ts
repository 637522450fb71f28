'use server';
import { revalidatePath } from 'next/cache';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { createCodeMapping, setCodeMappingActive, updateCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { actorFor } from '@/lib/dal/session';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

/** Adds a mapping by hand: a sender code known before its first message. */
export async function createCodeMappingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('code-map:manage');
    createCodeMapping(actor, formObject(formData));
    revalidatePath('/admin/code-map');
    return { status: 'ok', message: 'Mapping added: later imports use it.', savedAt: Date.now() };
  } catch (e) {
    return errorState(e, formData);
  }
}

/** Changes what a mapping says; results already stored keep their assay. */
export async function updateCodeMappingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('code-map:manage');
    updateCodeMapping(actor, parseOrThrow(idSchema('code mapping'), formData.get('id')), formData.get('target'));
    revalidatePath('/admin/code-map');
    return { status: 'ok', message: 'Saved: later imports use the new mapping; results already stored are not changed.' };
  } catch (e) {
    return errorState(e);
  }
}

/** Retires a mapping (the code is asked about again at the next import), or restores it. */
export async function toggleCodeMappingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('code-map:manage');
    const m = setCodeMappingActive(actor, parseOrThrow(idSchema('code mapping'), formData.get('id')), formData.get('active') === 'true');
    revalidatePath('/admin/code-map');
    return { status: 'ok', message: m.active ? 'Mapping restored.' : 'Mapping retired: the code is asked about again at the next import.' };
  } catch (e) {
    return errorState(e);
  }
}
