import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { getDb } from '@/db/client';
import { seedDemo } from '../../scripts/seed/demo';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-accounts';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { ckOru, seedInboxMessage } from '../setup/hl7-inbox-seed';
import { launchBrowser, screenshot, signIn } from './browser';
import { startServer, type TestServer } from './server';

const count = (sql: string) => (getDb().$client.prepare(sql).get() as { n: number }).n;

/**
 * The lab feed's inbox in the browser (issue 19, item 4): two messages wait (one for a
 * patient registered since it arrived, one for nobody); the nurse sees the count in the
 * top bar, files the first again (its CK is stored), is asked for a reason before
 * dismissing the second, dismisses it, and the count is gone.
 */
describe('lab inbox through the UI: file again, dismiss with a reason', () => {
  let server: TestServer;
  let browser: Browser;
  let mrn = '';
  let patient = { mrn: '', family: '', given: '', birth: '' };
  beforeAll(async () => {
    server = await startServer(async () => {
      await seedDemo();
      const p = getDb().$client.prepare('SELECT mrn, family_name AS family, given_name AS given, birth_date AS birth FROM patients ORDER BY id LIMIT 1').get() as { mrn: string; family: string; given: string; birth: string };
      mrn = p.mrn;
      patient = p;
      // The lab knows this patient under its own number: a nurse assigns them from the inbox.
      seedInboxMessage(ckOru({ ...p, mrn: 'LAB-LOCAL-9', day: addDays(clinicToday(), -3), controlId: 'E2E-3' }), 'Nothing stored. PID: No patient with MRN "LAB-LOCAL-9" in Titerline.');
      // Another person's details under the lab's own number: assigning the demo patient needs a confirmation.
      seedInboxMessage(ckOru({ mrn: 'LAB-LOCAL-7', family: 'Otherperson', given: 'Ann', birth: '1944-04-04', day: addDays(clinicToday(), -4), controlId: 'E2E-4' }), 'Nothing stored. PID: No patient with MRN "LAB-LOCAL-7" in Titerline.');
      const day = addDays(clinicToday(), -2);
      seedInboxMessage(ckOru({ ...p, day, controlId: 'E2E-1' }), `Nothing stored. PID: No patient with MRN "${p.mrn}" in Titerline.`);
      seedInboxMessage(ckOru({ mrn: 'NOBODY-1', family: 'Unknown', given: 'Person', birth: '1961-01-01', day, controlId: 'E2E-2' }), 'Nothing stored. PID: No patient with MRN "NOBODY-1" in Titerline.');
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a nurse assigns the patient of a held message (found by MRN, name and birth date shown) and files it', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'nurse@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/lab-inbox`);
    await page.getByRole('link', { name: /^Assign patient or codes: message E2E-3/ }).click();
    await page.getByRole('heading', { name: 'Resolve a lab message' }).waitFor();
    expect(await page.getByTestId('as-sent').textContent()).toContain('MRN LAB-LOCAL-9');
    expect(await page.getByTestId('why-held').textContent()).toBe('Patient: No patient with MRN "LAB-LOCAL-9" in Titerline.');
    await page.getByLabel('Find the patient (MRN or name)').fill(patient.mrn);
    await page.getByRole('button', { name: 'Search' }).click();
    const choice = page.getByLabel(`${patient.family}, ${patient.given} · born ${patient.birth} · MRN ${patient.mrn}`);
    await choice.check();
    await screenshot(page, 'lab-inbox-resolve');
    const before = await server.withDb(() => count(`SELECT count(*) AS n FROM enzyme_results WHERE accession = 'ACC-E2E-3'`));
    await page.getByRole('button', { name: 'File the results' }).click();
    await page.getByTestId('inbox-done').getByText(/^Filed/).waitFor();
    expect(before).toBe(0);
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM enzyme_results e JOIN patients p ON p.id = e.patient_id WHERE e.accession = 'ACC-E2E-3' AND p.mrn = '${patient.mrn}'`))).toBe(1);
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM hl7_inbox WHERE status = 'filed' AND control_id = 'E2E-3' AND resolved_by IS NOT NULL`))).toBe(1);
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM audit_events WHERE action = 'hl7.inbox.resolved' AND origin = 'ui'`))).toBe(1);
  });

  it("a patient whose details differ from the lab's is filed only after the nurse confirms it with a reason; the choice stays checked after the refusal", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'nurse@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/lab-inbox`);
    await page.getByRole('link', { name: /^Assign patient or codes: message E2E-4/ }).click();
    await page.getByLabel('Find the patient (MRN or name)').fill(patient.mrn);
    await page.getByRole('button', { name: 'Search' }).click();
    const choice = page.getByLabel(`${patient.family}, ${patient.given} · born ${patient.birth} · MRN ${patient.mrn}`);
    await choice.check();
    await page.getByRole('button', { name: 'File the results' }).click();
    await page.getByText(/The laboratory sent birth date 1944-04-04/).first().waitFor();
    expect(await choice.isChecked()).toBe(true);
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM enzyme_results WHERE accession = 'ACC-E2E-4'`))).toBe(0);
    await page.getByLabel('These results belong to this patient').check();
    await page.getByLabel('Why (kept in the audit trail)').fill('Lab confirmed by phone: wrong name on the request');
    await page.getByRole('button', { name: 'File the results' }).click();
    await page.getByTestId('inbox-done').getByText(/^Filed/).waitFor();
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM enzyme_results e JOIN patients p ON p.id = e.patient_id WHERE e.accession = 'ACC-E2E-4' AND p.mrn = '${patient.mrn}'`))).toBe(1);
  });

  it('a nurse files one message again and dismisses the other; the top bar count follows', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'nurse@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByTestId('inbox-count').textContent()).toBe('2');
    await page.getByRole('link', { name: 'Lab inbox: 2 waiting' }).click();
    await page.getByRole('heading', { name: 'Lab inbox' }).waitFor();
    const rows = page.getByTestId('lab-inbox').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    await rows.filter({ hasText: 'NOBODY-1' }).getByText('Patient: No patient with MRN "NOBODY-1" in Titerline.').waitFor();
    await screenshot(page, 'lab-inbox');
    const ckBefore = await server.withDb(() => count('SELECT count(*) AS n FROM enzyme_results'));

    await rows.filter({ hasText: 'E2E-1' }).getByRole('button', { name: 'File again' }).click();
    await page.getByTestId('inbox-done').getByText(/^Filed: the results are in the patient's record/).waitFor();
    expect(await server.withDb(() => count('SELECT count(*) AS n FROM enzyme_results'))).toBe(ckBefore + 1);
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM hl7_inbox WHERE status = 'filed' AND control_id = 'E2E-1'`))).toBe(1);
    expect(await page.getByTestId('inbox-count').textContent()).toBe('1');
    expect(mrn).not.toBe('');

    const nobody = page.getByTestId('lab-inbox').locator('tbody tr').filter({ hasText: 'NOBODY-1' });
    await nobody.getByRole('button', { name: 'Dismiss' }).click();
    // Wait for the refusal itself (the form resets when its answer arrives).
    await nobody.getByRole('status').getByText(/Give a reason of at least 3 characters/).waitFor();
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM hl7_inbox WHERE status = 'open'`))).toBe(1);
    await nobody.getByLabel('Reason for dismissing').fill('Not a patient of this clinic');
    await nobody.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByTestId('inbox-empty').waitFor();
    await page.getByTestId('inbox-done').getByText(/^Dismissed/).waitFor();
    expect(await page.getByTestId('inbox-count').count()).toBe(0);
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM hl7_inbox WHERE status = 'dismissed' AND resolution = 'Not a patient of this clinic'`))).toBe(1);
  });
});
