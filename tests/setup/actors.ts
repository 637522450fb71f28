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
