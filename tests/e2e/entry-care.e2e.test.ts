/**
 * Issue 17, entry forms of visits and medications, in Chromium against the production
 * build: after an error every field shows what will be sent and the row is stored as
 * shown (visit with MMT-8 grades, visit correction, start, dose change, stop); a stop
 * is confirmed first, offers stop reasons only, and stays in the list and in Current
 * treatment with "last day today".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { ago, openAs, row, seedEntryPatient, submitExpectingError, today, type EntrySeed } from './entry-helpers';
import { startServer, type TestServer } from './server';

const tomorrow = ago(-1);
const optionTexts = (select: Locator) => select.evaluate((s: HTMLSelectElement) => Array.from(s.options).map((o) => o.text));
/** The MMT-8 grades a form shows, as stored: {test key: grade}. */
const gradesShown = (shown: Record<string, string>) =>
  Object.fromEntries(Object.entries(shown).filter(([k, v]) => k.startsWith('mmt_') && v !== '').map(([k, v]) => [k.slice(4), Number(v)]));

describe('entry forms: visits and medications', () => {
  let server: TestServer;
  let browser: Browser;
  let seed: EntrySeed;
  let pid = 0;

  beforeAll(async () => {
    server = await startServer(async () => { seed = await seedEntryPatient(); pid = seed.patientId; });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('visit with bilateral MMT-8: after an error every grade, measure and finding shows what will be sent; saved as shown', async () => {
    const page = await openAs(browser, server, 'physician', `/patients/${pid}/visits/new`);
    const form = page.getByRole('form', { name: 'Log visit' });
    await form.getByLabel('Visit date').fill(tomorrow);
    await form.getByLabel('Clinician').fill('Dr Mbeki');
    await form.getByLabel('Version').selectOption('bilateral');
    const grades = form.locator('input.grade');
    const n = await grades.count();
    for (let i = 0; i < n; i++) await grades.nth(i).fill(i === 3 ? '7' : '9');
    await form.getByLabel('Physician global activity').fill('3.5');
    await form.getByLabel('HAQ-DI').fill('0.75');
    await form.getByLabel('Rash').check();
    await form.getByLabel('Interstitial lung disease').check();
    await form.getByLabel('Notes').fill('Gottron papules fading.');
    const shown = await submitExpectingError(form, () => form.getByRole('button', { name: 'Save visit' }).click(), /cannot be after/);
    expect(shown.mmtVersion).toMatch(/^bilateral = /);
    await form.getByLabel('Visit date').fill(ago(1));
    await form.getByRole('button', { name: 'Save visit' }).click();
    await page.waitForURL(`${server.url}/patients/${pid}/visits`);
    const stored = await row<Record<string, string | number | null>>(server, 'SELECT * FROM visits WHERE visit_on = ?', ago(1));
    expect(stored).toMatchObject({ clinician_name: 'Dr Mbeki', mmt_version: 'bilateral', physician_global: 3.5, patient_global: null, haq: 0.75, notes: 'Gottron papules fading.' });
    expect(JSON.parse(String(stored.mmt_grades_json))).toEqual(gradesShown(shown));
    expect(Object.keys(gradesShown(shown))).toHaveLength(n);
    expect([...JSON.parse(String(stored.findings_json))].sort()).toEqual(['ild', 'rash']);
    await page.context().close();
  });

  it('visit correction: after an error the grades and the reason are kept; the corrected visit is stored as shown', async () => {
    const page = await openAs(browser, server, 'physician', `/patients/${pid}/visits/${seed.visitId}`);
    const form = page.getByRole('form', { name: 'Correct visit' });
    await form.locator('input[name="mmt_neck_flexors"]').fill('10');
    await form.getByLabel('HAQ-DI').fill('5');
    await form.getByLabel('Reason for the correction').fill('neck flexors graded on the wrong line');
    const shown = await submitExpectingError(form, () => form.getByRole('button', { name: 'Save correction' }).click(), /HAQ-DI/);
    expect(shown.reason).toBe('neck flexors graded on the wrong line');
    await form.getByLabel('HAQ-DI').fill('1.25');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.waitForURL(/done=corrected/);
    const stored = await row<Record<string, string | number>>(server, 'SELECT * FROM visits WHERE id = ?', seed.visitId);
    expect(stored).toMatchObject({ haq: 1.25, version: 2, physician_global: 4, notes: 'Seeded visit' });
    expect(JSON.parse(String(stored.mmt_grades_json))).toEqual({ ...gradesShown(shown), neck_flexors: 10 });
    await page.context().close();
  });

  it('start a drug: after an error every field shows what will be sent; the epoch is stored as shown', async () => {
    const page = await openAs(browser, server, 'physician', `/patients/${pid}/medications/new`);
    const form = page.getByRole('form', { name: 'Start a drug' });
    await form.getByLabel('Drug').selectOption('methotrexate');
    expect(await optionTexts(form.getByLabel('Reason for starting'))).not.toContain('Stopped');
    await form.getByLabel('Dose', { exact: true }).fill('15');
    await form.getByLabel('Route').selectOption('sc');
    await form.getByLabel('Start date').fill(tomorrow);
    const shown = await submitExpectingError(form, () => form.getByRole('button', { name: 'Start drug' }).click(), /cannot be after/);
    expect(shown).toMatchObject({ drug: 'methotrexate = Methotrexate', doseUnit: 'mg = mg', route: 'sc = Subcutaneous (SC)', frequency: 'weekly' });
    await form.getByLabel('Start date').fill(ago(2));
    await form.getByRole('button', { name: 'Start drug' }).click();
    await page.waitForURL(`${server.url}/patients/${pid}/medications`);
    expect(await row(server, 'SELECT drug, dose, dose_unit, route, frequency, start_on, end_on, reason FROM medication_epochs WHERE drug = ?', 'Methotrexate'))
      .toEqual({ drug: 'Methotrexate', dose: 15, dose_unit: 'mg', route: 'sc', frequency: 'weekly', start_on: ago(2), end_on: null, reason: 'started' });
    await page.context().close();
  });

  it('change dose: offers dose-change reasons only; after an error the fields are kept; both epochs are stored as shown', async () => {
    const page = await openAs(browser, server, 'physician', `/patients/${pid}/medications/${seed.prednisoneId}?do=change`);
    const form = page.getByRole('form', { name: 'Change the dose of Prednisone' });
    expect(await optionTexts(form.getByLabel('Reason for the change'))).toEqual(['Tapered', 'Increased', 'Side effect', 'Ineffective', 'Remission', 'Other']);
    await form.getByLabel('New dose from').fill(ago(1));
    await form.getByLabel('Reason for the change').selectOption('side-effect');
    await form.getByLabel('Dose', { exact: true }).fill('15');
    await submitExpectingError(form, () => form.getByRole('button', { name: 'Change dose' }).click(), /different dose/);
    await form.getByLabel('Dose', { exact: true }).fill('12.5');
    await form.getByRole('button', { name: 'Change dose' }).click();
    await page.waitForURL(`${server.url}/patients/${pid}/medications`);
    expect(await row(server, 'SELECT end_on, end_reason FROM medication_epochs WHERE id = ?', seed.prednisoneId)).toEqual({ end_on: ago(2), end_reason: 'side-effect' });
    expect(await row(server, 'SELECT dose, frequency, start_on, reason, end_on FROM medication_epochs WHERE drug = ? ORDER BY id DESC', 'Prednisone'))
      .toEqual({ dose: 12.5, frequency: 'daily', start_on: ago(1), reason: 'side-effect', end_on: null });
    await page.context().close();
  });

  it('stop: stop reasons only, a confirmation before anything is stored, the fields kept after an error; the stopped drug stays in the list and in Current treatment', async () => {
    const page = await openAs(browser, server, 'physician', `/patients/${pid}/medications/${seed.ivigId}?do=stop`);
    const form = page.getByRole('form', { name: 'Stop IVIG (intravenous immunoglobulin)' });
    const reason = form.getByLabel('Reason for stopping');
    expect(await optionTexts(reason)).toEqual(['Stopped', 'Course completed', 'Side effect', 'Ineffective', 'Remission', 'Other']);
    const dialog = page.getByRole('dialog', { name: /Stop IVIG/ });
    const yes = dialog.getByRole('button', { name: /Yes, stop/ });
    await reason.selectOption('remission');
    await form.getByLabel('Last day taken').fill(ago(800));
    await submitExpectingError(form, async () => {
      await form.getByRole('button', { name: /^Stop IVIG/ }).click();
      await dialog.getByText(`${ago(800)}`).waitFor();
      await yes.click();
    }, /on or after the start date/);
    expect(await dialog.isVisible()).toBe(false);

    // By keyboard: Enter in the date opens the confirmation with "Go back" focused; going back stores nothing.
    await form.getByLabel('Last day taken').fill(today);
    await form.getByLabel('Last day taken').press('Enter');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Go back');
    const what = await dialog.getByTestId('stop-confirmation').innerText();
    expect(what).toContain(`IVIG (intravenous immunoglobulin) 2 g/kg Intravenous (IV) every 4 weeks, taken since ${ago(730)}`);
    expect(what).toContain(`${today} (today)`);
    expect(what).toContain('Remission');
    await screenshot(page, 'entry-stop-confirmation');
    await page.keyboard.press('Enter');
    expect(await dialog.isVisible()).toBe(false);
    expect(await row(server, 'SELECT end_on FROM medication_epochs WHERE id = ?', seed.ivigId)).toEqual({ end_on: null });

    await form.getByLabel('Last day taken').press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Yes, stop/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/patients/${pid}/medications`);
    expect(await row(server, 'SELECT end_on, end_reason, version FROM medication_epochs WHERE id = ?', seed.ivigId)).toEqual({ end_on: today, end_reason: 'remission', version: 2 });
    const ivigRow = page.getByTestId('medications-table').getByRole('row', { name: /IVIG/ });
    expect(await ivigRow.innerText()).toMatch(new RegExp(`${today}\\s+last day today[\\s\\S]*ended: remission`));
    await page.goto(`${server.url}/patients/${pid}`);
    expect(await page.getByTestId('current-treatment').getByRole('listitem').filter({ hasText: 'IVIG' }).innerText()).toMatch(/last day today/);
    await page.context().close();
  });
});
