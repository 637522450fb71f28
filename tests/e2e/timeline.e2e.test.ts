import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, signIn } from './browser';
import { siteForThisFile } from './site';
import { seedTimeline, TL_NURSE, TL_PHYSICIAN, type TimelineSeed } from './timeline-seed';

/** One RFC 4180 line (quoted cells with "" escapes); enough for the flowsheet CSV. */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? ''));
  return cells;
}

describe('patient timeline: panels, range and zoom, flowsheet, CSV, print', () => {
  let seed: TimelineSeed;
  const site = siteForThisFile(async () => {
    seed = await seedTimeline();
  });
  const errors: string[] = [];


  async function open(who: { email: string; password: string }, patientId: number): Promise<Page> {
    const ctx = await site.browser.newContext({ viewport: { width: 1300, height: 1000 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, site.server.url, who.email, who.password);
    await page.waitForURL(`${site.server.url}/`);
    await page.goto(`${site.server.url}/patients/${patientId}`);
    await page.getByTestId('timeline').waitFor();
    return page;
  }
  const attr = (page: Page, testid: string, name: string) => page.getByTestId(testid).getAttribute(`data-${name}`);

  it('says there is nothing to draw for a patient without data', async () => {
    const page = await open(TL_PHYSICIAN, seed.empty);
    await page.getByTestId('timeline-empty').waitFor();
    expect(await attr(page, 'timeline-titer', 'points')).toBe('0');
    expect(await attr(page, 'timeline-meds', 'bars')).toBe('0');
    expect(await attr(page, 'flowsheet', 'columns')).toBe('0');
    expect(await page.locator('[data-testid="timeline"] canvas').count()).toBe(0);
    await page.context().close();
  });

  it('draws every panel of the edge patient from the series built on the server', async () => {
    const page = await open(TL_PHYSICIAN, seed.edge);
    for (const id of ['timeline-titer', 'timeline-ck', 'timeline-enzymes', 'timeline-mmt', 'timeline-meds']) {
      await page.locator(`[data-testid="${id}"] canvas`).waitFor();
    }
    // 8 live results (the entered-in-error 999 is left out): 3 + 2 numeric Mi-2beta on two assays,
    // 1 Mi-2alpha, 2 category-only Mi-2.
    expect(await attr(page, 'timeline-titer', 'points')).toBe('8');
    expect(await attr(page, 'timeline-titer', 'series')).toBe('mi2-alpha,mi2-beta,mi2');
    expect(await attr(page, 'timeline-titer', 'breaks')).toBe('1');
    expect(await attr(page, 'timeline-titer', 'censored')).toBe('2');
    expect(await attr(page, 'timeline-titer', 'qualitative')).toBe('2');
    expect(await attr(page, 'timeline-titer', 'floor')).toBe('1');
    expect(await attr(page, 'timeline-ck', 'points')).toBe('4');
    expect(await attr(page, 'timeline-ck', 'high')).toBe('3');
    expect(await attr(page, 'timeline-enzymes', 'series')).toBe('alt');
    expect(await attr(page, 'timeline-mmt', 'points')).toBe('2');
    expect(await attr(page, 'timeline-mmt', 'partial')).toBe('1');
    expect(await attr(page, 'timeline-meds', 'bars')).toBe('3');
    expect(await attr(page, 'timeline-meds', 'stopped')).toBe('1');
    const sheet = page.getByTestId('flowsheet');
    expect(await sheet.textContent()).not.toContain('999');
    expect(await sheet.locator('td.abnormal').first().textContent()).toMatch(/Positive|positive|Borderline|\bH\b|\bL\b/);
    await screenshot(page, 'timeline-edge');
    await page.context().close();
  });

  it('long tables show their newest rows until expanded; the charts\' data route needs a session', async () => {
    const page = await open(TL_PHYSICIAN, seed.edge);
    await page.getByRole('navigation', { name: 'Patient record' }).getByRole('link', { name: 'Lab results' }).click();
    await page.waitForURL(new RegExp(`/patients/${seed.edge}/results$`));
    expect(await page.getByRole('link', { name: 'Lab results' }).getAttribute('aria-current')).toBe('page');
    const rows = () => page.getByTestId('antibody-table').locator('tbody tr').count();
    expect(await rows()).toBe(5);
    const more = page.getByTestId('antibody-more');
    expect(await more.textContent()).toContain('The 5 most recent of 9 results');
    await more.getByRole('link', { name: 'Show all 9' }).click();
    await page.waitForURL(/all=antibody/);
    await expect.poll(rows).toBe(9);
    expect(await page.getByTestId('antibody-more').textContent()).toContain('All 9 results');
    // A bookmark of the single page of before the tabs leads to the tab with that table, still expanded.
    await page.goto(`${site.server.url}/patients/${seed.edge}?all=antibody`);
    await page.waitForURL(new RegExp(`/patients/${seed.edge}/results\\?all=antibody`));
    await expect.poll(rows).toBe(9);
    const signedIn = await page.request.get(`${site.server.url}/patients/${seed.edge}/timeline/data`);
    expect(signedIn.status()).toBe(200);
    expect(signedIn.headers()['content-type']).toBe('application/octet-stream');
    const anonymous = await fetch(`${site.server.url}/patients/${seed.edge}/timeline/data`, { redirect: 'manual' });
    expect([302, 303, 307, 401]).toContain(anonymous.status);
    await page.context().close();
  });

  it('the range selector and zoom set one window for the panels, the flowsheet and the CSV', async () => {
    const page = await open(TL_PHYSICIAN, seed.long);
    await page.locator('[data-testid="timeline-titer"] canvas').waitFor();
    expect(await attr(page, 'timeline-titer', 'points')).toBe('240');
    const cols = async () => Number(await attr(page, 'flowsheet', 'columns'));
    // Below the fold the flowsheet keeps the server's newest dates of the opening window,
    // and its CSV link asks for that same period; near the screen it shows every date.
    expect(await page.getByTestId('flowsheet').evaluate((t) => t.getBoundingClientRect().top - window.innerHeight)).toBeGreaterThan(700);
    expect(await cols()).toBe(8);
    expect(await page.getByTestId('flowsheet-csv').textContent()).toContain('8 dates shown');
    // Keyboard focus alone fills it in (the page not scrolled: no focus scroll).
    await page.locator('.tl-flowsheet .table-wrap').evaluate((w) => (w as HTMLElement).focus({ preventScroll: true }));
    await expect.poll(cols).toBeGreaterThan(8);
    await page.getByTestId('flowsheet').scrollIntoViewIfNeeded();
    const fiveYears = await cols(); // long histories open on the last 5 years
    // Opened scrolled to the newest date: the last column ends inside the scrolled box.
    await expect.poll(() => page.locator('.tl-flowsheet .table-wrap').evaluate((w) => {
      const last = w.querySelector('thead th:last-child')!.getBoundingClientRect();
      return last.right <= w.getBoundingClientRect().right + 1 && w.scrollLeft > 0;
    })).toBe(true);
    await page.getByRole('button', { name: '1 year' }).click();
    const oneYear = await cols();
    await page.getByRole('button', { name: 'All', exact: true }).click();
    expect(await cols()).toBe(240);
    expect(oneYear).toBeGreaterThan(0);
    expect(oneYear).toBeLessThan(fiveYears);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await cols()).toBeLessThan(240);
    // On screen first: a pointer outside the window reaches no canvas.
    await page.locator('[data-testid="timeline-ck"] canvas').scrollIntoViewIfNeeded();
    const box = await page.locator('[data-testid="timeline-ck"] canvas').boundingBox();
    if (!box) throw new Error('no CK canvas');
    // A drag the browser cancels (a touch taken for scrolling) zooms nothing.
    const before = await page.getByTestId('timeline-window').textContent();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 4 });
    await page.evaluate(() => window.dispatchEvent(new PointerEvent('pointercancel')));
    await page.mouse.up();
    // Two frames: a zoom would have re-rendered the window's dates by then.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await page.getByTestId('timeline-window').textContent()).toBe(before);
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    // The drag opens its own period (the window was already zoomed by the button).
    await expect.poll(() => page.getByTestId('timeline-window').textContent()).not.toBe(before);
    expect(await page.getByTestId('timeline-window').textContent()).toContain('(zoomed)');
    const shown = await cols();
    const href = await page.getByTestId('flowsheet-csv').getAttribute('href');
    const res = await page.request.get(`${site.server.url}${href}`);
    expect(res.status()).toBe(200);
    const csv = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n').map(parseCsvLine);
    const table = await page.getByTestId('flowsheet').evaluate((t) => [...t.querySelectorAll('tr')].map((r) => [...r.children].map((c) => c.textContent ?? '')));
    expect(csv).toEqual(table);
    expect((csv[0] ?? []).length - 1).toBe(shown);
    await page.context().close();
  });

  it('a nurse sees no CSV download and the export route refuses her', async () => {
    const page = await open(TL_NURSE, seed.edge);
    expect(await page.getByTestId('flowsheet-csv').count()).toBe(0);
    const res = await page.request.get(`${site.server.url}/patients/${seed.edge}/timeline/csv`);
    expect(res.status()).toBe(403);
    await page.context().close();
  });

  it('prints as a clinic summary: header, treatment, panels, latest values, signals', async () => {
    const page = await open(TL_PHYSICIAN, seed.edge);
    await page.locator('[data-testid="timeline-titer"] canvas').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('mrn').isVisible()).toBe(true);
    expect(await page.getByTestId('timeline-titer').isVisible()).toBe(true);
    expect(await page.getByTestId('timeline-latest').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Active signals' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Patient record' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '1 year' }).isVisible()).toBe(false);
    await page.context().close();
  });

  it('threw no page errors', () => {
    expect(errors).toEqual([]);
  });
});
