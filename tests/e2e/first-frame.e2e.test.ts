import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { framedDotsOnCanvas } from './frame-pixels';
import { signedInContexts } from './browser';
import { siteForThisFile } from './site';
import { seedTimeline, TL_PHYSICIAN, type TimelineSeed } from './timeline-seed';

/**
 * The timeline's first frame (decision 0041): each panel drawn by the server in the
 * page's HTML, where and as the chart then draws it.
 */
describe('patient timeline: the first frame', () => {
  let seed: TimelineSeed;
  const site = siteForThisFile(async () => {
    seed = await seedTimeline();
  });
  const PANELS = ['timeline-titer', 'timeline-ck', 'timeline-mmt', 'timeline-meds'];

  const signedIn = signedInContexts(site, TL_PHYSICIAN);

  it('every panel is drawn without any of the page\'s JavaScript', async () => {
    const ctx = await signedIn({ javaScriptEnabled: false, viewport: { width: 1300, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto(`${site.server.url}/patients/${seed.long}`);
    for (const id of PANELS) {
      const frame = page.getByTestId(id).getByTestId('first-frame');
      // Visible, not in a hidden chunk waiting for a script to reveal it.
      expect(await frame.isVisible()).toBe(true);
      expect(await frame.locator('svg path').count()).toBeGreaterThan(0);
    }
    // Five years of monthly titers open on screen, with their ticks and key.
    const titer = page.getByTestId('timeline-titer');
    const dots = await titer.locator('[data-testid="first-frame"] path.dot').evaluateAll((ps) => ps.map((p) => (p.getAttribute('d')?.match(/h0/g) ?? []).length));
    expect(dots.reduce((a, b) => a + b, 0)).toBeGreaterThan(55);
    expect(await titer.locator('.tl-frame-x').allTextContents()).toContain(String(new Date().getUTCFullYear()));
    expect(await titer.locator('.tl-legend').textContent()).toContain('Anti-Mi-2');
    await ctx.close();
  });

  it('the chart draws its points where the first frame drew them, and replaces it', async () => {
    const ctx = await signedIn({ viewport: { width: 1300, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto(`${site.server.url}/patients/${seed.long}`);
    for (const id of ['timeline-titer', 'timeline-ck', 'timeline-mmt']) {
      await page.locator(`[data-testid="${id}"] canvas[data-drawn]`).waitFor();
      const hits = await framedDotsOnCanvas(page, id);
      expect(hits.length).toBeGreaterThan(10);
      // Nearly every framed dot has the chart's point under it (a few sit under a signal's star).
      expect(hits.filter(Boolean).length / hits.length).toBeGreaterThan(0.9);
      // The same check fails when the frame is off by 6 px: it can tell.
      const off = await framedDotsOnCanvas(page, id, 6);
      expect(off.filter(Boolean).length / off.length).toBeLessThan(0.5);
      // Drawn, the chart covers the frame: the stylesheet hides it, and the canvas is opaque
      // (a browser without :has() would otherwise show the opening period under a zoomed chart).
      expect(await page.getByTestId(id).getByTestId('first-frame').isVisible()).toBe(false);
      expect(await page.locator(`[data-testid="${id}"] canvas[data-drawn]`).evaluate((c) => getComputedStyle(c).backgroundColor)).toBe('rgb(255, 255, 255)');
    }
    await ctx.close();
  });

  it('when the chart data cannot be had, the frames stay and the page says so', async () => {
    const ctx = await signedIn({ viewport: { width: 1300, height: 1000 } });
    const page = await ctx.newPage();
    await page.route('**/timeline/data', (route) => route.abort());
    await page.goto(`${site.server.url}/patients/${seed.long}`);
    await page.getByText('The interactive charts could not be loaded').waitFor();
    for (const id of PANELS) expect(await page.getByTestId(id).getByTestId('first-frame').isVisible()).toBe(true);
    // With no chart drawn, nothing could be hidden from one: the keys stay plain lists, not switches.
    expect(await page.locator('[data-testid="timeline-titer"] .tl-legend li').count()).toBeGreaterThan(0);
    expect(await page.locator('.tl-legend button').count()).toBe(0);
    await ctx.close();
  });

  /** Per panel: the frame's time labels on screen, left to right, and how many the frame holds. */
  async function timeLabels(page: Page) {
    return page.locator('[data-testid="first-frame"]').evaluateAll((frames) => frames.map((f) => {
      const all = [...f.querySelectorAll('.tl-frame-x')];
      const shown = all.map((l) => l.getBoundingClientRect()).filter((r) => r.width > 0).sort((a, b) => a.left - b.left);
      return { held: all.length, shown: shown.map((r) => ({ left: r.left, right: r.right })), panel: f.getBoundingClientRect().width };
    }));
  }

  it("on a narrow screen the frame's date labels never print over each other", async () => {
    for (const width of [320, 390, 600, 1300]) {
      const ctx = await signedIn({ javaScriptEnabled: false, viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      // The short course opens on all of it (month labels such as "Mar 2026"), the long one on five years.
      for (const patient of [seed.edge, seed.long]) {
        await page.goto(`${site.server.url}/patients/${patient}`);
        const panels = await timeLabels(page);
        expect(panels.length).toBeGreaterThanOrEqual(PANELS.length);
        for (const { held, shown, panel } of panels) {
          const where = `${width} px screen, patient ${patient}, panel ${Math.round(panel)} px`;
          expect(shown.length, where).toBeGreaterThanOrEqual(Math.min(2, held));
          for (let i = 1; i < shown.length; i++) expect(shown[i]!.left - shown[i - 1]!.right, where).toBeGreaterThanOrEqual(4);
          // A wide panel shows every label the frame holds.
          if (panel >= 520) expect(shown.length, where).toBe(held);
        }
      }
      await ctx.close();
    }
  });
});
