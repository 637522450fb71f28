import type { Actor } from '@/lib/dal/actor';
import { changeUserRole } from '@/lib/dal/users';
import { makeActor } from '../setup/actors';

/** `n` audited changes: the nurse's role flipped back and forth by the administrator. */
export function roleChanges(admin: Actor, nurse: Actor, n: number): void {
  for (let i = 0; i < n; i++) changeUserRole(admin, nurse.userId!, i % 2 === 0 ? 'reviewer' : 'nurse');
}

/**
 * On a fresh database (audit keys forgotten first), a signed audit trail of 40 events:
 * two users created, then 38 role changes. What the tamper, key and verify tests attack.
 */
export async function seedSignedTrail(): Promise<{ admin: Actor; nurse: Actor }> {
  const admin = await makeActor('admin', 'admin@clinic.test');
  const nurse = await makeActor('nurse', 'nurse@clinic.test');
  roleChanges(admin, nurse, 38);
  return { admin, nurse };
}
