/**
 * A V8 CPU profile of the browser's main thread during one cold load of the patient
 * page, from navigation to the last panel drawn (Chrome DevTools Protocol, Debian's
 * Chromium): where "charts drawn" goes on the client (parse, hydration, chart.js).
 * Used by `npm run bench:charts -- --profile`; not a budget.
 */
import fs from 'node:fs';
import { launchChromium, waitForPanels } from './charts';
import { topSelfTime } from './cpu-profile';

export async function profileChartLoad(baseUrl: string, cookieValue: string, patientId: number, file: string): Promise<string[]> {
  const browser = await launchChromium();
  try {
    for (const measured of [false, true]) {
      // The first load warms the server; the second, in a fresh context (cold browser cache), is profiled.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([{ name: 'next-auth.session-token', value: cookieValue, url: baseUrl }]);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      if (measured) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      }
      await page.goto(`${baseUrl}/patients/${patientId}`, { waitUntil: 'commit' });
      await waitForPanels(page);
      if (measured) fs.writeFileSync(file, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return topSelfTime(file, 30);
}
