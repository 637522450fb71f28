/**
 * Issue 20, item 6 in the browser: the tokens page shows owner, expiry and last use and
 * warns before expiry; deactivating an administrator says how many tokens will be
 * disabled and offers the transfer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliActor } from '@/lib/dal/actor';
import { createApiToken, listApiTokens } from '@/lib/dal/api-tokens';
import { createUser } from '@/lib/dal/users';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { launchBrowser, screenshot, signIn } from './browser';
import { startServer, type TestServer } from './server';

const PASSWORD = 'a long admin passphrase';
const today = clinicToday();

describe('API tokens: owners, expiry, deactivation', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let ids: { ada: number; bob: number; carl: number };

  beforeAll(async () => {
    server = await startServer(async () => {
      const ada = await createUser(cliActor(), { email: 'ada@clinic.test', name: 'Ada Admin', role: 'admin', password: PASSWORD });
      const bob = await createUser(cliActor(), { email: 'bob@clinic.test', name: 'Bob Admin', role: 'admin', password: PASSWORD });
      const carl = await createUser(cliActor(), { email: 'carl@clinic.test', name: 'Carl Admin', role: 'admin', password: PASSWORD });
      ids = { ada: ada.id, bob: bob.id, carl: carl.id };
      const as = (id: number) => ({ ...cliActor(), userId: id, origin: 'ui' as const });
      createApiToken(as(bob.id), { name: 'Lab interface', role: 'nurse' });
      createApiToken(as(carl.id), { name: 'Old registry', role: 'reviewer' });
      createApiToken(as(ada.id), { name: 'Billing feed', role: 'reviewer', expiresOn: addDays(today, 10) });
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await signIn(page, server.url, 'ada@clinic.test', PASSWORD);
    await page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the tokens page shows owners and expiry, warns 14 days ahead, and refuses an expiry in the past', async () => {
    await page.goto(`${server.url}/admin/tokens`);
    await page.getByText('1 token expires within 14 days: Billing feed').waitFor();
    await page.getByText('Expires in 10 days').waitFor();
    expect(await page.getByRole('cell', { name: /Bob Admin/ }).count()).toBe(1);
    const form = page.getByRole('form', { name: 'Create API token' });
    expect(await form.getByLabel('Works until').inputValue()).toBe(addDays(today, 90));
    await form.getByLabel('Integration name').fill('Past feed');
    await form.getByLabel('Works until').fill(addDays(today, -3));
    await form.getByRole('button', { name: 'Create token' }).click();
    await page.getByText(/Expiry must be after today/).first().waitFor();
    await form.getByLabel('Works until').fill(addDays(today, 30));
    await form.getByRole('button', { name: 'Create token' }).click();
    await page.getByText(`works through ${addDays(today, 30)}`).waitFor();
    await screenshot(page, 'admin-tokens');
  });

  it('deactivating an administrator says how many tokens it disables and offers the transfer', async () => {
    await page.goto(`${server.url}/admin/users`);
    const bobRow = page.getByTestId('user-bob@clinic.test');
    await bobRow.getByText('Owns 1 working API token: deactivating disables it unless transferred.').waitFor();
    await bobRow.getByLabel(/Owns 1 working API token/).selectOption({ label: 'Transfer to Ada Admin' });
    await bobRow.getByRole('button', { name: 'Deactivate…' }).click();
    await bobRow.getByRole('button', { name: 'Yes, deactivate Bob Admin' }).click(); // deactivating asks first
    await page.getByText('Bob Admin deactivated. 1 API token transferred.').waitFor();

    const carlRow = page.getByTestId('user-carl@clinic.test');
    await carlRow.getByRole('button', { name: 'Deactivate…' }).click();
    await carlRow.getByRole('button', { name: 'Yes, deactivate Carl Admin' }).click();
    await page.getByText('Carl Admin deactivated. 1 API token disabled.').waitFor();
    await screenshot(page, 'admin-users-tokens');

    const tokens = await server.withDb(() => listApiTokens({ ...cliActor(), userId: ids.ada }));
    expect(tokens.find((t) => t.name === 'Lab interface')).toMatchObject({ ownerId: ids.ada, status: 'active' });
    expect(tokens.find((t) => t.name === 'Old registry')).toMatchObject({ ownerId: ids.carl, status: 'disabled' });
    await page.goto(`${server.url}/admin/tokens`);
    await page.getByText(/Disabled \d{4}-\d\d-\d\d: owner deactivated/).waitFor();
  });
});
