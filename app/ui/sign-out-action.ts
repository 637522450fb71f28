'use server';
import { redirect } from 'next/navigation';
import { signOutThisBrowser } from '@/lib/dal/sign-out';

/** Ends the session here (and at the hospital's sign-in service, where it supports that). */
export async function signOutAction(): Promise<void> {
  redirect(await signOutThisBrowser());
}
