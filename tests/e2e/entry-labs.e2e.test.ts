/**
 * Issue 17, entry forms of lab results and demographics, in Chromium against the
 * production build: after an error every field shows what will be sent and the row is
 * stored exactly as shown; the anti-Mi2 form starts on the patient's assay, keeps the
 * last choice and shows it in full; a series is entered by keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { ago, openAs, row, seedEntryPatient, submitExpectingError, type EntrySeed } from './entry-helpers';
import { startServer, type TestServer } from './server';

const tomorrow = ago(-1);
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** Presses Tab until `id` has focus (at most 6 times); returns how many presses it took. */
async function tabTo(page: Page, id: string): Promise<number> {
  for (let n = 1; n <= 6; n++) {
    await page.keyboard.press('Tab');
    if ((await activeId(page)) === id) return n;
  }
  return Infinity;
}
/** An ISO date as typed into Chromium's en-US date field: month, day, year digits. */
const typed = (iso: string) => `${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(0, 4)}`;

describe('entry forms: lab results and demographics', () => {
  let server: TestServer;
  let browser: Browser;
  let seed: EntrySeed;

  beforeAll(async () => {
    server = await startServer(async () => { seed = await seedEntryPatient(); });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const results = () => `/patients/${seed.patientId}/results`;
  const openForm = async (page: Page, summary: string) =>
    page.locator('details', { has: page.locator('summary', { hasText: summary }) }).evaluate((d: HTMLDetailsElement) => { d.open = true; });

  it('anti-Mi2: starts on the patient\'s assay; after an error every field shows what will be sent; the row is stored on the assay shown', async () => {
    const page = await openAs(browser, server, 'nurse', results());
    await openForm(page, 'Add anti-Mi2 result');
    const form = page.getByRole('form', { name: 'Add anti-Mi2 result' });
    const assay = form.getByLabel('Assay');
    // The patient's results are on lab B's immunoblot; the catalog's first is the ELISA.
    expect(await assay.inputValue()).toBe('3');
    await assay.selectOption({ label: 'Mi-2α · Mi-2α line blot (Reference lab A)' });
    await form.getByTestId('assay-description').getByText('Mi-2α line blot · Reference lab A · anti-Mi-2α in units, cut-off 5').waitFor();
    await form.getByLabel('Collected on').fill(tomorrow);
    await form.getByLabel('Comparator').selectOption('>');
    await form.getByLabel('Value (units)').fill('150');
    await form.getByLabel('Cut-off in force').fill('6');
    await form.getByLabel('Lab accession').fill('LB-77');
    const shown = await submitExpectingError(form, () => form.getByRole('button', { name: 'Save result' }).click(), /cannot be after/);
    expect(shown.assayId).toBe('1 = Mi-2α · Mi-2α line blot (Reference lab A)');
    // The unit label and the description follow the select, not a stale choice.
    await form.getByLabel('Value (units)').waitFor();
    await form.getByTestId('assay-description').getByText(/^Mi-2α line blot/).waitFor();
    expect(await activeId(page)).toBe('ab-collectedOn');

    await form.getByLabel('Collected on').fill(ago(3));
    await form.getByRole('button', { name: 'Save result' }).click();
    await form.getByRole('status').getByText(`Anti-Mi2 result saved: >150 units, collected on ${ago(3)}.`).waitFor();
    expect(await row(server, 'SELECT assay_id, analyte, collected_on, comparator, value, cutoff, accession FROM antibody_results WHERE accession = ?', 'LB-77'))
      .toEqual({ assay_id: 1, analyte: 'mi2-alpha', collected_on: ago(3), comparator: '>', value: 150, cutoff: 6, accession: 'LB-77' });
    // After the save: same assay, typed fields cleared, focus back on the first field.
    expect(await assay.inputValue()).toBe('1');
    expect(await form.getByLabel('Value (units)').inputValue()).toBe('');
    expect(await form.getByLabel('Lab accession').inputValue()).toBe('');
    expect(await activeId(page)).toBe('ab-assayId');
    await page.context().close();
  });

  it('a series by keyboard: Enter saves, focus returns to the first field, each save is announced', async () => {
    const page = await openAs(browser, server, 'nurse', results());
    await openForm(page, 'Add anti-Mi2 result');
    const form = page.getByRole('form', { name: 'Add anti-Mi2 result' });
    // The latest result is now the line blot's: the form starts there.
    expect(await form.getByLabel('Assay').inputValue()).toBe('1');
    const status = form.getByRole('status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    await form.getByLabel('Assay').focus();
    for (const [date, value] of [[ago(60), '40'], [ago(50), '32']] as const) {
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe('ab-collectedOn');
      await page.keyboard.type(typed(date));
      // Chromium's date field keeps one Tab for itself after a typed year; then comparator, value.
      expect(await tabTo(page, 'ab-value')).toBeLessThanOrEqual(3);
      await page.keyboard.type(value);
      await page.keyboard.press('Enter');
      await status.getByText(`Anti-Mi2 result saved: ${value} units, collected on ${date}.`).waitFor();
      expect(await activeId(page)).toBe('ab-assayId');
    }
    expect(await row(server, 'SELECT count(*) AS n FROM antibody_results WHERE assay_id = 1 AND collected_on IN (?, ?)', ago(60), ago(50))).toEqual({ n: 2 });
    await page.context().close();
  });

  it('a possible duplicate asks "Save anyway"; changing a value unticks it; ticked, the second result is saved', async () => {
    const page = await openAs(browser, server, 'nurse', results());
    await openForm(page, 'Add anti-Mi2 result');
    const form = page.getByRole('form', { name: 'Add anti-Mi2 result' });
    await form.getByLabel('Assay').selectOption('3');
    await form.getByLabel('Collected on').fill(ago(40));
    await form.getByLabel('Value (SIU)').fill('35');
    await submitExpectingError(form, () => form.getByRole('button', { name: 'Save result' }).click(), /already exists/);
    const confirm = form.getByLabel('Save anyway: this is a separate result');
    expect(await confirm.isChecked()).toBe(false);
    await form.getByTestId('confirm-allowDuplicate').getByText('Possible duplicate').waitFor();
    await confirm.check();
    await form.getByLabel('Lab accession').fill('B-1 repeat');
    expect(await confirm.isChecked()).toBe(false);
    await confirm.check();
    await form.getByRole('button', { name: 'Save result' }).click();
    await form.getByRole('status').getByText(/Anti-Mi2 result saved: 35 SIU/).waitFor();
    expect(await row(server, 'SELECT count(*) AS n FROM antibody_results WHERE assay_id = 3 AND collected_on = ?', ago(40))).toEqual({ n: 2 });
    await page.context().close();
  });

  it('enzyme: after an error every field shows what will be sent; saved as shown; test and unit stay for the next', async () => {
    const page = await openAs(browser, server, 'nurse', results());
    await openForm(page, 'Add CK or enzyme result');
    const form = page.getByRole('form', { name: 'Add enzyme result' });
    await form.getByLabel('Unit').selectOption('ukat/L');
    await form.getByLabel('Collected on').fill(tomorrow);
    await form.getByLabel('Value').fill('6.2');
    await form.getByLabel('Reference low').fill('0.6');
    await form.getByLabel('Reference high (ULN)').fill('5.1');
    await form.getByLabel('Lab accession').fill('CK-9');
    const shown = await submitExpectingError(form, () => form.getByRole('button', { name: 'Save result' }).click(), /cannot be after/);
    expect(shown.unit).toBe('ukat/L = µkat/L');
    await form.getByLabel('Collected on').fill(ago(3));
    await form.getByRole('button', { name: 'Save result' }).click();
    await form.getByRole('status').getByText(`CK result saved: 6.2 µkat/L, collected on ${ago(3)}.`).waitFor();
    expect(await row(server, 'SELECT analyte, collected_on, value, unit, value_ul, lower_limit_ul, upper_limit_ul, accession FROM enzyme_results WHERE accession = ?', 'CK-9'))
      .toEqual({ analyte: 'ck', collected_on: ago(3), value: 6.2, unit: 'ukat/L', value_ul: 372, lower_limit_ul: 36, upper_limit_ul: 306, accession: 'CK-9' });
    expect(await form.getByLabel('Unit').inputValue()).toBe('ukat/L');
    expect(await form.getByLabel('Value').inputValue()).toBe('');
    expect(await activeId(page)).toBe('enz-analyte');
    await page.context().close();
  });

  it('lab correction: after an error the fields (the assay too) show what will be sent; the corrected row is stored as shown', async () => {
    const page = await openAs(browser, server, 'nurse', `/patients/${seed.patientId}/labs/antibody/${seed.antibodyId}`);
    const form = page.getByRole('form', { name: 'Correct result' });
    await form.getByLabel('Assay').selectOption({ label: 'Mi-2 (unspecified) · Mi-2 ELISA (Hospital lab)' });
    await form.getByLabel('Value (AU/mL)').fill('25');
    await form.getByLabel('Cut-off in force').fill('20');
    const shown = await submitExpectingError(form, () => form.getByRole('button', { name: 'Save correction' }).click(), /reason/i);
    expect(shown.assayId).toBe('4 = Mi-2 (unspecified) · Mi-2 ELISA (Hospital lab)');
    await form.getByLabel('Reason for the correction').fill('lab amended the report: ELISA, not immunoblot');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.getByText(/Correction saved/).waitFor();
    expect(await row(server, 'SELECT assay_id, analyte, value, cutoff, collected_on, version FROM antibody_results WHERE id = ?', seed.antibodyId))
      .toEqual({ assay_id: 4, analyte: 'mi2', value: 25, cutoff: 20, collected_on: ago(40), version: 2 });
    expect(await form.getByLabel('Reason for the correction').inputValue()).toBe('');
    await page.context().close();
  });

  it.each([
    ['a 390 px phone', { width: 390, height: 844 }],
    ['200% zoom of a 1280 px window', { width: 640, height: 800 }],
  ])('the assay is shown in full on %s', async (what, viewport) => {
    const page = await openAs(browser, server, 'nurse', results(), viewport);
    await openForm(page, 'Add anti-Mi2 result');
    const form = page.getByRole('form', { name: 'Add anti-Mi2 result' });
    await form.getByLabel('Assay').selectOption('4');
    const description = form.getByTestId('assay-description');
    expect(await description.textContent()).toBe('Mi-2 ELISA · Hospital lab · anti-Mi-2 (unspecified) in AU/mL, cut-off 20');
    const fits = await description.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth);
    expect(fits, what).toBe(true);
    const select = await form.getByLabel('Assay').boundingBox();
    expect((select?.x ?? 0) + (select?.width ?? Infinity)).toBeLessThanOrEqual(viewport.width);
    await screenshot(page, `entry-assay-${viewport.width}px`);
    await page.context().close();
  });

  it('demographics: after an error every field (the reason too) shows what will be sent; the patient is stored as shown', async () => {
    const page = await openAs(browser, server, 'nurse', `/patients/${seed.patientId}/edit`);
    const form = page.getByRole('form', { name: 'Correct patient' });
    await form.getByLabel('Family name').fill('Okafor-Bello');
    await form.getByLabel('Birth date').fill(tomorrow);
    await form.getByLabel('Sex').selectOption('other');
    await form.getByLabel('Diagnosis group').selectOption('mi2-neg-dm');
    await form.getByLabel('Responsible physician').selectOption({ label: 'Test physician' });
    await form.getByLabel('Notes').fill('Prefers morning visits.');
    await form.getByLabel('Reason for the correction').fill('name and group per referral letter');
    await submitExpectingError(form, () => form.getByRole('button', { name: 'Save correction' }).click(), /birth/i);
    await form.getByLabel('Birth date').fill('1968-09-21');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.waitForURL(`${server.url}/patients/${seed.patientId}`);
    expect(await row(server, 'SELECT family_name, given_name, birth_date, sex, diagnosis_group, physician_id, notes FROM patients WHERE id = ?', seed.patientId)).toEqual({
      family_name: 'Okafor-Bello', given_name: 'Ada', birth_date: '1968-09-21', sex: 'other', diagnosis_group: 'mi2-neg-dm', physician_id: seed.physicianId, notes: 'Prefers morning visits.',
    });
    await page.context().close();
  });
});
