import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getDb } from '@/db/client';
import { screenshot } from './browser';
import { GLASS, ssoSignIn, ssoSiteForThisFile } from './sso-site';

const userRow = (email: string) => getDb().$client.prepare('SELECT role, oidc_subject FROM users WHERE email = ?').get(email) as { role: string; oidc_subject: string } | undefined;
const rulesShown = (page: Page) => page.getByTestId('sign-in-rule').locator('td:nth-child(2)').allTextContents();

describe('single sign-on rules set by an administrator on the page', () => {
  // Starting rules from the environment: physicians only.
  const site = ssoSiteForThisFile('titerline-physicians=physician');
  let admin: Page;
  beforeAll(async () => {
    site.idp.accounts.set('rosa', { email: 'rosa@clinic.test', name: 'Rosa Reader', groups: ['staff', 'titerline-research'] });
    admin = await (await site.browser.newContext()).newPage();
    // Not browser.ts signIn: this page also has "Sign in with Hospital login".
    await admin.goto(`${site.server.url}/signin`);
    await admin.getByLabel('Email').fill(GLASS.email);
    await admin.getByLabel('Password').fill(GLASS.password);
    await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin.waitForURL(`${site.server.url}/`);
  });

  async function addRule(group: string, role: string): Promise<void> {
    await admin.getByLabel('Group at the hospital\'s sign-in service').fill(group);
    await admin.getByLabel('Role in Titerline').selectOption({ label: role });
    await admin.getByRole('button', { name: 'Add rule' }).click();
  }

  it('a rule added on the page provisions a new person at sign-in; removing it refuses their next sign-in', async () => {
    // The control: without a rule for her group she is not let in.
    const before = await ssoSignIn(site, 'rosa');
    await before.waitForURL(/\/signin\?error=sso-refused/);
    await before.context().close();
    expect(await site.server.withDb(() => userRow('rosa@clinic.test'))).toBeUndefined();

    await admin.goto(`${site.server.url}/admin/users`);
    await admin.getByRole('link', { name: 'Single sign-on rules' }).click();
    await admin.waitForURL(`${site.server.url}/admin/sign-in-rules`);
    await admin.getByTestId('rules-source').waitFor();
    expect(await rulesShown(admin)).toEqual(['titerline-physicians']);
    await addRule('titerline-research', 'Reviewer');
    await admin.getByText('Rule added').waitFor();
    expect(await rulesShown(admin)).toEqual(['titerline-physicians', 'titerline-research']);
    // A second rule for the same group is refused in words, and nothing changes.
    await addRule('titerline-research', 'Administrator');
    await admin.getByText('There is already a rule for the group "titerline-research"').waitFor();
    await addRule('titerline-research-2', 'Nurse');
    await admin.getByText('Rule added').waitFor();
    await admin.getByRole('form', { name: 'Move the rule for titerline-research-2 up', exact: true }).getByRole('button').click();
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="sign-in-rule"] code')[1]?.textContent === 'titerline-research-2');
    expect(await rulesShown(admin)).toEqual(['titerline-physicians', 'titerline-research-2', 'titerline-research']);
    await screenshot(admin, 'sso-rules');

    const rosa = await ssoSignIn(site, 'rosa');
    await rosa.waitForURL(`${site.server.url}/`);
    await expect(rosa.getByTestId('role').textContent()).resolves.toBe('Reviewer');
    expect(await site.server.withDb(() => userRow('rosa@clinic.test'))).toEqual({ role: 'reviewer', oidc_subject: 'rosa' });
    await rosa.context().close();

    await admin.getByRole('form', { name: 'Remove the rule for titerline-research', exact: true }).getByRole('button').click();
    // The row leaves the list (its buttons with it).
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="sign-in-rule"]').length === 2);
    expect(await rulesShown(admin)).toEqual(['titerline-physicians', 'titerline-research-2']);
    const after = await ssoSignIn(site, 'rosa');
    await after.waitForURL(/\/signin\?error=sso-refused/);
    await after.getByText('Your hospital account was not let in').waitFor();
    await after.context().close();
    const events = await site.server.withDb(() => getDb().$client.prepare("SELECT count(*) FROM audit_events WHERE action = 'settings.sso-rules'").pluck().get());
    expect(events).toBe(4);
  });
});
