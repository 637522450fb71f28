'use server';
import { actorForOwnAccount } from '@/lib/dal/session';
import { confirmEnrolment, startEnrolment } from '@/lib/dal/two-factor';
import { errorState } from '@/lib/actions/form-state';
import { invalid } from '@/lib/errors';
import type { EnrolmentFormState } from './enrolment-state';

/**
 * One action for the set-up's two buttons: `intent=start` issues a new secret and its QR
 * code (shown this once); `intent=confirm` checks a code and answers the ten recovery
 * codes (shown this once).
 */
export async function enrolmentAction(prev: EnrolmentFormState, formData: FormData): Promise<EnrolmentFormState> {
  const intent = formData.get('intent');
  const confirming = intent === 'confirm';
  try {
    const actor = await actorForOwnAccount();
    if (intent !== 'start' && !confirming) throw invalid('Start the set-up again from your account page.');
    if (!confirming) {
      const { qr, key } = await startEnrolment(actor);
      return { status: 'ok', stage: 'confirm', qr, key };
    }
    // No revalidatePath: refreshing the page now would replace this answer, and with it the
    // recovery codes, before the user has written them down. "I have kept them" reloads it.
    const { recoveryCodes } = await confirmEnrolment(actor, formData.get('code'));
    return { status: 'ok', stage: 'done', recoveryCodes, message: 'Two-factor sign-in is on. From your next sign-in you will be asked for a code.' };
  } catch (e) {
    // While confirming, keep the QR code on screen so the user can simply try the next code.
    return confirming ? { ...errorState(e, formData), stage: 'confirm', qr: prev.qr, key: prev.key } : { ...errorState(e, formData), stage: 'start' };
  }
}
