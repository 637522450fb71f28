/**
 * Lighthouse (its Node API) on the sign-in page, the worklist and the patient page,
 * in Debian's Chromium started by chrome-launcher: performance and accessibility
 * scores. Desktop preset: the product is used at clinic workstations. Nothing is
 * downloaded: the browser is the system's and every request goes to 127.0.0.1.
 */
export interface LighthouseScore {
  page: string;
  path: string;
  performance: number;
  accessibility: number;
  /** Titles of the accessibility audits that failed, to say what to fix. */
  failures: string[];
  /** The metrics behind the performance score: largest contentful paint, total blocking time, cumulative layout shift. */
  metrics: { lcpMs: number; tbtMs: number; cls: number };
}

interface LhAudit { title: string; score: number | null; scoreDisplayMode: string; numericValue?: number }
interface LhResult {
  categories: Record<string, { score: number | null; auditRefs: { id: string }[] }>;
  audits: Record<string, LhAudit>;
  runtimeError?: { message: string };
}

export async function lighthouseScores(baseUrl: string, cookie: string, pages: { page: string; path: string; signedIn: boolean }[]): Promise<LighthouseScore[]> {
  const { default: lighthouse } = await import('lighthouse');
  const { default: desktop } = await import('lighthouse/core/config/desktop-config.js');
  const { launch } = await import('chrome-launcher');
  const chrome = await launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const out: LighthouseScore[] = [];
  try {
    for (const p of pages) {
      const run = await lighthouse(`${baseUrl}${p.path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        disableFullPageScreenshot: true,
        extraHeaders: p.signedIn ? { Cookie: cookie } : {},
      }, desktop);
      const lhr = run?.lhr as unknown as LhResult | undefined;
      if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse failed on ${p.path}: ${lhr?.runtimeError?.message ?? 'no result'}`);
      const score = (c: string) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
      const failures = (lhr.categories.accessibility?.auditRefs ?? [])
        .map((r) => lhr.audits[r.id])
        .filter((a): a is LhAudit => !!a && a.scoreDisplayMode === 'binary' && a.score === 0)
        .map((a) => a.title);
      const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      const metrics = { lcpMs: metric('largest-contentful-paint'), tbtMs: metric('total-blocking-time'), cls: metric('cumulative-layout-shift') };
      out.push({ page: p.page, path: p.path, performance: score('performance'), accessibility: score('accessibility'), failures, metrics });
    }
  } finally {
    chrome.kill();
  }
  return out;
}
