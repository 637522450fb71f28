/**
 * Issue 20, item 6, through the API routes as an integration calls them: a token of a
 * deactivated administrator no longer reads or imports, an expired token is refused,
 * each with 401 and a message that says why; a transferred token keeps working.
 */
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute } from '@/app/api/v1/patients/route';
import { POST as labRoute } from '@/app/api/v1/patients/[id]/lab-results/route';
import { POST as fhirImport } from '@/app/api/fhir/route';
import type { Actor } from '@/lib/dal/actor';
import { createApiToken, revokeApiToken } from '@/lib/dal/api-tokens';
import { setUserActive } from '@/lib/dal/users';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { auditRows, newPatient, sqlite } from '../setup/dal-helpers';
import { makeActor } from '../setup/actors';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const today = clinicToday();
let db: ReturnType<typeof useTempDatabase>;
let ada: Actor;
let patientId: number;
let seq = 0;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const list = (token: string) => listRoute(new NextRequest('http://127.0.0.1:3000/api/v1/patients', { headers: bearer(token) }));
const postCk = (token: string) => {
  seq += 1;
  const body = JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: addDays(today, -seq), value: 300 + seq, unit: 'U/L', upperLimit: 200 });
  return labRoute(new NextRequest(`http://127.0.0.1:3000/api/v1/patients/${patientId}/lab-results`, { method: 'POST', body, headers: { ...bearer(token), 'content-type': 'application/json' } }),
    { params: Promise.resolve({ id: String(patientId) }) });
};
const bundle = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] });
const postFhir = (token: string) => fhirImport(new NextRequest('http://127.0.0.1:3000/api/fhir', { method: 'POST', body: bundle, headers: { ...bearer(token), 'content-type': 'application/fhir+json' } }));

/** 401 JSON with a message matching `why`, and nothing written but the (rate-limited) refusal event. */
async function expectRefused(res: Response | Promise<Response>, why: RegExp): Promise<void> {
  const r = await res;
  expect(r.status).toBe(401);
  const body = (await r.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('unauthorized');
  expect(body.error.message).toMatch(why);
}

beforeAll(async () => {
  db = useTempDatabase();
  ada = await makeActor('admin', 'ada@clinic.test');
  patientId = newPatient(await makeActor('nurse'), { mrn: 'TOK-1' });
});
afterAll(() => db.dispose());

describe('a token whose owner is deactivated', () => {
  it('no longer reads or imports: 401 saying why; nothing written but one refusal event', async () => {
    const bob = await makeActor('admin', 'bob@clinic.test');
    const { token, record } = createApiToken(bob, { name: 'Lab interface', role: 'nurse' });
    expect((await list(token)).status).toBe(200);
    expect((await postCk(token)).status).toBe(201);
    setUserActive(ada, bob.userId!, false);
    const before = tableCounts();
    const disabled = /disabled on \d{4}-\d\d-\d\d because the administrator accountable for it was deactivated\. Ask an administrator of Titerline for a new token/;
    await expectRefused(list(token), disabled);
    await expectRefused(postCk(token), disabled);
    await expectRefused(postFhir(token), disabled);
    expect(tableCounts()).toEqual({ ...before, audit_events: before.audit_events! + 1 });
    const refusal = auditRows('token.refused');
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toMatchObject({ entity_id: String(record.id), origin: 'api' });
    expect(JSON.parse(refusal[0]!.after_json!)).toMatchObject({ why: 'disabled' });
  });

  it('keeps working when an administrator transferred it first', async () => {
    const carl = await makeActor('admin', 'carl@clinic.test');
    const { token } = createApiToken(carl, { name: 'Registry feed', role: 'nurse' });
    setUserActive(ada, carl.userId!, false, { transferTokensTo: String(ada.userId) });
    expect((await list(token)).status).toBe(200);
    expect((await postCk(token)).status).toBe(201);
    expect((await postFhir(token)).status).toBe(422); // past the token check: an empty Bundle is refused for what it is
  });

  it('is refused even when the owner was deactivated outside the app (straight in the database)', async () => {
    const dora = await makeActor('admin', 'dora@clinic.test');
    const { token } = createApiToken(dora, { name: 'Side door', role: 'nurse' });
    sqlite().prepare('UPDATE users SET active = 0 WHERE id = ?').run(dora.userId);
    await expectRefused(list(token), /administrator accountable for it was deactivated/);
  });
});

describe('expiry', () => {
  it('a token works through its last valid day and is refused the day after, saying so', async () => {
    const { token, record } = createApiToken(ada, { name: 'Short-lived', role: 'nurse', expiresOn: addDays(today, 1) });
    sqlite().prepare('UPDATE api_tokens SET expires_on = ? WHERE id = ?').run(today, record.id); // a day later
    expect((await list(token)).status).toBe(200);
    sqlite().prepare('UPDATE api_tokens SET expires_on = ? WHERE id = ?').run(addDays(today, -1), record.id); // two days later
    const before = auditRows('token.refused').length;
    await expectRefused(list(token), new RegExp(`expired: its last valid day was ${addDays(today, -1)}\\. Ask an administrator`));
    await expectRefused(postCk(token), /expired/);
    expect(auditRows('token.refused').length).toBe(before + 1); // audited once an hour, not per retry
  });

  it('a revoked token and an unknown one are told apart', async () => {
    const { token, record } = createApiToken(ada, { name: 'Retired', role: 'nurse' });
    revokeApiToken(ada, record.id);
    await expectRefused(list(token), new RegExp(`revoked on ${today.slice(0, 4)}`));
    await expectRefused(list(`tl_${'x'.repeat(43)}`), /This API token is not valid/);
    await expectRefused(list('not-even-a-token'), /This API token is not valid/);
  });
});
