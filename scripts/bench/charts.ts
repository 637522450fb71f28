/**
 * Time to draw the patient's charts in Chromium (playwright-core with Debian's
 * Chromium, never a downloaded browser), two ways:
 * - on screen: navigation start to the last panel's first picture, the server's first
 *   frame (decision 0041) or the chart, whichever came first. A frame is stamped in the
 *   first animation frame in which it is rendered (an observer added before the page's
 *   own code; a frame still in a hidden streamed chunk is waited for);
 * - interactive: to the last timeline canvas drawn. Each chart stamps its canvas with
 *   `data-drawn` (ms since navigation start, set by the chart kit after its first render).
 * Both are the page's own clock, not a polling interval. Each load is a fresh browser
 * context (cold cache), as a clinician opening the record for the first time that day.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { gzipKbOf } from './bundle';
import { ROOT } from './options';

export interface ChartTiming {
  loads: number;
  /** Charts on screen (every panel's first frame or chart), median and max. */
  medianMs: number;
  maxMs: number;
  /** Median time to DOMContentLoaded. */
  domContentLoadedMs: number;
  /** Median over the loads of (charts on screen / DOMContentLoaded of the same load). */
  dclRatio: number;
  /** Every chart drawn on its canvas (hover, zoom and tooltips work): median, and its ratio to DOMContentLoaded. */
  interactiveMs: number;
  interactiveDclRatio: number;
  panels: number;
  /** JavaScript loaded after first load (the chart chunks, gzipped kB). */
  lazyJsKb: number;
  /** Where the time goes: medians (ms since navigation) of each load's milestones. */
  phases: ChartPhases;
}

/**
 * Milestones of one load, from the page's own Resource Timing: when the timeline data
 * arrived (NaN when it came with the page), when the last chart chunk (JavaScript not in
 * the first load) arrived, and when the first and last panels were drawn.
 */
export interface ChartPhases {
  dataStartMs: number;
  dataEndMs: number;
  /** When the first chart chunk was requested (shows whether a preload hint took effect). */
  chartJsStartMs: number;
  chartJsEndMs: number;
  firstDrawnMs: number;
  lastDrawnMs: number;
  /** Requests for the timeline data per load: 1 when the view's fetch took the page's preload. */
  dataRequests: number;
  /**
   * Main-thread blocking until the last panel was drawn: the sum over long tasks of their
   * time beyond 50 ms (how Lighthouse's total blocking time counts, here on the real load,
   * not simulated), and the longest task.
   */
  blockingMs: number;
  longestTaskMs: number;
}

// Long tasks are recorded from the page's first script on (a PerformanceObserver added
// before any of the page's own code runs).
const LONG_TASKS_INIT = `window.__tlLongTasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tlLongTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
const tlPainted = (el) => requestAnimationFrame(() => {
  if (el.isConnected && el.getClientRects().length) el.dataset.painted = String(Math.round(performance.now()));
  else tlPainted(el);
});
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType !== 1) continue;
    for (const el of n.matches('.tl-frame') ? [n] : n.querySelectorAll('.tl-frame')) if (!el.dataset.painted) tlPainted(el);
  }
}).observe(document, { childList: true, subtree: true });`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Every timeline panel with a chart has drawn its canvas. */
export async function waitForPanels(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const boxes = [...document.querySelectorAll('[data-testid="timeline"] .tl-canvas')];
    return boxes.length > 0 && boxes.every((b) => b.querySelector('canvas[data-drawn]'));
  }, undefined, { timeout: 60_000, polling: 50 });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;

