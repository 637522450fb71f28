import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-accounts';
import { signIn } from './browser';
import { siteForThisFile } from './site';

describe('the worklist shows what has been handled (demo cohort)', () => {
  const site = siteForThisFile();


  it('acknowledging the tapering signal marks the row handled (who, when, the note on focus), sorts it after the others and hides it under "needs attention"', async () => {
    const page = await (await site.browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    await signIn(page, site.server.url, 'physician@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    const row = page.getByTestId('worklist-MRN-100001');
    expect(await row.getAttribute('data-handled')).toBe('false');
    expect(await page.getByTestId('worklist').locator('tbody tr').first().getAttribute('data-testid')).toBe('worklist-MRN-100001');

    await row.getByRole('link').first().click();
    const taper = page.getByTestId('signal-taper-discussion');
    await taper.getByText('Acknowledge', { exact: true }).click();
    await taper.getByLabel('Note').fill('Discussed at clinic: taper methotrexate.');
    await taper.getByRole('button', { name: 'Acknowledge signal' }).click();
    await taper.getByText(/by Dr\. Paula Reyes on \d{4}-\d{2}-\d{2}/).waitFor();

    // The patient's other signals too (informational ones open first), so the whole row is handled.
    const all = page.locator('li.signal');
    for (;;) {
      // By position (the list keeps its order): a filtered locator would move on to the next signal once this one is acknowledged.
      const states = await all.evaluateAll((lis) => lis.map((li) => [...li.querySelectorAll('.badge')].some((b) => b.textContent === 'Acknowledged')));
      const i = states.indexOf(false);
      if (i < 0) break;
      const s = all.nth(i);
      const fold = s.locator(':scope > details:not(.form-toggle) > summary');
      if (await fold.count()) await fold.click();
      await s.getByText('Acknowledge', { exact: true }).click();
      await s.getByLabel('Note').fill('Seen, nothing to change.');
      await s.getByRole('button', { name: 'Acknowledge signal' }).click();
      await s.getByText('Acknowledged', { exact: true }).waitFor();
    }

    await page.goto(`${site.server.url}/`);
    const handled = page.getByTestId('worklist-MRN-100001');
    expect(await handled.getAttribute('data-handled')).toBe('true');
    const marker = handled.getByTestId('ack-marker').first();
    expect(await marker.textContent()).toMatch(/Handled by Dr\. Paula Reyes, \d{4}-\d{2}-\d{2}/);
    const note = marker.getByRole('tooltip');
    expect(await note.isVisible()).toBe(false);
    await marker.focus();
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('taper methotrexate');
    // Needs attention first: every handled row comes after every other one.
    const order = await page.getByTestId('worklist').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-handled')));
    expect(order[0]).toBe('false');
    expect(order.slice(order.indexOf('true')).every((h) => h === 'true')).toBe(true);

    await page.getByLabel('Show').selectOption('attention');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/show=attention/);
    await page.getByTestId('worklist').waitFor();
    expect(await page.getByTestId('worklist-MRN-100001').count()).toBe(0);
    expect(await page.getByTestId('worklist').locator('tbody tr[data-handled="true"]').count()).toBe(0);
  });

  it('"Due for labs" lists no patient whose anti-Mi2 titer is not followed', async () => {
    const page = await (await site.browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    await signIn(page, site.server.url, 'nurse@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    await page.goto(`${site.server.url}/?due=1`);
    const mrns = await page.getByTestId('worklist').locator('tbody tr[data-testid]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.replace('worklist-', '')));
    const groups = await site.server.withDb(() => getDb().$client.prepare(
      `SELECT p.mrn, p.diagnosis_group AS g, json_extract(s.snapshot_json, '$.everPositive') AS pos FROM patients p JOIN patient_summaries s ON s.patient_id = p.id`).all() as { mrn: string; g: string; pos: number | null }[]);
    for (const mrn of mrns) {
      const g = groups.find((x) => x.mrn === mrn)!;
      expect(g.g === 'mi2-pos-dm' || g.pos === 1, `${mrn} (${g.g}) is not followed`).toBe(true);
    }
  });
});
