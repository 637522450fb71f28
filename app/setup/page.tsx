import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { countUsers } from '@/lib/dal/users';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'First-run setup' };

/** Exists only while no user exists: the first visitor creates the administrator. */
export default function SetupPage() {
  if (countUsers() > 0) notFound();
  return (
    <main className="narrow" id="main">
      <h1>Set up Titerline</h1>
      <p>Create the first administrator. This page disappears once an account exists.</p>
      <div className="card">
        <SetupForm />
      </div>
    </main>
  );
}
