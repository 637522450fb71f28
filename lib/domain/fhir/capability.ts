/**
 * What Titerline's FHIR R4 API does, as a CapabilityStatement (GET [base]/metadata).
 * It lists exactly the interactions, search parameters and the operation the route
 * handlers under app/api/fhir answer; tests/integration/fhir-client.test.ts calls
 * every one it declares and checks that an undeclared one is refused under
 * `Prefer: handling=strict`, so the statement cannot drift from the code. Pure.
 */
import type { CodeableConcept } from './types';

interface SearchParam { name: string; type: 'token' | 'reference' | 'date' | 'number'; documentation: string }
interface ResourceCapability {
  type: string;
  documentation?: string;
  interaction: { code: 'read' | 'search-type' }[];
  versioning: 'no-version';
  readHistory: false;
  updateCreate: false;
  conditionalRead: 'not-supported';
  conditionalDelete: 'not-supported';
  searchParam: SearchParam[];
  operation?: { name: string; definition: string; documentation: string }[];
}

export interface CapabilityStatement {
  resourceType: 'CapabilityStatement';
  status: 'active';
  date: string;
  publisher: string;
  kind: 'instance';
  software: { name: string; version: string };
  implementation: { description: string; url: string };
  fhirVersion: '4.0.1';
  format: string[];
  rest: {
    mode: 'server';
    documentation: string;
    security: { cors: false; description: string; service?: CodeableConcept[] };
    resource: ResourceCapability[];
    searchParam: SearchParam[];
  }[];
}

const READ_SEARCH: Pick<ResourceCapability, 'interaction' | 'versioning' | 'readHistory' | 'updateCreate' | 'conditionalRead' | 'conditionalDelete'> = {
  interaction: [{ code: 'read' }, { code: 'search-type' }],
  versioning: 'no-version',
  readHistory: false,
  updateCreate: false,
  conditionalRead: 'not-supported',
  conditionalDelete: 'not-supported',
};

const patientParams = (what: string): SearchParam[] => [
  { name: 'patient', type: 'reference', documentation: `Required: the ${what} of one patient (Patient/{id}).` },
  { name: 'subject', type: 'reference', documentation: 'The same as patient: every subject is a Patient.' },
];

export function capabilityStatement(opts: { base: string; version: string; date: string }): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: opts.date,
    publisher: 'Titerline',
    kind: 'instance',
    software: { name: 'Titerline', version: opts.version },
    implementation: { description: 'Titerline: anti-Mi2 titers, muscle enzymes, MMT-8, visits and treatment of dermatomyositis patients', url: opts.base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [{
      mode: 'server',
      documentation: [
        'Read-only FHIR R4 API over Titerline\'s records; every read and search is recorded in the audit trail.',
        'Searches use GET and answer searchset Bundles with paging links (_count up to 1000, default 50; _offset).',
        'Unknown parameters are ignored and named in an OperationOutcome entry; send "Prefer: handling=strict" to have them refused with 400.',
        'Errors are OperationOutcome resources.',
        'POST [base] with a Bundle imports lab results, visits and treatment (roles that may import); it answers with Titerline\'s import report, not a transaction-response Bundle, so transaction and batch are not declared here.',
      ].join(' '),
      security: {
        cors: false,
        description: 'Authorization: Bearer <API token> (created by an administrator under Admin > API tokens, with a role) or a signed-in Titerline session. Roles as in Titerline: reading needs a role that may view patients; $everything needs one that may export identified data.',
      },
      resource: [
        {
          type: 'Patient',
          ...READ_SEARCH,
          searchParam: [
            { name: 'identifier', type: 'token', documentation: 'The medical record number: urn:titerline:mrn|{MRN}, |{MRN} or {MRN} (matched without regard to case).' },
            { name: '_id', type: 'token', documentation: 'One or more ids, comma-separated.' },
          ],
          operation: [{
            name: 'everything',
            definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
            documentation: 'GET only. The whole record as a searchset Bundle; _since (an instant) lists what changed since then, retractions included (status entered-in-error); _type limits the resource types; _count/_offset page it.',
          }],
        },
        {
          type: 'Observation',
          documentation: 'Anti-Mi2 and muscle-enzyme results, visit measures (MMT-8, global activity, HAQ-DI) and the derived TIS. _sort=date or -date.',
          ...READ_SEARCH,
          searchParam: [
            ...patientParams('Observations'),
            { name: 'code', type: 'token', documentation: 'system|code, code or |code; comma-separated values match any; repeated parameters must all match.' },
            { name: 'date', type: 'date', documentation: 'The collection or visit date, with prefixes eq, ne, gt, lt, ge, le, sa, eb (not ap); repeat for a range.' },
            { name: 'category', type: 'token', documentation: 'laboratory, exam or survey.' },
          ],
        },
        {
          type: 'MedicationStatement',
          documentation: 'One per dose epoch.',
          ...READ_SEARCH,
          searchParam: [...patientParams('MedicationStatements'), { name: 'status', type: 'token', documentation: 'active or completed.' }],
        },
      ],
      searchParam: [
        { name: '_count', type: 'number', documentation: 'Page size, 0 to 1000 (default 50; $everything: the whole record).' },
        { name: '_offset', type: 'number', documentation: 'Titerline paging: how many matches to skip. The next and previous links carry it.' },
      ],
    }],
  };
}
