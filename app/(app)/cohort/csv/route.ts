import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { handle } from '@/lib/api/http';
import { actorFor } from '@/lib/dal/session';
import { exportCohortViewCsv } from '@/lib/dal/cohort-csv';

/**
 * GET /cohort/csv?view=...&<filters>[&identified=1]: the numbers of one cohort view
 * as a ZIP of data.csv, dictionary.csv and README.txt (audited export); de-identified
 * unless a role that may export identified data asks otherwise.
 */
export function GET(request: NextRequest) {
  return handle(async () => {
    const actor = await actorFor('cohort:view', 'GET /cohort/csv');
    const sp = request.nextUrl.searchParams;
    // `group` repeats; every other parameter is single-valued.
    const raw: Record<string, string | string[]> = Object.fromEntries(sp.entries());
    raw.group = sp.getAll('group');
    const { zip, filename } = exportCohortViewCsv(actor, raw);
    return new NextResponse(new Uint8Array(zip), {
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
    });
  });
}
