import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { DEMO_PASSWORD } from '../../scripts/seed/demo-accounts';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { hospitalLabBundle } from '../setup/hospital-bundle';
import { screenshot, signIn } from './browser';
import { siteForThisFile } from './site';

const count = (sql: string) => (getDb().$client.prepare(sql).get() as { n: number }).n;
const RESULTS = 'SELECT (SELECT count(*) FROM antibody_results) + (SELECT count(*) FROM enzyme_results) + (SELECT count(*) FROM medication_epochs) AS n';

/**
 * The import page with a hospital's lab Bundle (issue 18): the preview says what would
 * be imported and offers the two unknown codes with their best candidates; a physician
 * confirms each once (the preview runs again by itself), imports, and an administrator
 * finds both mappings under Admin, Code map.
 */
describe('FHIR import through the UI: preview, confirm the mappings, import', () => {
  const site = siteForThisFile();
  let file: string;
  beforeAll(async () => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fhir-e2e-')), 'hospital-lab.json');
    fs.writeFileSync(file, JSON.stringify(hospitalLabBundle(addDays(clinicToday(), -10))));
  });

  it('a physician previews, confirms the two candidates once, and imports; an administrator sees the mappings', async () => {
    const page = await (await site.browser.newContext()).newPage();
    await signIn(page, site.server.url, 'physician@demo.titerline', DEMO_PASSWORD);
    await page.waitForURL(`${site.server.url}/`);
    await page.goto(`${site.server.url}/import`);
    const before = await site.server.withDb(() => count(RESULTS));

    await page.setInputFiles('#fhir-bundle', file);
    await page.getByRole('button', { name: 'Check bundle (dry run)' }).click();
    await page.getByRole('heading', { name: 'Codes to map (2)' }).waitFor();
    expect(await page.getByText(/Would not import: correct the resources listed below.*2 sender codes to map first/).count()).toBe(1);
    const lab = page.getByTestId('fhir-mapping').filter({ hasText: 'Lab code' });
    // The best candidate is preselected and said to be one; it is applied only by the click.
    expect(await lab.getByLabel('What this code is').inputValue()).toBe('assay:2');
    await lab.getByText('The only active assay with this result\'s lab, unit and cut-off').waitFor();
    expect(await site.server.withDb(() => count(RESULTS))).toBe(before);
    expect(await site.server.withDb(() => count('SELECT count(*) AS n FROM code_mappings'))).toBe(0);
    await screenshot(page, 'fhir-import-preview');

    await lab.getByRole('button', { name: 'Confirm mapping' }).click();
    await page.getByRole('heading', { name: 'Codes to map (1)' }).waitFor();
    const drug = page.getByTestId('fhir-mapping');
    expect(await drug.getByLabel('What this code is').inputValue()).toBe('drug:mycophenolate-mofetil');
    await drug.getByText(/mycophenolate sodium/).waitFor();
    await drug.getByRole('button', { name: 'Confirm mapping' }).click();
    await page.getByText(/^Dry run, nothing written\. Would import: patients: 1 new/).waitFor();
    expect(await page.getByRole('heading', { name: /Codes to map/ }).count()).toBe(0);
    expect(await site.server.withDb(() => count(RESULTS))).toBe(before);

    await page.getByRole('button', { name: 'Import bundle' }).click();
    await page.getByText(/^Imported: patients: 1 new.*1 anti-Mi2 and 3 enzyme results; 1 medication epoch; 2 recognised through the code map/).waitFor();
    expect(await site.server.withDb(() => count(RESULTS))).toBe(before + 5);
    expect(await site.server.withDb(() => count("SELECT count(*) AS n FROM patients WHERE mrn = 'H-40021' AND given_names_json = '[\"Astrid\",\"M\"]'"))).toBe(1);
    await page.getByTestId('fhir-report').getByText(/No route given: stored as "not stated"/).waitFor();

    // Sent again: already present, nothing new.
    await page.getByRole('button', { name: 'Check bundle (dry run)' }).click();
    await page.getByText(/^Dry run, nothing written\. Would import: patients: 0 new, 1 matched by MRN; 0 anti-Mi2 and 0 enzyme results.*5 already present/).waitFor();

    const admin = await (await site.browser.newContext()).newPage();
    await signIn(admin, site.server.url, 'admin@demo.titerline', DEMO_PASSWORD);
    await admin.waitForURL(`${site.server.url}/`);
    await admin.getByRole('link', { name: 'Code map' }).click();
    const table = admin.getByTestId('code-map');
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(3);
    await table.getByRole('cell', { name: 'reference lab a' }).waitFor();
    await table.getByRole('cell', { name: 'mycophenolate', exact: true }).waitFor();
    await screenshot(admin, 'fhir-code-map');
  });
});
