import type { NextRequest } from 'next/server';
import { apiActor, handle, json } from '@/lib/api/http';
import { getPatient } from '@/lib/dal/patients';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

type Params = { params: Promise<{ id: string }> };

/** GET /api/v1/patients/{id}: demographics (the read is audited). */
export function GET(request: NextRequest, { params }: Params) {
  return handle(async () => {
    const actor = await apiActor(request, 'patient:view');
    const id = parseOrThrow(idSchema('patient'), (await params).id, 'id');
    return json(getPatient(actor, id));
  });
}
