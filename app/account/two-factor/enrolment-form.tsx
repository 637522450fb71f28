'use client';
import { useActionState } from 'react';
import { Field, FormMessage } from '@/app/ui/field';
import { Link } from '@/app/ui/link';
import { SubmitButton } from '@/app/ui/submit-button';
import { enrolmentAction } from './actions';
import { ENROLMENT_START } from './enrolment-state';

/** Scan a QR code, confirm with a code, keep the recovery codes. */
export function EnrolmentForm() {
  const [state, action] = useActionState(enrolmentAction, ENROLMENT_START);

  if (state.stage === 'done' && state.recoveryCodes) {
    return (
      <div className="stack" aria-label="Recovery codes">
        <FormMessage status="ok" message={state.message} />
        <p><strong>Your recovery codes.</strong> Each lets you sign in once without your phone. Print them or write them down now and keep them somewhere safe: they will not be shown again.</p>
        <ol className="recovery-codes" data-testid="recovery-codes">
          {state.recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}
        </ol>
        <Link className="btn" href="/">I have kept my recovery codes: continue</Link>
      </div>
    );
  }
  if (state.stage === 'confirm' && state.qr) {
    return (
      <div className="stack">
        <p>1. Scan this code with an authenticator app (for example Microsoft Authenticator, Google Authenticator or FreeOTP).</p>
        {/* A data URL made on the server: next/image adds nothing here. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={state.qr} alt="QR code for your authenticator app" width={220} height={220} />
        <p className="hint">Cannot scan? Type this key into the app instead: <code data-testid="manual-key">{state.key}</code></p>
        <form action={action} className="stack" noValidate aria-label="Confirm two-factor sign-in">
          <input type="hidden" name="intent" value="confirm" />
          <Field name="code" label="2. Enter the 6-digit code the app shows" autoComplete="one-time-code" inputMode="numeric" maxLength={20} required errors={state.errors?.code} />
          <FormMessage status={state.status} message={state.status === 'error' ? state.message : undefined} />
          <SubmitButton pendingText="Checking…">Turn on two-factor sign-in</SubmitButton>
        </form>
      </div>
    );
  }
  return (
    <form action={action} className="stack" aria-label="Set up two-factor sign-in">
      <input type="hidden" name="intent" value="start" />
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton pendingText="Preparing…">Set up two-factor sign-in</SubmitButton>
    </form>
  );
}
