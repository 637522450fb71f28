import { NextResponse, type NextRequest } from 'next/server';
import { actorFor } from '@/lib/dal/session';
import { exportFlowsheetCsv } from '@/lib/dal/timeline-export';
import { recordRefusal } from '@/lib/dal/refusals';
import { isAppError } from '@/lib/errors';
import { logFailure, referenceSentence } from '@/lib/ops/log';
import { idSchema } from '@/lib/validation/common';

/** CSV of the flowsheet for ?from=YYYY-MM-DD&to=YYYY-MM-DD (the window the page shows). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await actorFor('data:export', `GET ${request.nextUrl.pathname}`);
    const id = idSchema('patient').safeParse((await params).id);
    if (!id.success) return NextResponse.json({ error: { code: 'not-found', message: 'Patient not found.' } }, { status: 404 });
    const sp = request.nextUrl.searchParams;
    const { csv, filename } = exportFlowsheetCsv(actor, id.data, { from: sp.get('from') ?? undefined, to: sp.get('to') ?? undefined });
    // BOM so spreadsheet programs read the UTF-8 (×, ≤, β) correctly.
    return new NextResponse(`\uFEFF${csv}`, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    recordRefusal(e, 'route');
    if (isAppError(e)) return NextResponse.json({ error: { code: e.code, message: e.message } }, { status: e.status });
    const ref = logFailure('flowsheet export failed', e);
    return NextResponse.json({ error: { code: 'internal', message: `Export failed.${referenceSentence(ref)}` } }, { status: 500 });
  }
}
