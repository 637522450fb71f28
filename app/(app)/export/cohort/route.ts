import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { actorFor } from '@/lib/dal/session';
import { exportCohortCsv } from '@/lib/dal/cohort-export';
import { handle } from '@/lib/api/http';

/**
 * GET /export/cohort : the research export, a ZIP of data.csv, dictionary.csv and
 * README.txt (audited). De-identified unless `identified=1` is asked by a role that
 * may export identified data; a reviewer asking for it is refused, not downgraded.
 */
export function GET(request: NextRequest) {
  return handle(async () => {
    const actor = await actorFor('data:export', 'GET /export/cohort');
    const identified = request.nextUrl.searchParams.get('identified') === '1';
    const { zip, filename } = exportCohortCsv(actor, { identified });
    return new NextResponse(new Uint8Array(zip), {
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
    });
  });
}
