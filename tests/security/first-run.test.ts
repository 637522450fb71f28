/**
 * The one public server action: /setup creates the first administrator while no user
 * exists (anonymous, by design), and is refused to everyone - changing nothing - as soon
 * as one exists. (authorization.test.ts calls it with users present for every caller.)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setupAdminAction } from '@/app/setup/actions';
import { countUsers } from '@/lib/dal/users';
import { auditRows } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';
import { callAction, dbState, expectAuditChainIntact, expectUnchanged, toFormData } from './harness';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

let db: ReturnType<typeof useTempDatabase>;
beforeAll(() => {
  db = useTempDatabase();
});
afterAll(() => {
  expectAuditChainIntact();
  db.dispose();
});

const form = (email: string) => toFormData({ email, name: 'First Admin', password: 'a long enough passphrase', confirm: 'a long enough passphrase' });

describe('first-run setup', () => {
  it('lets an anonymous visitor create the administrator once, then refuses everyone', async () => {
    expect(countUsers()).toBe(0);
    const first = await callAction(setupAdminAction, null, form('first@clinic.test'));
    expect(first).toEqual({ kind: 'redirect', location: '/signin?setup=done' });
    expect(countUsers()).toBe(1);
    expect(auditRows('user.create')).toHaveLength(1);

    const before = dbState();
    const again = await callAction(setupAdminAction, null, form('second@clinic.test'));
    expect(again).toEqual({ kind: 'state', status: 'error', message: 'Setup not found.' });
    expectUnchanged(before, 'second setup');
  });
});
