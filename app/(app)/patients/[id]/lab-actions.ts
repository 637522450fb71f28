'use server';
import { revalidatePath } from 'next/cache';
import { revalidatePatient } from '@/lib/actions/revalidate-patient';
import { actorFor } from '@/lib/dal/session';
import { correctAntibodyResult, markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { correctEnzymeResult, markEnzymeResultInError, recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { formatAntibodyValue } from '@/lib/domain/antibody';
import { ENZYME } from '@/lib/domain/enzymes';
import { unitLabel } from '@/lib/domain/vocabulary';
import { idSchema } from '@/lib/validation/common';
import { fmtNum } from '@/app/ui/format';
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
    const row = recordAntibodyResult(actor, patientId, formObject(formData));
    revalidatePatient(patientId);
    // Says what was stored, so a series of saves is announced one by one (aria-live).
    return { status: 'ok', message: `Anti-Mi2 result saved: ${formatAntibodyValue(row)}, collected on ${row.collectedOn}.`, savedAt: Date.now() };
  } catch (e) {
    return errorState(e, formData);
  }
}

export async function recordEnzymeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('lab:write');
    const { patientId } = ids(formData);
    const row = recordEnzymeResult(actor, patientId, formObject(formData));
    revalidatePatient(patientId);
    return { status: 'ok', message: `${ENZYME[row.analyte].shortLabel} result saved: ${fmtNum(row.value, 3)} ${unitLabel(row.unit)}, collected on ${row.collectedOn}.`, savedAt: Date.now() };
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
    // The row's own page too: the form then shows the stored values after the save.
    revalidatePath(`/patients/${patientId}/labs/${kind === 'antibody' ? 'antibody' : 'enzyme'}/${rowId}`);
    return { status: 'ok', message: 'Correction saved; the earlier version is kept in the History section above.', savedAt: Date.now() };
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
    revalidatePath(`/patients/${patientId}/labs/${formData.get('kind') === 'antibody' ? 'antibody' : 'enzyme'}/${rowId}`);
    return { status: 'ok', message: 'Marked entered in error. It no longer counts in charts or signals and stays in the history.' };
  } catch (e) {
    return errorState(e, formData);
  }
}
