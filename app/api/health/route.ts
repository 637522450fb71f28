import { NextResponse } from 'next/server';
import { checkReadiness } from '@/lib/dal/operations';

/**
 * Readiness (GET /api/health): 200 when this server can serve, 503 when a part fails,
 * with each part (database, read, migrations, disk) and a plain reason; no paths, no
 * secrets. For load balancers and monitoring; /api/health/live is the liveness answer.
 */
export function GET() {
  const readiness = checkReadiness();
  return NextResponse.json(readiness, { status: readiness.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
