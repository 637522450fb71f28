import type { NextRequest } from 'next/server';
import { apiActor, handle, json } from '@/lib/api/http';
import { listPatients } from '@/lib/dal/patients';

/** GET /api/v1/patients?q=&sort=&page= : search and list patients. */
export function GET(request: NextRequest) {
  return handle(async () => {
    const actor = await apiActor(request, 'patient:view');
    return json(listPatients(actor, Object.fromEntries(request.nextUrl.searchParams)));
  });
}
