import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../scripts/seed/demo';
import { launchBrowser } from './browser';
import { startServer, type TestServer } from './server';

export interface Site {
  server: TestServer;
  browser: Browser;
}

/**
 * The production server on a fresh database seeded by `seed` (the demo by default) and
 * one Chromium, shared by the tests of a file or describe block and stopped after its
 * last test; `env`: extra environment for the server. Filled in place, so it can be held in a `const` from the start.
 */
export function siteForThisFile(seed: () => Promise<void> | void = () => seedDemo(), env: Record<string, string> = {}): Site {
  const site = {} as Site;
  beforeAll(async () => {
    site.server = await startServer(seed, env);
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.stop();
  });
  return site;
}
