/**
 * npm run screenshots: refreshes docs/screenshots/ from a real production build on a
 * temporary demo database: the worklist, a patient overview, the lab results tab at
 * 640 px (a tablet on a ward round) and the printed summary (page 1 of the A4 print,
 * as an image). Needs Chromium (CHROMIUM_PATH or /usr/bin/chromium); builds if needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDb } from '../db/client';
import { launchBrowser, signIn } from '../tests/e2e/browser';
import { startServer } from '../tests/e2e/server';
import { buildIfNeeded } from './build-if-needed';
import { DEMO_PASSWORD } from './seed/demo-accounts';
import { seedDemo } from './seed/demo';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');

async function main() {
  buildIfNeeded(ROOT);
  fs.mkdirSync(OUT, { recursive: true });
  let patientId = 0;
  const server = await startServer(async () => {
    await seedDemo();
    patientId = (getDb().$client.prepare("SELECT id FROM patients WHERE mrn = 'MRN-100001'").get() as { id: number }).id;
  });
  const browser = await launchBrowser();
  try {
    const shot = async (width: number, url: string, file: string, ready: string, { print = false, full = true } = {}) => {
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await signIn(page, server.url, 'physician@demo.titerline', DEMO_PASSWORD);
      await page.waitForURL(`${server.url}/`);
      await page.goto(`${server.url}${url}`);
      await page.locator(ready).first().waitFor();
      if (print) {
        await page.setViewportSize({ width: 718, height: 1047 });
        await page.emulateMedia({ media: 'print' });
        await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
        await page.waitForTimeout(300);
      }
      await page.screenshot({ path: path.join(OUT, file), fullPage: full && !print, type: 'png' });
      console.log(`${file}: ${Math.round(fs.statSync(path.join(OUT, file)).size / 1024)} KB`);
      await page.context().close();
    };
    await shot(1366, '/', 'worklist.png', '[data-testid="worklist"]');
    await shot(1366, `/patients/${patientId}`, 'patient-overview.png', '[data-testid="timeline-titer"] canvas[data-drawn]', { full: false }); // the first screen: a full page is over 300 KB
    await shot(640, `/patients/${patientId}/results`, 'lab-results-640.png', '[data-testid="enzyme-table"]');
    await shot(1366, `/patients/${patientId}`, 'printed-summary.png', '[data-testid="timeline-titer"] canvas[data-drawn]', { print: true });
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
