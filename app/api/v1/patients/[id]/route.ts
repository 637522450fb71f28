import type { NextRequest } from 'next/server';
import { apiActor, handle, json } from '@/lib/api/http';
import { refuseOtherMethods } from '@/lib/api/methods';
import { toPatientOut } from '@/lib/api/schemas/patients';
import { getPatient } from '@/lib/dal/patients';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

type Params = { params: Promise<{ id: string }> };

/** GET /api/v1/patients/{id}: demographics (the read is audited), mapped field by field. */
export function GET(request: NextRequest, { params }: Params) {
  return handle(async () => {
    const actor = await apiActor(request, 'patient:view');
    const id = parseOrThrow(idSchema('patient'), (await params).id, 'id');
    return json(toPatientOut(getPatient(actor, id)));
  });
}

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
