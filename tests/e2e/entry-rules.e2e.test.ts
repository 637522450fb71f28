/**
 * Issue 17 in the browser: the enzyme form says which range an empty one takes (this
 * patient's latest lab range of the chosen test, else the site default) and follows the
 * Test select; the results table notes a range that is not the lab's and marks a lab
 * category that differs from the cut-off; the flowsheet says it too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliActor, type Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { createPatient } from '@/lib/dal/patients';
import { createUser } from '@/lib/dal/users';
import { addDays, todayIso } from '@/lib/domain/dates';
import { launchBrowser, signIn } from './browser';
import { startServer, type TestServer } from './server';

const PW = 'a long clinic passphrase';
const today = todayIso(new Date());
const ago = (n: number) => addDays(today, -n);

describe('entry rules in the UI', () => {
  let server: TestServer;
  let browser: Browser;
  let patientId = 0;

  beforeAll(async () => {
    server = await startServer(async () => {
      const u = await createUser(cliActor(), { email: 'nurse@clinic.test', name: 'Test nurse', role: 'nurse', password: PW });
      const nurse: Actor = { userId: u.id, email: u.email, name: u.name, role: 'nurse', active: true, origin: 'cli' };
      const md = await createUser(cliActor(), { email: 'md@clinic.test', name: 'Test physician', role: 'physician', password: PW });
      const physician: Actor = { userId: md.id, email: md.email, name: md.name, role: 'physician', active: true, origin: 'cli' };
      patientId = createPatient(physician, { mrn: 'E2E-R', familyName: 'Range', givenName: 'Rita', birthDate: '1970-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
      recordEnzymeResult(nurse, patientId, { analyte: 'ck', collectedOn: ago(60), value: '120', unit: 'U/L', lowerLimit: '39', upperLimit: '308' });
      recordEnzymeResult(nurse, patientId, { analyte: 'ck', collectedOn: ago(20), value: '6.2', unit: 'ukat/L' });
      recordAntibodyResult(nurse, patientId, { assayId: '2', collectedOn: ago(20), value: '12', qualitative: 'negative', allowImplausible: 'on' });
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function results(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'nurse@clinic.test', PW);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/patients/${patientId}/results`);
    return page;
  }

  it('the enzyme form says which range an empty one takes, for the test chosen', async () => {
    const page = await results();
    await page.locator('details', { has: page.locator('summary', { hasText: 'Add CK or enzyme result' }) }).evaluate((d: HTMLDetailsElement) => { d.open = true; });
    const form = page.getByRole('form', { name: 'Add enzyme result' });
    const hint = form.getByTestId('range-default-hint');
    await expect.poll(() => hint.textContent()).toBe(`Left empty, the range of this patient's CK on ${ago(60)} (39-308 U/L) will be used.`);
    // The hint is the range field's description for screen readers.
    expect(await form.getByLabel('Reference high (ULN)').getAttribute('aria-describedby')).toBe('enz-upperLimit-hint');
    await form.getByLabel('Test').selectOption('alt');
    await expect.poll(() => hint.textContent()).toBe('Left empty, the site default ALT range for women (33 U/L) will be used.');
    await page.context().close();
  });

  it('the tables note a range not from the lab and a lab category that differs from the cut-off', async () => {
    const page = await results();
    const enzymes = page.getByTestId('enzyme-table');
    await enzymes.waitFor();
    expect(await enzymes.getByTestId('range-source').allTextContents()).toEqual([" (this patient's earlier range)"]);
    expect(await enzymes.getByText('High ▲').count()).toBe(1); // 6.2 ukat/L = 372 U/L against 308, not "normal" against a site default
    const marker = page.getByTestId('antibody-table').getByTestId('lab-category-differs');
    expect((await marker.textContent())?.trim()).toBe('Lab category differs from cut-off lab: Negative');
    await page.goto(`${server.url}/patients/${patientId}`);
    await page.getByTestId('flowsheet').waitFor();
    expect(await page.getByTestId('flowsheet').textContent()).toContain('Positive (lab: Negative ≠ cut-off)');
    await page.context().close();
  });
});
