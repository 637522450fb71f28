import type { Metadata } from 'next';
import { requireOwnAccount } from '@/lib/dal/session';
import { twoFactorStatus } from '@/lib/dal/two-factor';
import { EnrolmentForm } from './enrolment-form';

export const metadata: Metadata = { title: 'Two-factor sign-in' };

const dateOf = (ms: number) => new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** The user's own two-factor set-up (issue 21). */
export default async function TwoFactorPage() {
  const actor = await requireOwnAccount();
  const status = twoFactorStatus(actor);
  return (
    <>
      <h1>Two-factor sign-in</h1>
      {status.enrolled ? (
        <div className="card stack">
          <p className="alert ok">Two-factor sign-in is on. Each sign-in asks for a code from your authenticator app.</p>
          <p>Recovery codes left: <strong data-testid="recovery-left">{status.recoveryLeft}</strong> of 10.</p>
          <p className="hint">Lost your phone, or running out of recovery codes? Ask an administrator to reset your second factor, then set it up again here.</p>
        </div>
      ) : (
        <div className="card stack">
          {status.state === 'overdue' ? (
            <p className="alert error">This site requires two-factor sign-in for your account. Set it up now to continue: nothing else is open until you do.</p>
          ) : typeof status.state === 'object' ? (
            <p className="alert">This site requires two-factor sign-in for your account. Please set it up before {dateOf(status.state.dueBy)}.</p>
          ) : (
            <p>Two-factor sign-in is optional for you, and recommended: a stolen password alone will not get anyone in.</p>
          )}
          <EnrolmentForm />
        </div>
      )}
    </>
  );
}
