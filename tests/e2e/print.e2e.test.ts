import { describe, expect, it } from 'vitest';
import { signIn } from './browser';
import { siteForThisFile } from './site';
import { seedTimeline, TL_PHYSICIAN, type TimelineSeed } from './timeline-seed';

const PANELS = ['timeline-titer', 'timeline-ck', 'timeline-mmt', 'timeline-meds'];

/** Pages of a PDF: its page objects ("/Type /Page", not the "/Pages" tree). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

describe('the printed clinic summary', () => {
  let seed: TimelineSeed;
  const site = siteForThisFile(async () => {
    seed = await seedTimeline();
  });


  it('renders to a 1-2 page A4 PDF with the print date and who printed it; every panel keeps at least its screen height, drawn at the paper\'s width', async () => {
    const page = await (await site.browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    await signIn(page, site.server.url, TL_PHYSICIAN.email, TL_PHYSICIAN.password);
    await page.waitForURL(`${site.server.url}/`);
    await page.goto(`${site.server.url}/patients/${seed.edge}`);
    for (const p of PANELS) await page.locator(`[data-testid="${p}"] canvas[data-drawn]`).waitFor();
    const screenHeights = await page.evaluate((ids) => ids.map((id) => (document.querySelector(`[data-testid="${id}"] .tl-canvas`) as HTMLElement).offsetHeight), PANELS);

    // The paper's width (A4 less 10 mm margins is about 718 CSS px), then print media and the browser's print event.
    await page.setViewportSize({ width: 718, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.waitForTimeout(300);
    const printed = await page.evaluate((ids) => ids.map((id) => {
      const box = document.querySelector(`[data-testid="${id}"] .tl-canvas`) as HTMLElement;
      const canvas = box.querySelector('canvas') as HTMLCanvasElement;
      const shown = canvas.getBoundingClientRect();
      // Drawn at the width it is shown at: not a wide drawing squeezed onto the page.
      return { height: box.offsetHeight, squeeze: shown.width / (canvas.width / window.devicePixelRatio) };
    }), PANELS);
    printed.forEach((p, i) => {
      expect(p.height, PANELS[i]).toBeGreaterThanOrEqual(screenHeights[i]!);
      expect(Math.abs(p.squeeze - 1), PANELS[i]).toBeLessThan(0.05);
    });
    const stamp = (await page.getByTestId('print-stamp').textContent()) ?? '';
    expect(stamp).toMatch(/^Printed \d{4}-\d{2}-\d{2} \d{2}:\d{2} by Dr Tina Line\./);
    expect(await page.getByTestId('print-stamp').isVisible()).toBe(true);

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await page.context().close();
  });

  it('on screen the print line is hidden', async () => {
    const page = await (await site.browser.newContext()).newPage();
    await signIn(page, site.server.url, TL_PHYSICIAN.email, TL_PHYSICIAN.password);
    await page.waitForURL(`${site.server.url}/`);
    await page.goto(`${site.server.url}/patients/${seed.edge}`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('print-stamp').isVisible()).toBe(false);
  });
});
