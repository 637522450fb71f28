/** OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
const error = { $ref: '#/components/schemas/Error' };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c], content: { 'application/json': { schema: error } } }]));
const ERROR_TEXT: Record<number, string> = {
  401: 'No valid session or API token: the message says why (unknown, expired after its last valid day, revoked, or disabled because its accountable administrator was deactivated).', 403: 'The role may not do this.', 404: 'Unknown patient.',
  409: 'Needs confirmation: `fields.allowDuplicate` (possible duplicate: send allowDuplicate: true to keep both) and/or `fields.allowImplausible` (one line per plausibility warning: send allowImplausible: true to store the value as sent).', 413: 'Body over 64 KB.', 422: 'Invalid input; `fields` names each problem.',
  503: 'The database is busy with another process\'s long write (an import); nothing was written. Send the same request again after `Retry-After` seconds.',
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };

export const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Titerline API', version: '1', description: 'Patients, timelines and lab results. Authenticate with `Authorization: Bearer <token>` (created by an administrator; it works through its expiry date, at most a year, while its accountable administrator is active) or a browser session.' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/patients': {
      get: {
        summary: 'Search and list patients', parameters: [
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'MRN or name' },
          { name: 'sort', in: 'query', schema: { enum: ['name', 'mrn', 'birth', 'updated'] } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { 200: { description: 'A page of patients (25 per page).' }, ...errors(401, 403) },
      },
    },
    '/patients/{id}': { get: { summary: 'One patient', parameters: [idParam], responses: { 200: { description: 'Demographics.' }, ...errors(401, 403, 404) } } },
    '/patients/{id}/timeline': {
      get: { summary: 'Results, visits, medication epochs and signals', parameters: [idParam], responses: { 200: { description: 'The patient timeline.' }, ...errors(401, 403, 404) } },
    },
    '/patients/{id}/lab-results': {
      post: {
        summary: 'Create one lab result', parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/AntibodyResultIn' }, { $ref: '#/components/schemas/EnzymeResultIn' }] } } } },
        responses: { 201: { description: 'Created; the stored row.' }, ...errors(401, 403, 404, 409, 413, 422, 503) },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } } } } },
      AntibodyResultIn: {
        type: 'object', required: ['kind', 'assayId', 'collectedOn'],
        properties: {
          kind: { const: 'antibody' }, assayId: { type: 'integer' }, collectedOn: { type: 'string', format: 'date' },
          value: { type: ['number', 'null'], minimum: 0, maximum: 1_000_000, description: 'A JSON number (text is refused); a non-zero value is at least 0.001.' }, comparator: { enum: ['<', '>', '', null] },
          qualitative: { enum: ['negative', 'borderline', 'positive', 'strong', '', null] }, cutoff: { type: ['number', 'null'], minimum: 0.001, maximum: 1_000_000 },
          accession: { type: 'string', maxLength: 64, description: 'One line: no line breaks, tabs or control characters.' }, allowDuplicate: { type: 'boolean' }, allowImplausible: { type: 'boolean' },
        },
      },
      EnzymeResultIn: {
        type: 'object', required: ['kind', 'analyte', 'collectedOn', 'value', 'unit'],
        properties: {
          kind: { const: 'enzyme' }, analyte: { enum: ['ck', 'aldolase', 'ldh', 'alt', 'ast'] }, collectedOn: { type: 'string', format: 'date' },
          value: { type: 'number', minimum: 0.01, maximum: 1_000_000 }, unit: { type: 'string', description: 'U/L (also IU/L) or ukat/L (also µkat/L); stored as U/L or ukat/L.' },
          lowerLimit: { type: ['number', 'null'], minimum: 0, maximum: 100_000 },
          upperLimit: { type: ['number', 'null'], minimum: 0.01, maximum: 100_000, description: "Empty: this patient's latest lab range for the enzyme, else the site default (stored with rangeSource)." },
          accession: { type: 'string', maxLength: 64 }, allowDuplicate: { type: 'boolean' }, allowImplausible: { type: 'boolean' },
        },
      },
    },
  },
} as const;
