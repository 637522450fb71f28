'use client';
import { signIn } from 'next-auth/react';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { safeCallbackUrl } from '@/lib/callback-url';
import { Field } from '../ui/field';

const MESSAGES: Record<string, string> = {
  locked: 'This account is locked for 15 minutes after repeated failed sign-ins. Try again later or ask an administrator to unlock it.',
  'locked-until-unlocked': 'This account is locked after repeated wrong two-factor codes, and stays locked until an administrator unlocks it. Contact your Titerline administrator; if you did not try to sign in, tell them, as someone may know your password.',
  invalid: 'Email or password is incorrect.',
  'sso-only': 'This site signs you in through your hospital account: use the single sign-on button.',
  'sso-refused': 'Your hospital account was not let in: none of your groups gives a role in Titerline, or your Titerline account is deactivated. Ask your Titerline administrator.',
  'code-invalid': 'That code is not right, or it was already used. Enter the code your authenticator app shows now, or one of your recovery codes.',
  // The database was busy with another process's large write (an import): nothing was checked against the account.
  busy: 'The database is busy with a large import, so you were not signed in yet. Try again in a few seconds.',
};

/**
 * Email and password, then - for an account with two-factor sign-in - a second step:
 * the server answers `code-needed` and the form asks for the code, sending the
 * password again with it (nothing half-signed-in is kept on the server).
 */
/** next-auth's own codes for a failed provider round trip (a tampered or expired answer, a refused consent). */
const PROVIDER_ERRORS = ['OAuthSignin', 'OAuthCallback', 'Callback', 'AccessDenied', 'OAuthAccountNotLinked', 'Configuration'];
const PROVIDER_FAILED = 'Single sign-on did not complete, and you were not signed in. Try again, or ask your administrator if it keeps failing.';

/** `sso`: the identity provider's display name when single sign-on is configured. */
export function SignInForm({ sso = null }: { sso?: string | null }) {
  const params = useSearchParams();
  // A refused or failed single sign-on comes back as ?error=… on this page.
  const fromUrl = params.get('error');
  const initial = fromUrl ? MESSAGES[fromUrl] ?? (PROVIDER_ERRORS.includes(fromUrl) ? PROVIDER_FAILED : null) : null;
  const [error, setError] = useState<string | null>(initial);
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
    <>
    {sso ? (
      <div className="stack">
        <button className="btn" type="button" onClick={() => void signIn('oidc', { callbackUrl: safeCallbackUrl(params.get('callbackUrl'), window.location.origin) })}>Sign in with {sso}</button>
        <p className="hint">Or with your Titerline email and password:</p>
      </div>
    ) : null}
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
    </>
  );
}
