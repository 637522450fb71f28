/**
 * The OpenAPI contract (issue 23): the document served by a real `next start` is
 * turned into TypeScript by openapi-typescript, a typed client is compiled against it
 * with tsc, and every operation in the document is called through that client with an
 * API token. Each answer must have the documented status and match the document's
 * schema for it; an unknown path, a wrong method and a missing token answer as
 * documented too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/dal/actor';
import { createApiToken } from '@/lib/dal/api-tokens';
import { createPatient } from '@/lib/dal/patients';
import { createUser } from '@/lib/dal/users';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { compileClient, type CompiledClient } from './contract/compile';
import { operationsOf, responseSchema, type Operation } from './contract/schema-check';
import { startServer, type TestServer } from './server';

interface Call { method: 'GET' | 'POST'; path: string; body?: unknown; status: number }

describe('OpenAPI contract against a running server', () => {
  let server: TestServer;
  let doc: { info: { license?: { name?: string } }; paths: Record<string, unknown> };
  let compiled: CompiledClient;
  let token = '';
  let patientId = 0;

  beforeAll(async () => {
    server = await startServer(async () => {
      const admin = await createUser(cliActor(), { email: 'admin@clinic.test', name: 'Ada Admin', role: 'admin', password: 'a long admin passphrase' });
      const physician = await createUser(cliActor(), { email: 'doc@clinic.test', name: 'Dan Doctor', role: 'physician', password: 'a long doctor passphrase' });
      token = createApiToken({ ...cliActor(), userId: admin.id, origin: 'ui' }, { name: 'Contract test', role: 'nurse' }).token;
      patientId = createPatient({ ...cliActor(), userId: physician.id, role: 'physician', origin: 'ui' }, {
        mrn: 'CONTRACT-1', familyName: 'Vertrag', givenName: 'Vera', birthDate: '1966-06-06', sex: 'female', diagnosisGroup: 'mi2-pos-dm',
      }).id;
    });
    doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    compiled = await compileClient(doc);
  });
  afterAll(async () => {
    compiled?.dispose();
    await server?.stop();
  });

  it('documents an operationId, a license and a JSON schema for every 2xx answer', () => {
    expect(doc.info.license?.name).toBeTruthy();
    const ops = operationsOf(doc);
    expect(ops.length).toBe(5);
    for (const [p, m, op] of ops) {
      expect(op.operationId, `${m} ${p}`).toMatch(/^[a-z][A-Za-z]+$/);
      const ok = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(ok.length, `${m} ${p}`).toBe(1);
      expect(() => responseSchema(doc, op, Number(ok[0]))).not.toThrow();
    }
    expect(new Set(ops.map(([, , op]) => op.operationId)).size).toBe(ops.length);
  });

  it('generates types a mistake does not compile against', () => {
    expect(compiled.types).toContain('listAssays');
    expect(compiled.wrongUseErrors).toMatch(/TS2322/);
  });

  it('calls every operation through the compiled client; each answer matches its documented schema', async () => {
    const assays = (await compiled.client.call(server.url, token, 'listAssays', 'GET', '/api/v1/assays')).body as { assays: { id: number; qualitativeOnly: boolean }[] };
    const assayId = assays.assays.find((a) => !a.qualitativeOnly)?.id;
    const CALLS: Record<string, Call> = {
      listAssays: { method: 'GET', path: '/api/v1/assays', status: 200 },
      createLabResult: { method: 'POST', path: `/api/v1/patients/${patientId}/lab-results`, status: 201, body: { kind: 'antibody', assayId, collectedOn: addDays(clinicToday(), -3), value: 42 } },
      listPatients: { method: 'GET', path: '/api/v1/patients?q=vertrag&sort=mrn&page=1', status: 200 },
      getPatient: { method: 'GET', path: `/api/v1/patients/${patientId}`, status: 200 },
      getPatientTimeline: { method: 'GET', path: `/api/v1/patients/${patientId}/timeline`, status: 200 },
    };
    const ops = operationsOf(doc);
    expect(ops.map(([, , op]) => op.operationId).sort()).toEqual(Object.keys(CALLS).sort());
    const answers: Record<string, unknown> = {};
    // In CALLS order (the result is created before the timeline is read), each operation as the document has it.
    for (const [operationId, c] of Object.entries(CALLS)) {
      const [p, m, op] = ops.find(([, , o]) => o.operationId === operationId)!;
      expect(c.method.toLowerCase(), op.operationId).toBe(m);
      expect(c.path.split('?')[0], op.operationId).toMatch(new RegExp(`^/api/v1${p.replace('{id}', '\\d+')}$`));
      const res = await compiled.client.call(server.url, token, op.operationId!, c.method, c.path, c.body);
      expect(res.status, `${op.operationId}: ${JSON.stringify(res.body)}`).toBe(c.status);
      const check = responseSchema(doc, op as Operation, c.status).safeParse(res.body);
      expect(check.success, `${op.operationId}: ${check.error?.message}`).toBe(true);
      answers[op.operationId!] = res.body;
    }
    expect((answers.getPatientTimeline as { antibodyResults: unknown[] }).antibodyResults).toHaveLength(1);
    // The check can fail: an internal column added to the patient breaks its schema.
    const getPatient = ops.find(([, , op]) => op.operationId === 'getPatient')![2];
    expect(responseSchema(doc, getPatient, 200).safeParse({ ...(answers.getPatient as object), searchText: 'vertrag vera' }).success).toBe(false);
  });

  it('answers refusals as documented: 401 with the Bearer challenge, JSON 404 for an unknown path, 405 with Allow, 422 for a query out of range', async () => {
    const noToken = await fetch(`${server.url}/api/v1/assays`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const auth = { authorization: `Bearer ${token}` };
    const unknown = await fetch(`${server.url}/api/v1/visits/12`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not-found');
    const wrongMethod = await fetch(`${server.url}/api/v1/patients/${patientId}`, { method: 'DELETE', headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const outOfRange = await fetch(`${server.url}/api/v1/patients?page=0`, { headers: auth });
    expect(outOfRange.status).toBe(422);
    expect(((await outOfRange.json()) as { error: { message: string } }).error.message).toMatch(/page must be a whole number from 1/);
  });
});
