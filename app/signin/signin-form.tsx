'use client';
import { signIn } from 'next-auth/react';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { safeCallbackUrl } from '@/lib/callback-url';
import { Field } from '../ui/field';

const MESSAGES: Record<string, string> = {
  locked: 'This account is locked for 15 minutes after repeated failed sign-ins. Try again later or ask an administrator to unlock it.',
  invalid: 'Email or password is incorrect.',
  // The database was busy with another process's large write (an import): nothing was checked against the account.
  busy: 'The database is busy with a large import, so you were not signed in yet. Try again in a few seconds.',
};

export function SignInForm() {
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', { email: data.get('email'), password: data.get('password'), redirect: false });
    setPending(false);
    if (!result || result.error) {
      setError(MESSAGES[result?.error ?? ''] ?? MESSAGES.invalid!);
      return;
    }
    // A full navigation, so every server component reads the new session; only to a page
    // of this site (lib/callback-url.ts: no open redirect).
    window.location.assign(safeCallbackUrl(params.get('callbackUrl'), window.location.origin));
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <Field name="email" label="Email" type="email" autoComplete="username" required maxLength={254} autoFocus />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required maxLength={256} />
      <div aria-live="assertive" role="alert">
        {error ? <p className="alert error">{error}</p> : null}
      </div>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
