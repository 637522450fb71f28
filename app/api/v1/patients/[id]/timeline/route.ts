import type { NextRequest } from 'next/server';
import { apiActor, handle, json } from '@/lib/api/http';
import { refuseOtherMethods } from '@/lib/api/methods';
import { toPatientOut } from '@/lib/api/schemas/patients';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { idSchema } from '@/lib/validation/common';
import { parseOrThrow } from '@/lib/validation/parse';

type Params = { params: Promise<{ id: string }> };

/** GET /api/v1/patients/{id}/timeline: the results, visits, epochs and signals the patient page shows. */
export function GET(request: NextRequest, { params }: Params) {
  return handle(async () => {
    const actor = await apiActor(request, 'patient:view');
    const id = parseOrThrow(idSchema('patient'), (await params).id, 'id');
    const r = getPatientRecord(actor, id);
    return json({
      patient: toPatientOut(r.patient), antibodyResults: r.antibodyResults, enzymeResults: r.enzymeResults, visits: r.visits,
      medications: r.medications, currentMedications: r.currentMedications, signals: r.signals,
    });
  });
}

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
