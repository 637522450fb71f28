import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { startMedication } from '@/lib/dal/medications';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { seedDemo } from '../../scripts/seed/demo';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-accounts';
import { codeIdentifiers } from '../setup/code-identifiers';
import { launchBrowser, signIn } from './browser';
import { startServer, type TestServer } from './server';
import { seedTimeline, TL_PHYSICIAN, type TimelineSeed } from './timeline-seed';

/** The page scrolls sideways: the document is wider than the window. */
const pageOverflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/**
 * Cells of the flowsheet that start under its frozen first column while still showing
 * to its right (a value read half hidden, "0.55×" as ".55×"), as "row: text".
 */
const stickyOverlaps = (page: Page) => page.evaluate(() => {
  const bad: string[] = [];
  for (const tr of document.querySelectorAll('[data-testid="flowsheet"] tr')) {
    const cells = [...tr.children] as HTMLElement[];
    const frozen = cells[0]?.getBoundingClientRect();
    if (!frozen) continue;
    for (const c of cells.slice(1)) {
      const r = c.getBoundingClientRect();
      if (r.right > frozen.right + 1 && r.left < frozen.right - 1) bad.push(`${cells[0]!.textContent}: ${c.textContent}`);
    }
  }
  return bad;
});

/** What a person reads or hears on the page: visible text, tooltips and accessible names. */
const readableText = (page: Page) => page.evaluate(() => [
  document.body.innerText,
  ...[...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title') ?? ''),
  ...[...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label') ?? ''),
  document.title,
].join('\n'));

describe('clinic UI: words, small screens and details (demo cohort + timeline edge patient)', () => {
  let server: TestServer;
  let browser: Browser;
  let seed: TimelineSeed;
  let demoPatient: number;

  beforeAll(async () => {
    server = await startServer(async () => {
      await seedDemo();
      seed = await seedTimeline();
      const u = getDb().$client.prepare('SELECT id, email, name FROM users WHERE email = ?').get(TL_PHYSICIAN.email) as { id: number; email: string; name: string };
      const md: Actor = { userId: u.id, email: u.email, name: u.name, role: 'physician', active: true, origin: 'cli' };
      const ago = (d: number) => addDays(clinicToday(), -d);
      // Long drug names for the treatment lanes.
      startMedication(md, seed.edge, { drug: 'methylprednisolone', dose: 500, doseUnit: 'mg', route: 'iv', frequency: 'daily', startOn: ago(60), startReason: 'started' });
      startMedication(md, seed.edge, { drug: 'ivig', dose: 2, doseUnit: 'g/kg', route: 'iv', frequency: 'every 4 weeks', startOn: ago(50), startReason: 'started' });
      demoPatient = (getDb().$client.prepare("SELECT id FROM patients WHERE mrn = 'MRN-100001'").get() as { id: number }).id;
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function physicianAt(width: number): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signIn(page, server.url, 'physician@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    return page;
  }
  const flowsheetReady = (page: Page) => page.locator('[data-testid="flowsheet"][data-columns]').first().waitFor();

  it('at 640, 1024 and 1366 px the worklist, patient overview and lab results never scroll the page sideways, and no flowsheet cell hides under the frozen column', async () => {
    const problems: string[] = [];
    for (const width of [640, 1024, 1366]) {
      const page = await physicianAt(width);
      for (const path of ['/', '/?due=1', `/patients/${seed.edge}`, `/patients/${seed.edge}/results`, `/patients/${demoPatient}`, `/patients/${demoPatient}/results`, `/patients/${seed.long}`]) {
        await page.goto(`${server.url}${path}`);
        await page.locator('main').waitFor();
        if (path.startsWith('/patients/') && !path.endsWith('/results')) {
          await flowsheetReady(page);
          // The table is placed at its newest dates as it nears the screen.
          await page.getByTestId('flowsheet').first().scrollIntoViewIfNeeded();
          // It then swaps in every date of the window and places it again: wait for that to settle.
          let overlaps = await stickyOverlaps(page);
          for (let tries = 0; overlaps.length && tries < 30; tries++) {
            await page.waitForTimeout(100);
            overlaps = await stickyOverlaps(page);
          }
          if (overlaps.length) problems.push(`${width} px ${path}: under the frozen column: ${overlaps.slice(0, 3).join(' | ')}`);
        }
        const over = await pageOverflow(page);
        if (over > 0) problems.push(`${width} px ${path}: page ${over} px wider than the window`);
      }
      await page.context().close();
    }
    expect(problems).toEqual([]);
  });

  it('no page a clinician reads shows a field name, a code, or a file path', async () => {
    const page = await physicianAt(1366);
    const leaks: string[] = [];
    for (const path of ['/', '/?due=1', '/?show=attention', '/signals/how', `/patients/${seed.edge}`, `/patients/${seed.edge}/results`, `/patients/${seed.edge}/visits`,
      `/patients/${seed.edge}/medications`, `/patients/${demoPatient}`, `/patients/${demoPatient}/results`, `/patients/${demoPatient}/visits`]) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main').waitFor();
      if (path.startsWith('/patients/') && path.split('/').length === 3) await flowsheetReady(page);
      for (const f of codeIdentifiers(await readableText(page))) leaks.push(`${path}: ${f}`);
    }
    // A corrected CK: the history names fields and values in clinical words.
    await page.goto(`${server.url}/patients/${demoPatient}/results`);
    await page.getByTestId('enzyme-table').getByRole('link', { name: 'Correct / history' }).first().click();
    const form = page.getByRole('form', { name: 'Correct result' });
    const value = await form.getByLabel('Value').inputValue();
    await form.getByLabel('Value').fill(String(Number(value) + 1));
    await form.getByLabel('Reason for the correction').fill('transcription error');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.getByText('Correction saved; the earlier version is kept in the History section above.').waitFor();
    await page.reload();
    const history = page.getByTestId('history-table');
    await history.waitFor();
    const head = (await history.locator('thead').textContent()) ?? '';
    expect(head).toContain('Collected on');
    expect(head).toContain('Value in U/L');
    expect(head).not.toMatch(/collectedOn|valueUL|enteredInError/);
    for (const f of codeIdentifiers(await readableText(page))) leaks.push(`lab history: ${f}`);
    expect(leaks).toEqual([]);
  });

  it('treatment lanes wrap long drug names; the key under the chart names each drug in full', async () => {
    const page = await physicianAt(1024);
    await page.goto(`${server.url}/patients/${seed.edge}`);
    const lanes = page.getByTestId('meds-lanes');
    await lanes.waitFor();
    expect(await lanes.textContent()).toContain('Methylprednisolone');
    expect(await lanes.textContent()).toContain('IVIG (intravenous immunoglobulin)');
  });

  it('the tab icon is served (also before signing in) and /bench-floor is not found outside the bench', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${server.url}/signin`);
    const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(href).toMatch(/^\/icon\.svg/);
    const icon = await page.request.get(`${server.url}${href}`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
    expect(errors).toEqual([]);

    await signIn(page, server.url, 'admin@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    const floor = await page.goto(`${server.url}/bench-floor`);
    expect(floor?.status()).toBe(404);
    expect(await page.getByTestId('bench-floor').count()).toBe(0);
  });

  it('deactivating a user asks first; going back changes nothing; the "Created" message does not stay on screen', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(page, server.url, 'admin@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/users`);
    const create = page.getByRole('form', { name: 'Create user' });
    await create.getByLabel('Name').fill('Temp Locum');
    await create.getByLabel('Email').fill('locum@clinic.test');
    await create.getByLabel('Initial password').fill('a long locum passphrase');
    await create.getByRole('button', { name: 'Create user' }).click();
    await page.getByText(/Created Temp Locum \(locum@clinic\.test\) as Nurse/).waitFor();
    const active = () => server.withDb(() => (getDb().$client.prepare("SELECT active FROM users WHERE email = 'locum@clinic.test'").get() as { active: number }).active);

    const row = page.getByRole('form', { name: 'Deactivate Temp Locum' });
    await row.getByRole('button', { name: 'Deactivate…' }).click();
    const dialog = row.getByTestId('deactivate-confirmation');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Temp Locum will no longer be able to sign in');
    await dialog.getByRole('button', { name: 'Go back' }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect(await active()).toBe(1);

    await row.getByRole('button', { name: 'Deactivate…' }).click();
    await dialog.getByRole('button', { name: 'Yes, deactivate Temp Locum' }).click();
    await page.getByText('Temp Locum deactivated.').waitFor();
    expect(await active()).toBe(0);
    expect(await page.getByText(/Created Temp Locum/).count()).toBe(0);
  });
});
