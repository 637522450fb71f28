import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { actorFor } from '@/lib/dal/session';
import { exportCohortCsv } from '@/lib/dal/cohort-export';
import { handle } from '@/lib/api/http';

/** GET /export/cohort?deidentified=1 : the research CSV (audited). */
export function GET(request: NextRequest) {
  return handle(async () => {
    const actor = await actorFor('data:export', 'GET /export/cohort');
    const deidentified = request.nextUrl.searchParams.get('deidentified') === '1';
    const csv = exportCohortCsv(actor, { deidentified });
    return new NextResponse(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="titerline-cohort${deidentified ? '-deidentified' : ''}-${new Date().toISOString().slice(0, 10)}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}
