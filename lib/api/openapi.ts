/**
 * OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json, generated from
 * the zod schemas the routes validate requests with and map responses through
 * (lib/api/schemas/*): the document cannot say something the server does not do.
 * Only the words about each operation (summary, status texts) are written here.
 */
import { z } from 'zod';
import { assayListOut } from './schemas/assays';
import { errorBody } from './schemas/errors';
import { antibodyResultIn, antibodyResultOut, enzymeResultIn, enzymeResultOut } from './schemas/lab-results';
import { patientListOut, patientListQuery, patientOut } from './schemas/patients';
import { requestSchemas, responseSchemas } from './schemas/registry';
import { timelineOut } from './schemas/timeline';

const ERROR_TEXT: Record<number, string> = {
  401: 'No valid session or API token (answered with `WWW-Authenticate: Bearer`): the message says why (unknown, expired after its last valid day, revoked, or disabled because its accountable administrator was deactivated).',
  403: 'The role may not do this.', 404: 'Unknown patient.', 405: 'The path does not serve this method; `Allow` lists those it serves.',
  409: 'Needs confirmation: `fields.allowDuplicate` (possible duplicate: send allowDuplicate: true to keep both) and/or `fields.allowImplausible` (one line per plausibility warning: send allowImplausible: true to store the value as sent).',
  413: 'Body over 64 KB.', 422: 'Invalid input or query; the message says what is allowed and `fields` names each problem.',
  503: "The database is busy with another process's long write (an import); nothing was written. Send the same request again after `Retry-After` seconds.",
};

const ref = (schema: z.ZodType, registry = responseSchemas) => {
  const id = registry.get(schema)?.id;
  if (!id) throw new Error('An API schema used by an operation is not registered');
  return { $ref: `#/components/schemas/${id}` };
};
const body = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), body(errorBody, ERROR_TEXT[c] ?? 'Refused.')]));
const idParam = { name: 'id', in: 'path', required: true, description: 'The patient id (from GET /patients).', schema: { type: 'integer', minimum: 1 } };

/** One query parameter per key of the strict query schema, described as a client sends it. */
const queryParams = (schema: z.ZodObject) =>
  Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...json } = z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete json.$schema;
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: json };
  });

/** Every component, without the per-schema $schema/$id keys a standalone JSON Schema has. */
function components(registry: typeof responseSchemas, io: 'input' | 'output'): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => {
    const { $schema: _s, $id: _i, ...rest } = s as Record<string, unknown>;
    return [id, rest];
  }));
}

export function buildOpenApi() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Titerline API', version: '1',
      license: { name: 'Proprietary: licensed to the operating clinic; not for redistribution.', identifier: 'LicenseRef-Titerline' },
      description: 'Patients, timelines, assays and lab results. Authenticate with `Authorization: Bearer <token>` (created by an administrator; it works through its expiry date, at most a year, while its accountable administrator is active) or a browser session. Unknown paths answer a JSON 404; a method a path does not serve answers 405 with `Allow`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths: {
      '/patients': {
        get: {
          operationId: 'listPatients', summary: 'Search and list patients', parameters: queryParams(patientListQuery),
          responses: { 200: body(patientListOut, 'A page of patients (25 per page).'), ...errors(401, 403, 422) },
        },
      },
      '/patients/{id}': {
        get: { operationId: 'getPatient', summary: 'One patient', parameters: [idParam], responses: { 200: body(patientOut, 'Demographics.'), ...errors(401, 403, 404, 422) } },
      },
      '/patients/{id}/timeline': {
        get: {
          operationId: 'getPatientTimeline', summary: 'Results, visits, medication epochs and signals', parameters: [idParam],
          responses: { 200: body(timelineOut, 'The patient timeline.'), ...errors(401, 403, 404, 422) },
        },
      },
      '/patients/{id}/lab-results': {
        post: {
          operationId: 'createLabResult', summary: 'Create one lab result', parameters: [idParam],
          // oneOf without a discriminator object: each branch's `kind` is a const, which is what tells them apart
          // (openapi-typescript would otherwise type `kind` as the schema's name).
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [ref(antibodyResultIn, requestSchemas), ref(enzymeResultIn, requestSchemas)] } } } },
          responses: {
            201: { description: 'Created; the stored row.', content: { 'application/json': { schema: { oneOf: [ref(antibodyResultOut), ref(enzymeResultOut)] } } } },
            ...errors(401, 403, 404, 409, 413, 422, 503),
          },
        },
      },
      '/assays': {
        get: {
          operationId: 'listAssays', summary: 'The active assays (the assayId of an anti-Mi2 result, its unit and cut-offs)',
          responses: { 200: body(assayListOut, 'The active assays, by analyte and name.'), ...errors(401, 403) },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ...components(responseSchemas, 'output'), ...components(requestSchemas, 'input') },
    },
  };
}

/** Built once: the schemas do not change while the server runs. */
export const OPENAPI = buildOpenApi();
