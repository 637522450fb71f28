import { readHandler } from '@/lib/api/fhir-routes';

/** GET /api/fhir/MedicationStatement/{id}: one dose epoch (roles that may view patients; audited). */
export const GET = readHandler('MedicationStatement');
