import type { FormState } from '@/lib/actions/form-types';

/** The enrolment form's steps: start, scan and confirm, then the recovery codes (shown once). */
export interface EnrolmentFormState extends FormState {
  /** Absent before the first step (the idle state every form starts in). */
  stage?: 'start' | 'confirm' | 'done';
  qr?: string;
  key?: string;
  recoveryCodes?: string[];
}

export const ENROLMENT_START: EnrolmentFormState = { status: 'idle', stage: 'start' };
