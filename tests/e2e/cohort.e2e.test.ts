import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getDb } from '@/db/client';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-accounts';
import { screenshot, signIn } from './browser';
import { siteForThisFile } from './site';
import { unzip } from '../setup/unzip';
import { chainWaitingReadEvents } from '@/lib/dal/read-audit';

describe('cohort insights on the demo cohort', () => {
  const site = siteForThisFile();
  let page: Page;

  beforeAll(async () => {
    page = await (await site.browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    await signIn(page, site.server.url, 'reviewer@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
  });

  it('the phenotype table shows n per group and p-values with their test for every comparison', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cohort' }).click();
    const table = page.getByTestId('phenotype-table');
    await table.waitFor();
    expect(await page.getByTestId('cohort-sizes').textContent()).toMatch(/18 patients.*Anti-Mi2\+ DM n = 9.*Anti-Mi2− DM n = 3.*Antisynthetase n = 3.*IMNM n = 3/);
    const calcinosis = page.getByTestId('p-calcinosis-mi2-neg-dm');
    expect(await calcinosis.textContent()).toMatch(/p = 0\.\d+Fisher's exact/);
    expect(Number(await calcinosis.getAttribute('data-p'))).toBeGreaterThan(0);
    expect(await page.getByTestId('p-peak-ck-mi2-neg-dm').textContent()).toMatch(/p [=<] .*Mann-Whitney U, exact/);
    expect(await page.getByTestId('p-peak-ck-imnm').textContent()).toMatch(/p [=<] .*Mann-Whitney U/);
    await page.getByTestId('phenotype-chart').locator('canvas').waitFor();
    await page.getByTestId('phenotype-strip-peak-ck').locator('canvas').waitFor();
    await screenshot(page, 'cohort-phenotype');
  });

  it('titer vs activity: scatter plots of every pair, and repeated-measures correlations with p', async () => {
    await page.getByTestId('cohort-tab-activity').click();
    const ck = page.getByTestId('activity-scatter-ck');
    await ck.locator('canvas').waitFor();
    await page.getByTestId('activity-scatter-mmt').locator('canvas').waitFor();
    expect(Number(await ck.getAttribute('data-pairs'))).toBeGreaterThan(50);
    expect(Number(await ck.getAttribute('data-patients'))).toBe(9);
    const rm = page.getByTestId('rm-ck');
    expect(Number(await rm.getAttribute('data-r'))).toBeGreaterThan(0.3); // titers and CK fall together in the demo
    expect(await rm.textContent()).toMatch(/rrm = 0\.\d\d .*df = \d+.*p < 0\.001.*Bakdash & Marusich 2017/);
    expect(Number(await page.getByTestId('rm-mmt').getAttribute('data-r'))).toBeLessThan(-0.3);
    // 9 patients: the exact permutation p, and the page says so.
    const between = page.getByTestId('between-ck');
    expect(await between.textContent()).toContain('Spearman on per-patient means, exact permutation p');
    expect(await between.getAttribute('data-p-method')).toBe('exact');
    expect(await page.getByTestId('activity-series').textContent()).toContain('One assay per patient');
    await page.getByTestId('activity-rho-chart').locator('canvas').waitFor();
    await screenshot(page, 'cohort-activity');
  });

  it('long-term course: every count opens the list of exactly that many patients', async () => {
    await page.getByTestId('cohort-tab-course').click();
    await page.getByTestId('course-table').waitFor();
    const rows = ['serial', 'declined', 'normalized', 'stopped', 'relapsed', 'stopped-no-relapse'];
    const counts: Record<string, number> = {};
    for (const row of rows) {
      const link = page.getByTestId(`course-count-${row}`);
      counts[row] = Number(await link.getAttribute('data-count'));
      await link.click();
      const list = page.locator(`[data-testid="course-list"][data-row="${row}"]`);
      await list.waitFor();
      expect(await list.getByTestId('course-patient').count(), row).toBe(counts[row]);
    }
    expect(counts.serial).toBeGreaterThanOrEqual(counts.declined!);
    expect(counts.normalized).toBeGreaterThan(0);
    expect(counts.stopped).toBeLessThanOrEqual(counts.normalized!);
    expect(counts['stopped-no-relapse']).toBeLessThanOrEqual(counts.stopped!);
    await page.getByTestId('course-count-normalized').click();
    const normalized = page.locator('[data-testid="course-list"][data-row="normalized"]');
    expect(await normalized.textContent()).toContain('MRN-100001'); // the flagship normalizer
    await screenshot(page, 'cohort-course');
  });

  it('follow-up quality, the audited CSV download, and clear messages for bad or empty filters', async () => {
    await page.getByTestId('cohort-tab-follow-up').click();
    await page.getByTestId('followup-table').waitFor();
    expect(await page.getByTestId('overdue-mi2-pos-dm').textContent()).toBe('1'); // MRN-100007
    await page.getByTestId('assay-table').waitFor();
    await page.getByTestId('followup-chart').locator('canvas').waitFor();
    await screenshot(page, 'cohort-follow-up');
    const res = await page.request.get(`${site.server.url}/cohort/csv?view=phenotype`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/zip');
    const files = unzip(Buffer.from(await res.body()));
    expect(files['data.csv']).toContain('comparison,Calcinosis,Anti-Mi2+ DM');
    expect(files['README.txt']).toContain('de-identified');
    // Exports are audited through the read journal: chained first, as the audit page does.
    const audits = await site.server.withDb(() => (chainWaitingReadEvents(), getDb().$client.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'export.cohort-insights'").get()));
    expect(audits).toEqual({ n: 1 });

    const bad = await page.goto(`${site.server.url}/cohort?ageMin=-3&window=x`);
    expect(bad?.status()).toBe(200);
    expect(await page.getByTestId('cohort-error').textContent()).toContain('Age at onset from must be a whole number from 0 to 120 years.');
    await page.goto(`${site.server.url}/cohort?sex=other`);
    await page.getByTestId('cohort-empty').waitFor();
  });

  it('a nurse has no Cohort link and is sent to the forbidden page', async () => {
    const nurse = await (await site.browser.newContext()).newPage();
    await signIn(nurse, site.server.url, 'nurse@demo.titerline', DEMO_PASSWORD);
    await nurse.waitForURL(`${site.server.url}/`);
    expect(await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cohort' }).count()).toBe(0);
    await nurse.goto(`${site.server.url}/cohort`);
    await nurse.waitForURL(/\/forbidden/);
    const csv = await nurse.request.get(`${site.server.url}/cohort/csv?view=course`);
    expect(csv.status()).toBe(403);
  });
});
