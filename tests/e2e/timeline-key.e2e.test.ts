import { describe, expect, it } from 'vitest';
import { signedInContexts } from './browser';
import { framedDotsOnCanvas } from './frame-pixels';
import { siteForThisFile } from './site';
import { seedTimeline, TL_PHYSICIAN, type TimelineSeed } from './timeline-seed';

/**
 * The panel keys as switches (series-key.ts): once a chart has drawn, selecting a key
 * entry hides its series and the panel says so; selecting it again shows it (hazard D5).
 */
describe('patient timeline: hiding a series with its key', () => {
  let seed: TimelineSeed;
  const site = siteForThisFile(async () => {
    seed = await seedTimeline();
  });
  const share = (hits: boolean[]) => hits.filter(Boolean).length / hits.length;
  const signedIn = signedInContexts(site, TL_PHYSICIAN);

  it('hides and shows a series by mouse and by keyboard, and says what is hidden', async () => {
    const ctx = await signedIn({ viewport: { width: 1300, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto(`${site.server.url}/patients/${seed.long}`);
    const titer = page.getByTestId('timeline-titer');
    await titer.locator('canvas[data-drawn]').waitFor();
    const entry = titer.locator('.tl-legend button').first();
    const name = (await entry.textContent())!;
    expect(name).toMatch(/^Anti-Mi-2/);
    expect(await entry.getAttribute('aria-pressed')).toBe('true');
    expect(share(await framedDotsOnCanvas(page, 'timeline-titer'))).toBeGreaterThan(0.9);

    await entry.click();
    expect(await entry.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(async () => share(await framedDotsOnCanvas(page, 'timeline-titer'))).toBeLessThan(0.1);
    expect(await titer.locator('figcaption [role="status"]').textContent()).toContain(`hidden from the chart: ${name}`);
    // The flowsheet still has every value.
    expect(await page.locator('.tl-flowsheet').textContent()).toContain('Mi-2');

    await entry.focus();
    await page.keyboard.press('Space');
    expect(await entry.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => share(await framedDotsOnCanvas(page, 'timeline-titer'))).toBeGreaterThan(0.9);
    expect(await titer.locator('figcaption [role="status"]').textContent()).toBe('');

    // Panels are independent: hiding CK's band leaves the titer panel's key as it was.
    const ck = page.getByTestId('timeline-ck');
    await ck.locator('.tl-legend button', { hasText: 'Reference range' }).click();
    expect(await ck.locator('figcaption [role="status"]').textContent()).toContain('Reference range');
    await ck.locator('.tl-legend button').first().click();
    expect(await ck.locator('figcaption [role="status"]').textContent()).toContain('hidden from the chart: Reference range (each result’s own), CK (U/L) (select them in the key to show them)');
    expect(await titer.locator('.tl-legend button[aria-pressed="false"]').count()).toBe(0);
    await ctx.close();
  });

  it('keeps the key and the panels where they were when the key becomes a switch', async () => {
    const where = async (js: boolean) => {
      const ctx = await signedIn({ viewport: { width: 1300, height: 1000 }, javaScriptEnabled: js });
      const page = await ctx.newPage();
      await page.goto(`${site.server.url}/patients/${seed.long}`);
      if (js) await page.locator('[data-testid="timeline-meds"] canvas[data-drawn]').waitFor();
      const boxes = await page.locator('.tl-canvas').evaluateAll((cs) => cs.map((c) => Math.round(c.getBoundingClientRect().top + window.scrollY)));
      const switches = await page.locator('.tl-legend button').count();
      await ctx.close();
      return { boxes, switches };
    };
    const plain = await where(false);
    const drawn = await where(true);
    expect(plain.switches).toBe(0);
    expect(drawn.switches).toBeGreaterThan(0);
    expect(drawn.boxes).toEqual(plain.boxes);
  });
});
