import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Worklist' };

export default async function HomePage() {
  const actor = await requireUser();
  return (
    <>
      <h1>Worklist</h1>
      <p>Welcome, {actor.name}.</p>
      <p>
        <Link href="/patients">Open the patient list</Link>
      </p>
    </>
  );
}
