'use server';
import { redirect } from 'next/navigation';
import { revalidatePatient } from '@/lib/actions/revalidate-patient';
import type { Actor } from '@/lib/dal/actor';
import { actorFor } from '@/lib/dal/session';
import { changeDose, correctMedicationEpoch, markMedicationEpochInError, startMedication, stopMedication } from '@/lib/dal/medications';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

/** Ids come from hidden fields; the DAL checks that the epoch belongs to that patient. */
function ids(formData: FormData): { patientId: number; epochId: number } {
  const patientId = parseOrThrow(idSchema('patient'), formData.get('patientId'));
  const epochId = formData.has('epochId') ? parseOrThrow(idSchema('medication epoch'), formData.get('epochId')) : 0;
  return { patientId, epochId };
}

/** Input for the DAL without the ids and a correction's reason (which travel separately). */
function epochInput(formData: FormData): Record<string, string> {
  const { patientId: _p, epochId: _e, reason: _r, ...input } = formObject(formData);
  return input;
}

type Target = { patientId: number; epochId: number };

/**
 * Runs one medication mutation: the session and permission first (actorFor), then
 * the ids, then the DAL; on success revalidates the patient page and goes to `next`.
 */
async function run(formData: FormData, mutate: (actor: Actor, t: Target) => unknown, next: (t: Target) => string): Promise<FormState> {
  let target: Target;
  try {
    const actor = await actorFor('medication:write');
    target = ids(formData);
    mutate(actor, target);
  } catch (e) {
    return errorState(e, formData);
  }
  revalidatePatient(target.patientId);
  redirect(next(target));
}

const patientPage = (t: Target) => `/patients/${t.patientId}/medications`;
const epochPage = (done: string) => (t: Target) => `/patients/${t.patientId}/medications/${t.epochId}?done=${done}`;

export async function startMedicationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return run(formData, (actor, t) => startMedication(actor, t.patientId, epochInput(formData)), patientPage);
}

export async function changeDoseAction(_prev: FormState, formData: FormData): Promise<FormState> {
  // Here `reason` is the reason for the change itself (tapered, increased...), so it stays.
  const { patientId: _p, epochId: _e, ...input } = formObject(formData);
  return run(formData, (actor, t) => changeDose(actor, t.patientId, t.epochId, input), patientPage);
}

export async function stopMedicationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return run(formData, (actor, t) => stopMedication(actor, t.patientId, t.epochId, epochInput(formData)), patientPage);
}

export async function correctMedicationEpochAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return run(formData, (actor, t) => correctMedicationEpoch(actor, t.patientId, t.epochId, epochInput(formData), formData.get('reason')), epochPage('corrected'));
}

export async function markMedicationEpochInErrorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  // Named apart from a correction's `reason` so both forms can share a page without id clashes.
  return run(formData, (actor, t) => markMedicationEpochInError(actor, t.patientId, t.epochId, formData.get('errorReason')), epochPage('entered-in-error'));
}
