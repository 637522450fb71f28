import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { getDb } from '@/db/client';
import { cliActor } from '@/lib/dal/actor';
import { createUser } from '@/lib/dal/users';
import { launchBrowser, screenshot, signIn, signOut } from './browser';
import { startServer, type TestServer } from './server';

const NURSE = { email: 'nora.nurse@clinic.test', name: 'Nora Nurse', password: 'a long nurse passphrase' };
const ADMIN = { email: 'ada.admin@clinic.test', name: 'Ada Admin', password: 'a long admin passphrase' };
const auditActions = () => (getDb().$client.prepare('SELECT action FROM audit_events ORDER BY id').pluck().all() as string[]);

describe('two-factor sign-in in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(async () => {
      await createUser(cliActor(), { ...NURSE, role: 'nurse' });
      await createUser(cliActor(), { ...ADMIN, role: 'admin' });
      // No grace period: the administrator must set up two-factor sign-in at once (the default rule covers administrators).
    }, { TITERLINE_TWO_FACTOR_GRACE_DAYS: '0' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a nurse enrols with the QR code page, keeps ten recovery codes, and then signs in with a code', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, NURSE.email, NURSE.password);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: 'Two-factor sign-in' }).click();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const key = (await page.getByTestId('manual-key').textContent())!.replace(/\s/g, '');
    const app = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(key) });
    await screenshot(page, 'two-factor-enrol');
    await page.getByLabel('2. Enter the 6-digit code the app shows').fill(app.generate());
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await signOut(page);

    // The code of the next step (one step of clock skew is accepted): the one used to enrol cannot be used again.
    await signIn(page, server.url, NURSE.email, NURSE.password);
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await code.fill('000000' === app.generate() ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText('That code is not right, or it was already used.').waitFor();
    await code.fill(app.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.getByTestId('role').textContent()).resolves.toBe('Nurse');
    const log = await server.withDb(auditActions);
    expect(log).toContain('two-factor.enrol');
    expect(log.slice(-3)).toEqual(['signin.code-needed', 'signin.failure', 'signin.success']);
    await page.close();
  });

  it('an administrator without a second factor is sent to set it up, and reaches nothing else until then', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/account\/two-factor$/);
    await page.getByText('nothing else is open until you do').waitFor();
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/account\/two-factor$/);
    await screenshot(page, 'two-factor-overdue');
    await page.close();
  });
});
