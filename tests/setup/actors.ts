import type { Actor } from '@/lib/dal/actor';
import { createUser } from '@/lib/dal/users';
import { cliActor } from '@/lib/dal/actor';
import type { Role } from '@/lib/permissions';

export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates a real user of `role` through the DAL and returns it as an acting user. */
export async function makeActor(role: Role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@clinic.test`): Promise<Actor> {
  const u = await createUser(cliActor(), { email, name: `Test ${role}`, role, password: TEST_PASSWORD });
  return { userId: u.id, email: u.email, name: u.name, role: u.role, active: true, origin: 'ui' };
}

/** One active user of each role, created through the DAL. */
export interface Team { admin: Actor; physician: Actor; nurse: Actor; reviewer: Actor }
export async function makeTeam(): Promise<Team> {
  const [admin, physician, nurse, reviewer] = await Promise.all([makeActor('admin'), makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  return { admin, physician, nurse, reviewer };
}

/** The same user after deactivation (its session would still name it). */
export const inactive = (a: Actor): Actor => ({ ...a, active: false });
