import { NextResponse } from 'next/server';

/**
 * Liveness (GET /api/health/live): the process answers HTTP. Touches nothing else, so a
 * supervisor that restarts on failure does not restart a server whose database or disk
 * is the problem (that is readiness: /api/health).
 */
export function GET() {
  return NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
