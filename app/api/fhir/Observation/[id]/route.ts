import { readHandler } from '@/lib/api/fhir-routes';

/** GET /api/fhir/Observation/{id}: one result, visit measure or TIS (roles that may view patients; audited). */
export const GET = readHandler('Observation');
