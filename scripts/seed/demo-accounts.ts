import { cliActor } from '../../lib/dal/actor';
import { createUser } from '../../lib/dal/users';
import type { Role } from '../../lib/permissions';

/** Demo only: one account per role, all with this password (printed by `npm run demo`). */
export const DEMO_PASSWORD = 'titerline-demo-2026';
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  { email: 'admin@demo.titerline', name: 'Alex Admin', role: 'admin' },
  { email: 'physician@demo.titerline', name: 'Dr. Paula Reyes', role: 'physician' },
  { email: 'nurse@demo.titerline', name: 'Nina Okafor, RN', role: 'nurse' },
  { email: 'reviewer@demo.titerline', name: 'Ravi Reviewer', role: 'reviewer' },
];

export async function seedDemoAccounts(): Promise<Record<Role, number>> {
  const ids = {} as Record<Role, number>;
  for (const a of DEMO_ACCOUNTS) {
    const u = await createUser(cliActor(), { ...a, password: DEMO_PASSWORD });
    ids[a.role] = u.id;
  }
  return ids;
}
