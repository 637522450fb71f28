import type { NextRequest } from 'next/server';
import { apiActor, handle, json } from '@/lib/api/http';
import { refuseOtherMethods } from '@/lib/api/methods';
import { toAssayOut } from '@/lib/api/schemas/assays';
import { listAssays } from '@/lib/dal/assays';

/** GET /api/v1/assays: the active assays, whose ids a posted anti-Mi2 result names (`assayId`). */
export function GET(request: NextRequest) {
  return handle(async () => {
    const actor = await apiActor(request, 'patient:view');
    return json({ assays: listAssays(actor, { activeOnly: true }).map(toAssayOut) });
  });
}

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
