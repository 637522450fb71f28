import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-accounts';
import { signIn } from './browser';
import { siteForThisFile } from './site';

const EXAMPLE = path.resolve(__dirname, '../../docs/examples/labs-import-example.csv');
/** Semicolons, decimal commas, extra columns, and a CK written "1.250" (docs/lab-import.md). */
const EXAMPLE_EU = path.resolve(__dirname, '../../docs/examples/labs-import-example-eu.csv');
const count = (sql: string) => (getDb().$client.prepare(sql).get() as { n: number }).n;

describe('lab import through the UI', () => {
  const site = siteForThisFile();

  it('a nurse previews the example CSV, sees a clean preview, imports it once, and a second import adds nothing', async () => {
    const page = await (await site.browser.newContext()).newPage();
    await signIn(page, site.server.url, 'nurse@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    await page.getByRole('link', { name: 'Import' }).click();
    const before = await site.server.withDb(() => count("SELECT (SELECT count(*) FROM antibody_results) + (SELECT count(*) FROM enzyme_results) AS n"));
    await page.setInputFiles('#f-file', EXAMPLE);
    await page.getByRole('button', { name: 'Preview' }).click();
    const importButton = page.getByRole('button', { name: /^Import \d+ new results?$/ });
    await importButton.waitFor();
    const label = (await importButton.textContent()) ?? '';
    const n = Number(/Import (\d+)/.exec(label)?.[1]);
    expect(n).toBeGreaterThan(5);
    expect(await site.server.withDb(() => count("SELECT (SELECT count(*) FROM antibody_results) + (SELECT count(*) FROM enzyme_results) AS n"))).toBe(before);
    await importButton.click();
    await page.getByText(/^Imported \d+ results/).waitFor();
    expect(await site.server.withDb(() => count("SELECT (SELECT count(*) FROM antibody_results) + (SELECT count(*) FROM enzyme_results) AS n"))).toBe(before + n);
    expect(await site.server.withDb(() => count("SELECT count(*) AS n FROM audit_events WHERE action = 'lab-import'"))).toBe(1);

    await page.reload();
    await page.setInputFiles('#f-file', EXAMPLE);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(/duplicates \(skipped\)/).first().waitFor();
    expect(await page.getByRole('button', { name: /^Import \d+ new/ }).count()).toBe(0);
  });

  it('a European export: the preview shows how it was read and refuses 1.250 until the number format is chosen', async () => {
    const page = await (await site.browser.newContext()).newPage();
    await signIn(page, site.server.url, 'nurse@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    await page.goto(`${site.server.url}/import`);
    const results = "SELECT (SELECT count(*) FROM antibody_results) + (SELECT count(*) FROM enzyme_results) AS n";
    const before = await site.server.withDb(() => count(results));
    await page.setInputFiles('#f-file', EXAMPLE_EU);
    await page.getByRole('button', { name: 'Preview' }).click();
    const reading = page.getByTestId('file-reading');
    await reading.waitFor();
    expect(await reading.textContent()).toContain('semicolon (;), detected from the header line');
    expect(await reading.textContent()).toContain('decimal comma (1.250,5), implied by the semicolon separator');
    expect(await reading.textContent()).toContain('patient_name, order_no, comment');
    await page.getByText('1.250 could be one point two five or one thousand two hundred fifty').waitFor();
    await page.getByText(/choose the file’s Number format above and preview again/).waitFor();
    expect(await page.getByRole('button', { name: /^Import \d+ new/ }).count()).toBe(0);
    expect(await site.server.withDb(() => count(results))).toBe(before);

    await page.getByLabel('Number format').selectOption('comma');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('decimal comma (1.250,5), as declared').waitFor();
    const importButton = page.getByRole('button', { name: 'Import 5 new results' });
    await importButton.click();
    await page.getByText(/^Imported 5 results/).waitFor();
    expect(await site.server.withDb(() => count(results))).toBe(before + 5);
    const ck = await site.server.withDb(() => getDb().$client.prepare("SELECT value, value_ul FROM enzyme_results WHERE collected_on = '2026-01-12' AND analyte = 'ck'").all());
    expect(ck).toEqual([{ value: 1250, value_ul: 1250 }]);
  });

  it('a file with a bad row is refused whole, naming the row and column', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-e2e-'));
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'mrn,collected_on,test,value,unit\nMRN-100001,2025-01-02,ck,300,U/L\nMRN-999999,2025-01-02,ck,300,U/L\n');
    const page = await (await site.browser.newContext()).newPage();
    await signIn(page, site.server.url, 'physician@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    await page.goto(`${site.server.url}/import`);
    await page.setInputFiles('#f-file', file);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(/MRN-999999/).first().waitFor();
    expect(await page.getByRole('button', { name: /^Import \d+ new/ }).count()).toBe(0);
  });
});
