import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { countUsers } from '@/lib/dal/users';
import { ssoConfig } from '@/lib/dal/sso-config';
import { SignInForm } from './signin-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage() {
  // Before the first administrator exists there is nobody to sign in as.
  if (countUsers() === 0) redirect('/setup');
  return (
    <main className="narrow" id="main">
      <h1>Titerline</h1>
      <p className="muted">Anti-Mi2 titers, CK and strength over time.</p>
      <div className="card">
        <SignInForm sso={ssoConfig()?.displayName ?? null} />
      </div>
    </main>
  );
}
