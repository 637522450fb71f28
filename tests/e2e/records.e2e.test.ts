import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getDb } from '@/db/client';
import { cliActor, type Actor } from '@/lib/dal/actor';
import { createUser } from '@/lib/dal/users';
import { createPatient } from '@/lib/dal/patients';
import { startMedication } from '@/lib/dal/medications';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { launchBrowser, screenshot, signIn } from './browser';
import { startServer, type TestServer } from './server';

const PW = 'a long clinic passphrase';
const today = clinicToday();
const count = (table: string) => (getDb().$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('clinical records: a clinic day through the UI', () => {
  let server: TestServer;
  let browser: Browser;
  let patientId = 0;

  beforeAll(async () => {
    server = await startServer(async () => {
      const users: Record<string, Actor> = {};
      for (const role of ['physician', 'nurse', 'reviewer'] as const) {
        const u = await createUser(cliActor(), { email: `${role}@clinic.test`, name: `Test ${role}`, role, password: PW });
        users[role] = { userId: u.id, email: u.email, name: u.name, role, active: true, origin: 'cli' };
      }
      const p = createPatient(users.physician!, { mrn: 'E2E-1', familyName: 'Garcia', givenName: 'Lucia', birthDate: '1975-04-02', sex: 'female', diagnosisGroup: 'mi2-pos-dm' });
      patientId = p.id;
      startMedication(users.physician!, p.id, { drug: 'prednisone', dose: '40', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: addDays(today, -30), startReason: 'started' });
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens a collapsible form section (it starts open when the table is empty). */
  const open = (page: Page, summary: string) =>
    page.locator('details', { has: page.locator('summary', { hasText: summary }) }).evaluate((d: HTMLDetailsElement) => { d.open = true; });

  /** Signs in and opens a tab of the patient's record ('' is the overview). */
  async function as(role: string, tab: '' | '/results' | '/visits' | '/medications' = ''): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, `${role}@clinic.test`, PW);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/patients/${patientId}${tab}`);
    return page;
  }

  it('a nurse enters a CK and an anti-Mi2 result; a future date is refused with a field message', async () => {
    const page = await as('nurse', '/results');
    await open(page, 'Add CK or enzyme result');
    const ck = page.getByRole('form', { name: 'Add enzyme result' });
    await ck.getByLabel('Collected on').fill(addDays(today, 1));
    await ck.getByLabel('Value').fill('2450');
    await ck.getByLabel('Reference high (ULN)').fill('200');
    await ck.getByRole('button', { name: 'Save result' }).click();
    await ck.getByText(/cannot be after/).first().waitFor();
    expect(await server.withDb(() => count('enzyme_results'))).toBe(0);
    await ck.getByLabel('Collected on').fill(addDays(today, -2));
    await ck.getByRole('button', { name: 'Save result' }).click();
    await page.getByTestId('enzyme-table').getByText('High ▲').waitFor();

    await open(page, 'Add anti-Mi2 result');
    const ab = page.getByRole('form', { name: 'Add anti-Mi2 result' });
    await ab.getByLabel('Assay').selectOption({ label: 'Mi-2β · Mi-2β line blot (Reference lab A)' });
    await ab.getByLabel('Collected on').fill(addDays(today, -2));
    await ab.getByLabel(/^Value/).fill('64');
    await ab.getByTestId('antibody-preview').getByText('Reads as Strong positive').waitFor();
    await ab.getByRole('button', { name: 'Save result' }).click();
    await page.getByTestId('antibody-table').getByText('Strong positive').waitFor();
    expect(await server.withDb(() => count('antibody_results'))).toBe(1);
    await page.context().close();
  });

  it('every tab of the record: an unknown or malformed patient id is a 404 page, no session goes to sign-in', async () => {
    const page = await as('nurse');
    for (const tab of ['', '/results', '/visits', '/medications']) {
      for (const id of ['999999', 'abc', '-1', '1.5']) {
        const res = await page.goto(`${server.url}/patients/${id}${tab}`);
        expect(res?.status(), `/patients/${id}${tab}`).toBe(404);
        expect(await page.content()).not.toMatch(/at \w+ \(|Error:/);
      }
      const anonymous = await fetch(`${server.url}/patients/${patientId}${tab}`, { redirect: 'manual' });
      expect([302, 303, 307], `anonymous ${tab}`).toContain(anonymous.status);
      expect(anonymous.headers.get('location') ?? '').toMatch(/signin/);
    }
    await page.context().close();
  });

  it('a physician logs a visit with a full MMT-8, seeing the total live', async () => {
    const page = await as('physician', '/visits');
    await page.getByRole('link', { name: 'Log visit' }).click();
    const grades = ['neck_flexors', 'deltoid', 'biceps', 'wrist_extensors', 'gluteus_maximus', 'gluteus_medius', 'quadriceps', 'ankle_dorsiflexors'];
    for (const [i, key] of grades.entries()) {
      await page.locator(`input[name="mmt_${key}"]`).fill(i < 7 ? '9' : '8');
      if (i === 3) await page.getByTestId('mmt-live').getByText(/partial: 4 of 8/).waitFor();
    }
    await page.getByTestId('mmt-live').getByText('MMT-8 total 71 / 80').waitFor();
    await page.getByLabel('Physician global activity').fill('4');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.waitForURL(new RegExp(`/patients/${patientId}/visits$`));
    await page.getByTestId('visits-table').getByText('71').first().waitFor();
    expect(await server.withDb(() => getDb().$client.prepare('SELECT mmt_total AS t FROM visits').get())).toEqual({ t: 71 });
    await page.context().close();
  });

  it('a physician changes the prednisone dose: the old epoch ends, the new one is current', async () => {
    const page = await as('physician', '/medications');
    await page.getByTestId('medications-table').getByRole('link', { name: 'Change dose' }).click();
    const form = page.getByRole('form', { name: /Change the dose of Prednisone/ });
    await form.getByLabel('Dose', { exact: true }).fill('30');
    await form.getByRole('button', { name: 'Change dose' }).click();
    await page.waitForURL(new RegExp(`/patients/${patientId}(\\?|/medications|$)`));
    await page.goto(`${server.url}/patients/${patientId}`);
    await page.getByTestId('current-treatment').getByText('30 mg').waitFor();
    expect(await server.withDb(() => count('medication_epochs'))).toBe(2);
    await screenshot(page, 'patient-records');
    await page.context().close();
  });

  it('a correction keeps the old value in the history', async () => {
    const page = await as('nurse', '/results');
    await page.getByTestId('enzyme-table').getByRole('link', { name: 'Correct / history' }).click();
    await page.getByTestId('history-empty').waitFor();
    const form = page.getByRole('form', { name: 'Correct result' });
    await form.getByLabel('Value').fill('2540');
    await form.getByLabel('Reason for the correction').fill('transcription error: digits swapped');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.getByText(/Correction saved/).waitFor();
    await page.reload();
    const history = page.getByTestId('history-table');
    await history.getByText('transcription error: digits swapped').waitFor();
    expect(await history.textContent()).toContain('2450');
    expect(await history.textContent()).toContain('2540');
    await page.context().close();
  });

  it('a reviewer sees no edit controls, and a direct POST of the edit action is refused', async () => {
    // Capture the real "add enzyme" action and its fields from a nurse's page.
    const nursePage = await as('nurse', '/results');
    await open(nursePage, 'Add CK or enzyme result');
    const fields = await nursePage.getByRole('form', { name: 'Add enzyme result' }).evaluate((f: HTMLFormElement) =>
      Array.from(new FormData(f).entries()).map(([k, v]) => [k, String(v)] as [string, string]));
    // The same raw POST from the nurse's session does write: the mechanism is real.
    // Sent as the site's own form would be (Origin of this site: proxy.ts refuses a POST without it).
    const post = (p: Page, value: string) => p.request.post(`${server.url}/patients/${patientId}/results`, {
      headers: { origin: server.url },
      multipart: { ...Object.fromEntries(fields), collectedOn: addDays(today, -1), value, upperLimit: '200' },
    });
    const start = await server.withDb(() => count('enzyme_results'));
    expect((await post(nursePage, '777')).status()).toBeLessThan(400);
    expect(await server.withDb(() => count('enzyme_results'))).toBe(start + 1);
    await nursePage.context().close();

    const page = await as('reviewer', '/results');
    await page.getByTestId('enzyme-table').waitFor();
    expect(await page.getByText('Add CK or enzyme result').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Correct / history' }).count()).toBe(0);
    await page.goto(`${server.url}/patients/${patientId}/visits`);
    await page.getByTestId('visits-table').waitFor();
    expect(await page.getByRole('link', { name: 'Log visit' }).count()).toBe(0);
    await page.goto(`${server.url}/patients/${patientId}`);
    await page.getByTestId('current-treatment').waitFor();
    expect(await page.getByRole('link', { name: 'Correct demographics' }).count()).toBe(0);

    const before = await server.withDb(() => count('enzyme_results'));
    const res = await post(page, '999');
    expect(res.status()).toBeLessThan(500);
    expect(await server.withDb(() => count('enzyme_results'))).toBe(before);
    const edit = await page.goto(`${server.url}/patients/${patientId}/edit`);
    expect(edit?.url()).toContain('/forbidden');
    await page.context().close();
  });
});
