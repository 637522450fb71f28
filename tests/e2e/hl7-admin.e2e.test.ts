import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { getDb } from '@/db/client';
import { seedDemo } from '../../scripts/seed/demo';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-accounts';
import { launchBrowser, screenshot, signIn } from './browser';
import { startServer, type TestServer } from './server';

const setting = (key: string) => (getDb().$client.prepare('SELECT value_json AS v FROM settings WHERE key = ?').get(key) as { v: string } | undefined)?.v ?? null;

/**
 * Admin, Lab feed in the browser (issue 19): the allow-lists start from the server's
 * environment; an address that is not one is refused in words with nothing saved; valid
 * lists are saved (the page then says they are set here); the inbox retention refuses a
 * number out of range and saves a valid one.
 */
describe('lab feed settings through the UI', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(() => seedDemo(), { TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|REFLAB A' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an administrator sets the allow-lists and the retention, refused in words when not valid', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(page, server.url, 'admin@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/hl7-feed`);
    expect(await page.getByTestId('allow-list-source').textContent()).toMatch(/From the server's environment/);
    const senders = page.getByLabel('Laboratory systems allowed to send results');
    expect(await senders.inputValue()).toBe('LABSYS|REFLAB A');

    await page.getByLabel('Network addresses allowed to connect').fill('127.0.0.1\nlab-engine.example.org');
    await page.getByRole('button', { name: 'Save allow-lists' }).click();
    await page.getByText(/"lab-engine\.example\.org" is not a network address/).waitFor();
    expect(await server.withDb(() => setting('hl7.allow-list'))).toBeNull();

    await senders.fill('LABSYS|REFLAB A\nHLAB|*');
    await page.getByLabel('Network addresses allowed to connect').fill('127.0.0.1\n10.20.0.15');
    await page.getByRole('button', { name: 'Save allow-lists' }).click();
    await page.getByText(/^Saved: 2 senders and 2 addresses/).waitFor();
    expect(JSON.parse((await server.withDb(() => setting('hl7.allow-list')))!)).toEqual({
      senders: [{ application: 'LABSYS', facility: 'REFLAB A' }, { application: 'HLAB', facility: '*' }], addresses: ['127.0.0.1', '10.20.0.15'],
    });
    await page.reload();
    expect(await page.getByTestId('allow-list-source').textContent()).toMatch(/^Set here by /);

    const days = page.getByLabel(/Keep the message text of filed or dismissed inbox messages/);
    expect(await days.inputValue()).toBe('365');
    await days.fill('3');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText(/Give a whole number of days from 7 to 3650/).waitFor();
    expect(await server.withDb(() => setting('hl7.inbox-retention-days'))).toBeNull();
    await days.fill('90');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText(/^Saved: message text is kept 90 days/).waitFor();
    expect(await server.withDb(() => setting('hl7.inbox-retention-days'))).toBe('{"days":90}');
    await screenshot(page, 'admin-hl7-feed');
  });
});