/** `root`: the checkout `baseUrl` serves, whose build the chunk sizes are read from. */
export async function chartDrawTime(baseUrl: string, cookieValue: string, patientId: number, loads: number, firstLoadFiles: string[], root = ROOT): Promise<ChartTiming> {
  const browser = await launchChromium();
  const times: number[] = [];
  const dcl: number[] = [];
  const ratios: number[] = [];
  const interactive: number[] = [];
  const interactiveRatios: number[] = [];
  let panels = 0;
  let lazyJsKb = 0;
  const milestones: ChartPhases[] = [];
  try {
    for (let i = 0; i < loads + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([{ name: 'next-auth.session-token', value: cookieValue, url: baseUrl }]);
      await context.addInitScript(LONG_TASKS_INIT);
      const page = await context.newPage();
      const scripts = new Set<string>();
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/_next/static/') && u.pathname.endsWith('.js')) scripts.add(u.pathname.replace(/^\/_next\//, ''));
      });
      await page.goto(`${baseUrl}/patients/${patientId}`, { waitUntil: 'commit' });
      await waitForPanels(page);
      const t = await page.evaluate((first) => {
        const drawn = [...document.querySelectorAll('[data-testid="timeline"] canvas[data-drawn]')].map((c) => Number((c as HTMLElement).dataset.drawn));
        // Per panel, its first picture: the server's frame when it was painted, else the chart.
        const onScreen = [...document.querySelectorAll('[data-testid="timeline"] .tl-canvas')].map((box) => {
          const frame = Number((box.querySelector('.tl-frame') as HTMLElement | null)?.dataset.painted ?? Number.NaN);
          const chart = Number((box.querySelector('canvas[data-drawn]') as HTMLElement | null)?.dataset.drawn ?? Number.NaN);
          return Number.isFinite(frame) ? Math.min(frame, chart) : chart;
        });
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const dataRequests = res.filter((r) => r.name.includes('/timeline/data'));
        const data = dataRequests[0];
        const lazy = res.filter((r) => r.name.includes('/_next/static/') && r.name.endsWith('.js') && !first.some((f) => r.name.endsWith(f)));
        const last = Math.max(...drawn);
        const tasks = ((window as unknown as { __tlLongTasks?: [number, number][] }).__tlLongTasks ?? []).filter(([start]) => start < last);
        return {
          blocking: tasks.reduce((n, [, d]) => n + Math.max(0, d - 50), 0), longest: Math.max(0, ...tasks.map(([, d]) => d)),
          last, onScreen: Math.max(...onScreen), firstDrawn: Math.min(...drawn), panels: drawn.length, dcl: nav?.domContentLoadedEventEnd ?? Number.NaN,
          dataStart: data?.startTime ?? Number.NaN, dataEnd: data?.responseEnd ?? Number.NaN,
          chartJsStart: lazy.length ? Math.min(...lazy.map((r) => r.startTime)) : Number.NaN,
          chartJsEnd: lazy.length ? Math.max(...lazy.map((r) => r.responseEnd)) : Number.NaN, dataRequests: dataRequests.length,
        };
      }, firstLoadFiles);
      // The first load warms the server's code paths; it is not counted.
      if (i > 0) {
        times.push(t.onScreen);
        dcl.push(t.dcl);
        ratios.push(t.onScreen / t.dcl);
        interactive.push(t.last);
        interactiveRatios.push(t.last / t.dcl);
        milestones.push({ dataStartMs: t.dataStart, dataEndMs: t.dataEnd, chartJsStartMs: t.chartJsStart, chartJsEndMs: t.chartJsEnd, firstDrawnMs: t.firstDrawn, lastDrawnMs: t.last, dataRequests: t.dataRequests, blockingMs: t.blocking, longestTaskMs: t.longest });
      }
      panels = t.panels;
      const first = new Set(firstLoadFiles);
      lazyJsKb = [...scripts].filter((f) => !first.has(f)).reduce((n, f) => n + gzipKbOf(f, root), 0);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const phase = (k: keyof ChartPhases) => median(milestones.map((p) => p[k]).filter((v) => Number.isFinite(v)));
  const phases: ChartPhases = { dataStartMs: phase('dataStartMs'), dataEndMs: phase('dataEndMs'), chartJsStartMs: phase('chartJsStartMs'), chartJsEndMs: phase('chartJsEndMs'), firstDrawnMs: phase('firstDrawnMs'), lastDrawnMs: phase('lastDrawnMs'), dataRequests: Math.max(...milestones.map((p) => p.dataRequests)),
    blockingMs: phase('blockingMs'), longestTaskMs: phase('longestTaskMs') };
  return {
    loads, medianMs: median(times), maxMs: Math.max(...times), domContentLoadedMs: median(dcl), dclRatio: median(ratios),
    interactiveMs: median(interactive), interactiveDclRatio: median(interactiveRatios), panels, lazyJsKb, phases,
  };
}
