/**
 * Shared by the entry-form browser tests (entry-*.e2e.test.ts): the seed (through the
 * real DAL), sign-in, and a reading of a form's fields as the user sees them.
 */
import { expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { getDb } from '@/db/client';
import { cliActor, type Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { changeDose, startMedication } from '@/lib/dal/medications';
import { createPatient } from '@/lib/dal/patients';
import { createUser } from '@/lib/dal/users';
import { recordVisit } from '@/lib/dal/visits';
import { addDays, todayIso } from '@/lib/domain/dates';
import { MMT_GROUP_KEYS } from '@/lib/domain/mmt';
import { signIn } from './browser';
import type { TestServer } from './server';

export const PW = 'a long clinic passphrase';
export const today = todayIso(new Date());
export const ago = (days: number) => addDays(today, -days);

export interface EntrySeed { patientId: number; physicianId: number; ivigId: number; prednisoneId: number; antibodyId: number; visitId: number }

/**
 * A patient with an anti-Mi2 result on Mi-2β immunoblot (lab B: the form's default, not
 * the catalog's first), IVIG since two years and a prednisone taper of six epochs (so a
 * stopped IVIG is not among the most recently started), and one visit.
 */
export async function seedEntryPatient(): Promise<EntrySeed> {
  const users: Record<string, Actor> = {};
  for (const role of ['physician', 'nurse'] as const) {
    const u = await createUser(cliActor(), { email: `${role}@clinic.test`, name: `Test ${role}`, role, password: PW });
    users[role] = { userId: u.id, email: u.email, name: u.name, role, active: true, origin: 'cli' };
  }
  const physician = users.physician!;
  const p = createPatient(physician, { mrn: 'ENTRY-1', familyName: 'Okafor', givenName: 'Ada', birthDate: '1968-09-12', sex: 'female', diagnosisGroup: 'mi2-pos-dm' });
  const antibody = recordAntibodyResult(users.nurse!, p.id, { assayId: 3, collectedOn: ago(40), value: '35', accession: 'B-1' });
  const ivig = startMedication(physician, p.id, { drug: 'ivig', dose: '2', doseUnit: 'g/kg', route: 'iv', frequency: 'every 4 weeks', startOn: ago(730), startReason: 'started' });
  let pred = startMedication(physician, p.id, { drug: 'prednisone', dose: '60', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: ago(200), startReason: 'started' });
  for (const [i, dose] of [50, 40, 30, 20, 15].entries()) {
    pred = changeDose(physician, p.id, pred.id, { dose: String(dose), doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: ago(170 - 30 * i), reason: 'tapered' }).started;
  }
  const grades = Object.fromEntries(MMT_GROUP_KEYS.map((k) => [`mmt_${k}`, '8']));
  const visit = recordVisit(physician, p.id, { visitOn: ago(30), mmtVersion: 'unilateral', ...grades, physicianGlobal: '4', notes: 'Seeded visit' });
  return { patientId: p.id, physicianId: physician.userId ?? 0, ivigId: ivig.id, prednisoneId: pred.id, antibodyId: antibody.id, visitId: visit.id };
}

/** A new signed-in page at `path`. */
export async function openAs(browser: Browser, server: TestServer, role: 'physician' | 'nurse', path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-US', ...(viewport ? { viewport } : {}) })).newPage();
  await signIn(page, server.url, `${role}@clinic.test`, PW);
  await page.waitForURL(`${server.url}/`);
  await page.goto(`${server.url}${path}`);
  return page;
}

/** One row of the server's database (read in this process, like the server writes it). */
export function row<T = Record<string, unknown>>(server: TestServer, sql: string, ...args: unknown[]): Promise<T> {
  return server.withDb(() => getDb().$client.prepare(sql).get(...args) as T);
}

/**
 * Every named control of a form as the user sees it: text as shown, a select's value
 * AND the text of the option on screen, a checkbox or radio ticked or not. Disabled
 * controls are included (marked), since they are on screen too.
 */
export function shownFields(form: Locator): Promise<Record<string, string>> {
  return form.evaluate((f: HTMLFormElement) => {
    const out: Record<string, string> = {};
    for (const el of Array.from(f.elements)) {
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
      if (!el.name || el.name.startsWith('$') || el.type === 'hidden') continue;
      const off = el.disabled ? ' (disabled)' : '';
      if (el instanceof HTMLSelectElement) out[el.name] = `${el.value} = ${el.selectedOptions[0]?.text ?? ''}${off}`;
      else if (el instanceof HTMLInputElement && el.type === 'checkbox') out[el.name] = (el.checked ? 'ticked' : 'not ticked') + off;
      else if (el instanceof HTMLInputElement && el.type === 'radio') { if (el.checked) out[el.name] = el.value + off; }
      else out[el.name] = el.value + off;
    }
    return out;
  });
}

/** What the form would send now (FormData, ids and framework fields left out). */
export function sentFields(form: Locator): Promise<Record<string, string>> {
  return form.evaluate((f: HTMLFormElement) => {
    const out: Record<string, string> = {};
    for (const [k, v] of new FormData(f).entries()) if (!k.startsWith('$') && typeof v === 'string') out[k] = v;
    return out;
  });
}

/**
 * The error-then-fix trap (issue 17 item 2): submits, waits for the error, and checks
 * that every field still shows what it showed before, and that what the form would
 * now send is what it shows. Returns the fields as shown after the answer.
 */
export async function submitExpectingError(form: Locator, submit: () => Promise<void>, error: RegExp): Promise<Record<string, string>> {
  const before = await shownFields(form);
  await submit();
  await form.locator('.field-error, .alert.error').filter({ hasText: error }).first().waitFor();
  const after = await shownFields(form);
  // Controls the answer added (a "Save anyway" box) are checked below like the rest.
  expect(Object.fromEntries(Object.keys(before).map((k) => [k, after[k]]))).toEqual(before);
  const sent = await sentFields(form);
  for (const [name, shown] of Object.entries(after)) {
    if (shown.endsWith('(disabled)')) expect(sent[name], `${name} is disabled, so not sent`).toBeUndefined();
    else if (shown === 'ticked') expect(sent[name], name).toBe('on');
    else if (shown === 'not ticked') expect(sent[name], name).toBeUndefined();
    else expect(shown === sent[name] || shown.startsWith(`${sent[name]} = `), `${name}: shows "${shown}", would send "${sent[name]}"`).toBe(true);
  }
  return after;
}
