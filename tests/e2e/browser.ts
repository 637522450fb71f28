import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Cookie, type Page } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run); never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Makes browser contexts already signed in as `user`, for pages opened with other
 * settings (without JavaScript, another screen width): it signs in once, on first use,
 * in a context of its own, and gives every new context that session's cookie. `site` is
 * read on each call (a test file's site is started in its beforeAll).
 */
export function signedInContexts(site: { browser: Browser; server: { url: string } }, user: { email: string; password: string }) {
  let cookies: Promise<Cookie[]> | null = null;
  const signInOnce = async () => {
    const signing = await site.browser.newContext();
    const page = await signing.newPage();
    await signIn(page, site.server.url, user.email, user.password);
    await page.waitForURL(`${site.server.url}/`);
    const got = await signing.cookies();
    await signing.close();
    return got;
  };
  return async (options: BrowserContextOptions = {}): Promise<BrowserContext> => {
    cookies ??= signInOnce();
    const ctx = await site.browser.newContext(options);
    await ctx.addCookies(await cookies);
    return ctx;
  };
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin/);
}

/** Saves a screenshot under tests/artifacts/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.resolve(__dirname, '../artifacts');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
