import type { NextRequest } from 'next/server';
import { fhirHandle, FhirProblem } from '@/lib/api/fhir-http';

/**
 * Any other GET under /api/fhir: an OperationOutcome that says what is served, not
 * the app's HTML 404 page (FHIR clients read the body). Public: it reads nothing.
 */
export function GET(request: NextRequest) {
  return fhirHandle(request, () => {
    throw new FhirProblem(404, 'not-found', 'Not served here. Titerline serves Patient, Observation and MedicationStatement (read and search), Patient/{id}/$everything and metadata.');
  });
}
