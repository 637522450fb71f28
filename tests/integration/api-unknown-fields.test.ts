/**
 * The REST API's write bodies are closed: a field the body does not take is a 422
 * naming it, with the fields it does take, and nothing is stored. A lab's upper limit
 * sent under the CSV import's column name ("reference_high") or misspelt ("upperLimt")
 * was dropped without a word, and the site default (207 U/L for a woman) stored in its
 * place: a CK of 250 read high where the lab said normal.
 */
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as labRoute } from '@/app/api/v1/patients/[id]/lab-results/route';
import { OPENAPI } from '@/lib/api/openapi';
import type { Actor } from '@/lib/dal/actor';
import { createApiToken } from '@/lib/dal/api-tokens';
import { makeActor } from '../setup/actors';
import { daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor;
let token = '';
beforeAll(async () => {
  db = useTempDatabase();
  physician = await makeActor('physician');
  token = createApiToken(await makeActor('admin'), { name: 'Lab interface', role: 'nurse' }).token;
});
afterAll(() => db.dispose());

/** Posts `raw` (a JSON text, so that keys such as "__proto__" reach the server as sent). */
async function post(patientId: number, raw: string) {
  const res = await labRoute(new NextRequest(`http://127.0.0.1:3000/api/v1/patients/${patientId}/lab-results`, {
    method: 'POST', body: raw, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  }), { params: Promise.resolve({ id: String(patientId) }) });
  return { status: res.status, json: await res.json() };
}
const send = (patientId: number, body: Record<string, unknown>) => post(patientId, JSON.stringify(body));

const ENZYME_FIELDS = 'kind, analyte, value, unit, lowerLimit, upperLimit, collectedOn, accession, allowDuplicate, allowImplausible';
const ANTIBODY_FIELDS = 'kind, assayId, value, comparator, qualitative, cutoff, collectedOn, accession, allowDuplicate, allowImplausible';
const ck250 = () => ({ kind: 'enzyme', analyte: 'ck', collectedOn: daysAgo(3), value: 250, unit: 'U/L' });

describe('a CK of 250 U/L with the lab range under a name the API does not take', () => {
  for (const key of ['reference_high', 'upperLimt', 'UpperLimit', 'upper_limit']) {
    it(`"${key}": 308 is a 422 naming the field and the fields allowed; nothing is stored`, async () => {
      const p = newPatient(physician, { sex: 'female' });
      const before = tableCounts();
      const { status, json } = await send(p, { ...ck250(), [key]: 308 });
      expect(status).toBe(422);
      const message = `Unknown field "${key}": nothing was stored. An enzyme result takes only ${ENZYME_FIELDS}.`;
      expect(json.error).toEqual({ code: 'invalid', message, fields: { [key]: [message] } });
      expect(tableCounts()).toEqual(before);
    });
  }

  it('with the documented name the lab range is stored as the lab\'s', async () => {
    const p = newPatient(physician, { sex: 'female' });
    const { status, json } = await send(p, { ...ck250(), upperLimit: 308, allowDuplicate: false, allowImplausible: false, accession: null });
    expect(status, JSON.stringify(json)).toBe(201);
    expect(json).toMatchObject({ upperLimitUL: 308, rangeSource: 'lab' });
    expect(sqlite().prepare('SELECT upper_limit_ul AS u FROM enzyme_results WHERE patient_id = ?').get(p)).toEqual({ u: 308 });
  });
});

describe('other unknown fields', () => {
  it('an anti-Mi2 body names each unknown field, with the fields an anti-Mi2 result takes', async () => {
    const p = newPatient(physician);
    const before = tableCounts();
    const { status, json } = await send(p, { kind: 'antibody', assayId: 2, collectedOn: daysAgo(3), value: 30, cut_off: 8, units: 'units' });
    expect(status).toBe(422);
    expect(json.error.message).toBe(`Unknown fields "cut_off", "units": nothing was stored. An antibody result takes only ${ANTIBODY_FIELDS}.`);
    expect(Object.keys(json.error.fields)).toEqual(['cut_off', 'units']);
    expect(tableCounts()).toEqual(before);
  });

  it('an enzyme field in an anti-Mi2 body (and the other way round) is unknown to that kind', async () => {
    const p = newPatient(physician);
    expect((await send(p, { kind: 'antibody', assayId: 2, collectedOn: daysAgo(3), value: 30, upperLimit: 8 })).json.error.fields).toHaveProperty('upperLimit');
    expect((await send(p, { ...ck250(), cutoff: 308 })).json.error.fields).toHaveProperty('cutoff');
  });

  it('hostile keys: "__proto__", "constructor", many keys, a long key: a 422, never a 500', async () => {
    const p = newPatient(physician);
    const before = tableCounts();
    for (const raw of [
      `{"kind":"enzyme","analyte":"ck","collectedOn":"${daysAgo(3)}","value":250,"unit":"U/L","__proto__":{"upperLimit":308}}`,
      JSON.stringify({ ...ck250(), constructor: 1, id: 5, patientId: 9 }),
      JSON.stringify({ ...ck250(), ...Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])) }),
      JSON.stringify({ ...ck250(), ['x'.repeat(5000)]: 1 }),
    ]) {
      const { status, json } = await post(p, raw);
      expect(status, JSON.stringify(json).slice(0, 300)).toBe(422);
      expect(json.error.message).toMatch(/^Unknown fields? "/);
      expect(json.error.message.length).toBeLessThan(500);
      expect(Object.keys(json.error.fields).length).toBeLessThanOrEqual(5);
    }
    expect(tableCounts()).toEqual(before);
  });
});

it('the OpenAPI document says the bodies take no other field', () => {
  const schemas = OPENAPI.components.schemas as Record<string, { additionalProperties?: unknown }>;
  expect(schemas.AntibodyResultIn?.additionalProperties).toBe(false);
  expect(schemas.EnzymeResultIn?.additionalProperties).toBe(false);
});
