import { searchHandler } from '@/lib/api/fhir-routes';
import { searchPatientsFhir } from '@/lib/dal/fhir-search';
import { parsePatientSearch } from '@/lib/domain/fhir/search-queries';

/** GET /api/fhir/Patient?identifier=system|value&_id=: a searchset of Patients (roles that may view patients). */
export const GET = searchHandler('Patient', parsePatientSearch, searchPatientsFhir);
