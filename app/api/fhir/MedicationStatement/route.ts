import { searchHandler } from '@/lib/api/fhir-routes';
import { searchMedicationStatementsFhir } from '@/lib/dal/fhir-search';
import { parseMedicationSearch } from '@/lib/domain/fhir/search-queries';

/** GET /api/fhir/MedicationStatement?patient=&status=: a searchset of one patient's dose epochs. */
export const GET = searchHandler('MedicationStatement', parseMedicationSearch, searchMedicationStatementsFhir);
