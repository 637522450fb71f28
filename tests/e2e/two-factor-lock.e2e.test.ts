import { describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { getDb } from '@/db/client';
import { cliActor } from '@/lib/dal/actor';
import { createUser } from '@/lib/dal/users';
import { screenshot, signIn, signOut } from './browser';
import { siteForThisFile } from './site';

const NURSE = { email: 'lena.lock@clinic.test', name: 'Lena Lock', password: 'a long nurse passphrase' };
const ADMIN = { email: 'ada.admin@clinic.test', name: 'Ada Admin', password: 'a long admin passphrase' };
const failures = () => getDb().$client.prepare("SELECT count(*) FROM audit_events WHERE action = 'signin.failure'").pluck().get() as number;

/**
 * Repeated lockouts by wrong two-factor codes keep an account locked until an
 * administrator unlocks it (issue 21). This server counts one such lockout as enough
 * (TITERLINE_TWO_FACTOR_LOCKOUTS=1), so the browser need not wait out 15-minute locks;
 * tests/integration/two-factor-lock.test.ts proves the default of three within a day.
 */
describe('a lock by wrong two-factor codes that needs an administrator', () => {
  const site = siteForThisFile(async () => {
    await createUser(cliActor(), { ...NURSE, role: 'nurse' });
    await createUser(cliActor(), { ...ADMIN, role: 'admin' });
  }, { TITERLINE_TWO_FACTOR_LOCKOUTS: '1' });

  it('tells the person to contact an administrator, who sees why on the users page and unlocks it', async () => {
    const { server, browser } = site;
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, NURSE.email, NURSE.password);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: 'Two-factor sign-in' }).click();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const key = (await page.getByTestId('manual-key').textContent())!.replace(/\s/g, '');
    const app = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(key) });
    await page.getByLabel('2. Enter the 6-digit code the app shows').fill(app.generate());
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await signOut(page);

    await signIn(page, server.url, NURSE.email, NURSE.password);
    const code = page.getByLabel('Authentication code');
    for (let i = 0; i < 5; i++) {
      await code.fill(app.generate() === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      // Each answer before the next try (the form's message stays the same between wrong codes).
      await expect.poll(() => server.withDb(() => failures()), { timeout: 15_000 }).toBe(i + 1);
    }
    await page.getByText('stays locked until an administrator unlocks it. Contact your Titerline administrator').waitFor();
    await screenshot(page, 'two-factor-locked-until-unlocked');
    expect(await server.withDb(() => getDb().$client.prepare('SELECT two_factor_locked_at FROM users WHERE email = ?').pluck().get(NURSE.email))).not.toBeNull();

    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, server.url, ADMIN.email, ADMIN.password);
    await admin.waitForURL(`${server.url}/`);
    await admin.goto(`${server.url}/admin/users`);
    const lock = admin.getByTestId(`lock-${NURSE.email}`);
    await lock.getByText('Locked until an administrator unlocks it').waitFor();
    await screenshot(admin, 'two-factor-lock-users-page');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await admin.getByTestId(`lock-${NURSE.email}`).waitFor({ state: 'detached' });

    // The next step's code (the one before may have been tried above).
    await signIn(page, server.url, NURSE.email, NURSE.password);
    await code.fill(app.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.context().close();
    await admin.context().close();
  });
});
