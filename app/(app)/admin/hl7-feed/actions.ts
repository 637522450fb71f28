'use server';
import { revalidatePath } from 'next/cache';
import { errorState, formObject, type FormState } from '@/lib/actions/form-state';
import { updateFeedAllowList } from '@/lib/dal/hl7-allow-list';
import { updateRetentionDays } from '@/lib/dal/hl7-inbox-retention';
import { actorFor } from '@/lib/dal/session';
import { allowListFromEnv } from '@/lib/interop/hl7/allow-list';

/** Saves the lab feed's allow-lists (audited as settings.hl7-allow-list); the listener applies them at its next connection or message. */
export async function updateFeedAllowListAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('settings:manage');
    const saved = updateFeedAllowList(actor, formObject(formData), allowListFromEnv(process.env));
    revalidatePath('/admin/hl7-feed');
    return { status: 'ok', message: `Saved: ${saved.senders.length} sender${saved.senders.length === 1 ? '' : 's'} and ${saved.addresses.length} address${saved.addresses.length === 1 ? '' : 'es'}. The listener applies them to the next message.` };
  } catch (e) {
    return errorState(e, formData);
  }
}

/** Sets how long resolved inbox messages keep their text (audited as settings.hl7-inbox-retention). */
export async function updateRetentionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await actorFor('settings:manage');
    const days = updateRetentionDays(actor, formObject(formData));
    revalidatePath('/admin/hl7-feed');
    return { status: 'ok', message: `Saved: message text is kept ${days} days after a message is filed or dismissed. Applied when the listener starts and daily.` };
  } catch (e) {
    return errorState(e, formData);
  }
}
