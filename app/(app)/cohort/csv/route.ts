import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { handle } from '@/lib/api/http';
import { actorFor } from '@/lib/dal/session';
import { exportCohortViewCsv } from '@/lib/dal/cohort-csv';

/** GET /cohort/csv?view=...&<filters>: the numbers of one cohort view (audited export). */
export function GET(request: NextRequest) {
  return handle(async () => {
    const actor = await actorFor('cohort:view', 'GET /cohort/csv');
    const sp = request.nextUrl.searchParams;
    // `group` repeats; every other parameter is single-valued.
    const raw: Record<string, string | string[]> = Object.fromEntries(sp.entries());
    raw.group = sp.getAll('group');
    const { csv, filename } = exportCohortViewCsv(actor, raw);
    // BOM so spreadsheet programs read the UTF-8 (−, ≥, ×) correctly.
    return new NextResponse(`\uFEFF${csv}`, {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
    });
  });
}
