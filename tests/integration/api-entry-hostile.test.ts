/**
 * Hostile JSON to the lab-result route (issue 17): any JSON value in a numeric field,
 * the accession or the date is either a number the field's rule takes (stored) or a
 * 422 naming the field, never a 500, never a value read from text ("0x10" -> 16) and,
 * when refused, the database as it was. An unknown patient and a bad token are refused.
 */
import fc from 'fast-check';
import { validateEnzymeValue } from '@/lib/domain/enzymes';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as labRoute } from '@/app/api/v1/patients/[id]/lab-results/route';
import { createApiToken } from '@/lib/dal/api-tokens';
import { NUMBER_RULES, numberAllowed } from '@/lib/validation/field-rules';
import { makeActor } from '../setup/actors';
import { daysAgo, newPatient } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let token = '';
let pid = 0;
beforeAll(async () => {
  db = useTempDatabase();
  const [admin, physician] = await Promise.all([makeActor('admin'), makeActor('physician')]);
  token = createApiToken(admin, { name: 'Hostile lab', role: 'nurse' }).token;
  pid = newPatient(physician);
});
afterAll(() => db.dispose());

async function post(body: unknown, id: number | string = pid, auth = token) {
  const res = await labRoute(new NextRequest(`http://127.0.0.1:3000/api/v1/patients/${id}/lab-results`, {
    method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
  }), { params: Promise.resolve({ id: String(id) }) });
  return { status: res.status, json: await res.json() };
}

describe('the lab-result route under hostile JSON', () => {
  it('a CK value is stored only when it is a JSON number the rule takes; otherwise 422 on the field, nothing written', async () => {
    let day = 0;
    await fc.assert(fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.double(), fc.constantFrom('0x10', '950', '1e-320', 'Infinity', '<5', '', ' '), fc.constantFrom(500_000, 500_000.00000000006, 750_000, 1_000_000)), async (value) => {
      day = (day % 300) + 1;
      const before = tableCounts();
      const { status, json } = await post({ kind: 'enzyme', analyte: 'ck', collectedOn: daysAgo(day), value, unit: 'U/L', upperLimit: 200, allowDuplicate: true, allowImplausible: true });
      // Both rules a CK value meets: the field's number rule and CK's own plausible maximum in U/L
      // (500,000, under the field's 1,000,000). The oracle once had only the first, and failed
      // whenever the generator drew a number between the two.
      const valid = typeof value === 'number' && numberAllowed(value, NUMBER_RULES.enzymeValue) && validateEnzymeValue('ck', value, 'U/L').length === 0;
      expect(status, JSON.stringify(json)).toBe(valid ? 201 : 422);
      if (valid) expect(json.value).toBe(value);
      else {
        expect(Object.keys(json.error.fields ?? {})).toContain('value');
        expect(tableCounts()).toEqual(before);
      }
    }), { numRuns: 120 });
  });

  it('any JSON as the accession, the date or the cut-off is a 422 naming it unless it is valid; never a 500', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('accession', 'collectedOn', 'cutoff', 'comparator', 'qualitative', 'assayId'), fc.jsonValue(), async (field, junk) => {
      const body = { kind: 'antibody', assayId: 2, collectedOn: daysAgo(400), value: 30, cutoff: 5, accession: 'H-1', allowDuplicate: true, allowImplausible: true, [field]: junk };
      const before = tableCounts();
      const { status, json } = await post(body);
      expect([201, 404, 422], JSON.stringify(json)).toContain(status);
      if (status !== 201) expect(tableCounts()).toEqual(before);
      if (status === 422 && json.error.fields) expect(Object.keys(json.error.fields).length).toBeGreaterThan(0);
    }), { numRuns: 150 });
  });

  it('refuses a huge accession, an unknown patient, and no token, writing nothing', async () => {
    const before = tableCounts();
    const body = { kind: 'enzyme', analyte: 'ck', collectedOn: daysAgo(3), value: 100, unit: 'U/L', accession: 'x'.repeat(10_000) };
    expect((await post(body)).status).toBe(422);
    expect((await post({ ...body, accession: 'A' }, 999_999)).status).toBe(404);
    expect((await post({ ...body, accession: 'A' }, '0x10')).status).toBe(422);
    // (Without any Authorization header the route reads the session cookie: the security tests cover that, with a real request scope.)
    expect((await post({ ...body, accession: 'A' }, pid, 'tl_not-a-real-token')).status).toBe(401);
    expect(tableCounts()).toEqual(before);
  });
});
