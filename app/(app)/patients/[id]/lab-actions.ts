'use server';
import { revalidatePatient } from '@/lib/actions/revalidate-patient';
import { actorFor } from '@/lib/dal/session';
import { correctAntibodyResult, markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { correctEnzymeResult, markEnzymeResultInError, recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

/** Ids come from hidden fields; the DAL checks the row belongs to that patient. */
function ids(formData: FormData) {
  const patientId = parseOrThrow(idSchema('patient'), formData.get('patientId'));
  const rowId = formData.has('rowId') ? parseOrThrow(idSchema('result'), formData.get('rowId')) : null;
  return { patientId, rowId };
}

export async function recordAntibodyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:write');
    const { patientId } = ids(formData);
    recordAntibodyResult(actor, patientId, formObject(formData));
    revalidatePatient(patientId);
    return { status: 'ok', message: 'Anti-Mi2 result saved.', savedAt: Date.now() };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function recordEnzymeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:write');
    const { patientId } = ids(formData);
    recordEnzymeResult(actor, patientId, formObject(formData));
    revalidatePatient(patientId);
    return { status: 'ok', message: 'Enzyme result saved.', savedAt: Date.now() };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function correctLabAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:write');
    const { patientId, rowId } = ids(formData);
    const { reason, kind, ...input } = formObject(formData);
    if (kind === 'antibody') correctAntibodyResult(actor, patientId, rowId ?? 0, input, reason);
    else correctEnzymeResult(actor, patientId, rowId ?? 0, input, reason);
    revalidatePatient(patientId);
    return { status: 'ok', message: 'Correction saved; the earlier version is kept in the history below.' };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function markLabInErrorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:write');
    const { patientId, rowId } = ids(formData);
    const reason = formData.get('reason');
    if (formData.get('kind') === 'antibody') markAntibodyResultInError(actor, patientId, rowId ?? 0, reason);
    else markEnzymeResultInError(actor, patientId, rowId ?? 0, reason);
    revalidatePatient(patientId);
    return { status: 'ok', message: 'Marked entered in error. It no longer counts in charts or signals and stays in the history.' };
  } catch (e) {
    return errorState(e, formData);
  }
}
