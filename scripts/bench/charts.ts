/**
 * Time to draw the patient's charts in Chromium (playwright-core with Debian's
 * Chromium, never a downloaded browser): from navigation start to the last timeline
 * canvas drawn. Each chart stamps its canvas with `data-drawn` (ms since navigation
 * start, set by the chart kit after its first render), so the time is the page's
 * own clock, not a polling interval. Each load is a fresh browser context (cold
 * cache), as a clinician opening the record for the first time that day.
 */
import { chromium, type Browser } from 'playwright-core';
import { gzipKbOf } from './bundle';

export interface ChartTiming {
  loads: number;
  medianMs: number;
  maxMs: number;
  /** Median time to DOMContentLoaded, for context. */
  domContentLoadedMs: number;
  panels: number;
  /** JavaScript loaded after first load (the chart chunks, gzipped kB). */
  lazyJsKb: number;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;

export async function chartDrawTime(baseUrl: string, cookieValue: string, patientId: number, loads: number, firstLoadFiles: string[]): Promise<ChartTiming> {
  const browser = await launchChromium();
  const times: number[] = [];
  const dcl: number[] = [];
  let panels = 0;
  let lazyJsKb = 0;
  try {
    for (let i = 0; i < loads + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([{ name: 'next-auth.session-token', value: cookieValue, url: baseUrl }]);
      const page = await context.newPage();
      const scripts = new Set<string>();
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/_next/static/') && u.pathname.endsWith('.js')) scripts.add(u.pathname.replace(/^\/_next\//, ''));
      });
      await page.goto(`${baseUrl}/patients/${patientId}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => {
        const boxes = [...document.querySelectorAll('[data-testid="timeline"] .tl-canvas')];
        return boxes.length > 0 && boxes.every((b) => b.querySelector('canvas[data-drawn]'));
      }, undefined, { timeout: 60_000, polling: 50 });
      const t = await page.evaluate(() => {
        const drawn = [...document.querySelectorAll('[data-testid="timeline"] canvas[data-drawn]')].map((c) => Number((c as HTMLElement).dataset.drawn));
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return { last: Math.max(...drawn), panels: drawn.length, dcl: nav?.domContentLoadedEventEnd ?? Number.NaN };
      });
      // The first load warms the server's code paths; it is not counted.
      if (i > 0) {
        times.push(t.last);
        dcl.push(t.dcl);
      }
      panels = t.panels;
      const first = new Set(firstLoadFiles);
      lazyJsKb = [...scripts].filter((f) => !first.has(f)).reduce((n, f) => n + gzipKbOf(f), 0);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { loads, medianMs: median(times), maxMs: Math.max(...times), domContentLoadedMs: median(dcl), panels, lazyJsKb };
}
