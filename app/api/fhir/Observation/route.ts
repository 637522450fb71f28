import { searchHandler } from '@/lib/api/fhir-routes';
import { searchObservationsFhir } from '@/lib/dal/fhir-search';
import { parseObservationSearch } from '@/lib/domain/fhir/search-queries';

/** GET /api/fhir/Observation?patient=&code=&date=&category=&_sort=date&_count=: a searchset of one patient's Observations. */
export const GET = searchHandler('Observation', parseObservationSearch, searchObservationsFhir);
