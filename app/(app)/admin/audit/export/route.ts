import { NextResponse, type NextRequest } from 'next/server';
import { actorFor } from '@/lib/dal/session';
import { exportAuditCsv } from '@/lib/dal/audit-log';
import { recordRefusal } from '@/lib/dal/refusals';
import { isAppError } from '@/lib/errors';
import { logFailure, referenceSentence } from '@/lib/ops/log';

export async function GET(request: NextRequest) {
  try {
    const actor = await actorFor('audit:view', 'GET /admin/audit/export');
    const csv = exportAuditCsv(actor, Object.fromEntries(request.nextUrl.searchParams));
    return new NextResponse(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="titerline-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    recordRefusal(e, 'route');
    if (isAppError(e)) return NextResponse.json({ error: { code: e.code, message: e.message } }, { status: e.status });
    const ref = logFailure('audit export failed', e);
    return NextResponse.json({ error: { code: 'internal', message: `Export failed.${referenceSentence(ref)}` } }, { status: 500 });
  }
}
