import { signOutAction } from './sign-out-action';

/**
 * A form, not next-auth's client signOut: the server ends the session, then sends the
 * browser to the identity provider's sign-out for a single sign-on session
 * (lib/dal/sign-out.ts). Works without JavaScript too.
 */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="btn small secondary">Sign out</button>
    </form>
  );
}
