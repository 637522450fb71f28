'use client';
import { signIn } from 'next-auth/react';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { safeCallbackUrl } from '@/lib/callback-url';
import { Field } from '../ui/field';

const MESSAGES: Record<string, string> = {
  locked: 'This account is locked for 15 minutes after repeated failed sign-ins. Try again later or ask an administrator to unlock it.',
  invalid: 'Email or password is incorrect.',
  'code-invalid': 'That code is not right, or it was already used. Enter the code your authenticator app shows now, or one of your recovery codes.',
  // The database was busy with another process's large write (an import): nothing was checked against the account.
  busy: 'The database is busy with a large import, so you were not signed in yet. Try again in a few seconds.',
};

/**
 * Email and password, then - for an account with two-factor sign-in - a second step:
 * the server answers `code-needed` and the form asks for the code, sending the
 * password again with it (nothing half-signed-in is kept on the server).
 */
export function SignInForm() {
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: data.get('email'), password: data.get('password'), code: needsCode ? data.get('code') ?? '' : '', redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      if (result?.error === 'code-needed') {
        setNeedsCode(true);
        return;
      }
      setError(MESSAGES[result?.error ?? ''] ?? MESSAGES.invalid!);
      return;
    }
    // A full navigation, so every server component reads the new session; only to a page
    // of this site (lib/callback-url.ts: no open redirect).
    window.location.assign(safeCallbackUrl(params.get('callbackUrl'), window.location.origin));
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <div hidden={needsCode} className="stack">
        <Field name="email" label="Email" type="email" autoComplete="username" required maxLength={254} autoFocus />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required maxLength={256} />
      </div>
      {needsCode ? (
        <Field name="code" label="Authentication code" autoComplete="one-time-code" inputMode="text" required maxLength={20} autoFocus
          hint="The 6-digit code your authenticator app shows now, or one of your recovery codes (like ABCDE-23456)." />
      ) : null}
      <div aria-live="assertive" role="alert">
        {error ? <p className="alert error">{error}</p> : null}
      </div>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? 'Signing in…' : needsCode ? 'Verify and sign in' : 'Sign in'}
      </button>
    </form>
  );
}
