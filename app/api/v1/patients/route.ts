import type { NextRequest } from 'next/server';
import { apiActor, handle, json } from '@/lib/api/http';
import { refuseOtherMethods } from '@/lib/api/methods';
import { patientListQuery, toPatientSummaryOut } from '@/lib/api/schemas/patients';
import { listPatients } from '@/lib/dal/patients';
import { parseOrThrow } from '@/lib/validation/parse';

/**
 * GET /api/v1/patients?q=&sort=&page= : search and list patients. The query is checked
 * strictly here (422 naming what is allowed); the page form keeps its lenient reading.
 */
export function GET(request: NextRequest) {
  return handle(async () => {
    const actor = await apiActor(request, 'patient:view');
    const query = parseOrThrow(patientListQuery, Object.fromEntries(request.nextUrl.searchParams));
    const list = listPatients(actor, query);
    return json({ ...list, patients: list.patients.map(toPatientSummaryOut) });
  });
}

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
