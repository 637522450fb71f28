import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-accounts';
import { screenshot, signIn } from './browser';
import { siteForThisFile } from './site';

describe('signals on the demo cohort', () => {
  const site = siteForThisFile();


  it('a physician sees the normalizer on top of the worklist, reads why, and acknowledges it', async () => {
    const page = await (await site.browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    await signIn(page, site.server.url, 'physician@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    const first = page.getByTestId('worklist').locator('tbody tr').first();
    expect(await first.textContent()).toContain('Possible signal to discuss tapering');
    expect(await first.textContent()).toContain('MRN-100001');
    await screenshot(page, 'worklist');

    await first.getByRole('link').first().click();
    const taper = page.getByTestId('signal-taper-discussion');
    await taper.waitFor();
    const text = (await taper.textContent()) ?? '';
    expect(text).toContain('not a recommendation');
    expect(text).toContain('Pinal-Fernandez');
    expect(text).toMatch(/\d/);

    await taper.getByText('Acknowledge', { exact: true }).click();
    await taper.getByLabel('Note').fill('Discussed at clinic: taper methotrexate, recheck titer in 3 months.');
    await taper.getByRole('button', { name: 'Acknowledge signal' }).click();
    await page.getByTestId('signal-taper-discussion').getByText('Acknowledged', { exact: true }).waitFor();
    const acks = await site.server.withDb(() => getDb().$client.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'signal.acknowledge'").get());
    expect(acks).toEqual({ n: 1 });

    // An informational signal is one line until opened; opening shows why, the evidence and its acknowledgement.
    const info = page.locator('li.signal.info').first();
    expect(await info.getByRole('button', { name: 'Acknowledge signal' }).count()).toBe(0);
    await info.locator('summary').first().click();
    await info.getByText('Evidence:').waitFor();
    expect(await info.getByText('Acknowledge', { exact: true }).count()).toBe(1);
    await screenshot(page, 'patient-normalizer');
  });

  it('a physician opening a patient with a positive Mi-2beta beside a normal ELISA reads why no tapering signal is shown', async () => {
    const page = await (await site.browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    await signIn(page, site.server.url, 'physician@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    const id = await site.server.withDb(() => (getDb().$client.prepare("SELECT id FROM patients WHERE mrn = 'MRN-100002'").get() as { id: number }).id);
    await page.goto(`${site.server.url}/patients/${id}`);
    const withheld = page.getByTestId('signal-taper-withheld');
    await withheld.waitFor();
    // Shown in full, not folded like other informational signals.
    expect(await withheld.getByText(/not shown because: The latest Mi-2β result, 14 units \(cut-off 5\) on \d{4}-\d{2}-\d{2}, is positive\./).count()).toBe(1);
    expect(await page.getByTestId('signal-taper-discussion').count()).toBe(0);
  });

  it('the relapse and assay-change patients show their signals; no anti-Mi2-negative patient shows a titer signal', async () => {
    const rows = await site.server.withDb(() => getDb().$client.prepare(
      'SELECT p.mrn, p.diagnosis_group AS g, s.code FROM patient_signals s JOIN patients p ON p.id = s.patient_id').all() as { mrn: string; g: string; code: string }[]);
    expect(rows.some((r) => r.mrn === 'MRN-100004' && r.code === 'titer-rerise')).toBe(true);
    expect(rows.some((r) => r.mrn === 'MRN-100005' && r.code === 'assay-change')).toBe(true);
    expect(rows.filter((r) => r.g !== 'mi2-pos-dm' && r.code.startsWith('titer-'))).toEqual([]);
  });

  it('How signals work lists every rule with the current thresholds', async () => {
    const page = await (await site.browser.newContext()).newPage();
    await signIn(page, site.server.url, 'reviewer@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    await page.goto(`${site.server.url}/signals/how`);
    const rules = page.getByTestId('signal-rules');
    expect(await rules.locator('.card').count()).toBe(11);
    const text = (await rules.textContent()) ?? '';
    expect(text).toContain('90 days');
    expect(text).toContain('the latest result of EVERY anti-Mi2 analyte');
    expect(text).toContain('Conflicting same-day results');
    expect(text).not.toMatch(/taper-discussion|same-day-conflict/);
  });
});
