import { readHandler } from '@/lib/api/fhir-routes';

/** GET /api/fhir/Patient/{id}: one Patient (roles that may view patients; audited). */
export const GET = readHandler('Patient');
