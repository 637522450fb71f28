'use server';
import { redirect } from 'next/navigation';
import { revalidatePatient } from '@/lib/actions/revalidate-patient';
import { actorFor } from '@/lib/dal/session';
import { correctVisit, markVisitInError, recordVisit } from '@/lib/dal/visits';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

/** Ids come from hidden fields; the DAL checks that the visit belongs to that patient. */
function ids(formData: FormData): { patientId: number; visitId: number } {
  const patientId = parseOrThrow(idSchema('patient'), formData.get('patientId'));
  const visitId = formData.has('visitId') ? parseOrThrow(idSchema('visit'), formData.get('visitId')) : 0;
  return { patientId, visitId };
}

/** Input for the DAL without the ids and the reason (which travel separately). */
function visitInput(formData: FormData): Record<string, string> {
  const { patientId: _p, visitId: _v, reason: _r, ...input } = formObject(formData);
  return input;
}

export async function recordVisitAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let patientId: number;
  try {
    const actor = await actorFor('visit:write');
    patientId = ids(formData).patientId;
    recordVisit(actor, patientId, visitInput(formData));
  } catch (e) {
    return errorState(e, formData);
  }
  revalidatePatient(patientId);
  redirect(`/patients/${patientId}/visits`);
}

export async function correctVisitAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let target: { patientId: number; visitId: number };
  try {
    const actor = await actorFor('visit:write');
    target = ids(formData);
    correctVisit(actor, target.patientId, target.visitId, visitInput(formData), formData.get('reason'));
  } catch (e) {
    return errorState(e, formData);
  }
  revalidatePatient(target.patientId);
  redirect(`/patients/${target.patientId}/visits/${target.visitId}?done=corrected`);
}

export async function markVisitInErrorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let target: { patientId: number; visitId: number };
  try {
    const actor = await actorFor('visit:write');
    target = ids(formData);
    // Named apart from a correction's `reason` so both forms can share a page without id clashes.
    markVisitInError(actor, target.patientId, target.visitId, formData.get('errorReason'));
  } catch (e) {
    return errorState(e, formData);
  }
  revalidatePatient(target.patientId);
  redirect(`/patients/${target.patientId}/visits/${target.visitId}?done=entered-in-error`);
}
