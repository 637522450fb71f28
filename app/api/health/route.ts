import { NextResponse } from 'next/server';

/** Liveness for the reverse proxy and tests; says nothing about data. */
export function GET() {
  return NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
