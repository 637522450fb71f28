import { NextResponse } from 'next/server';
import { OPENAPI } from '@/lib/api/openapi';

/** The API description is public: it holds no data. */
export function GET() {
  return NextResponse.json(OPENAPI);
}
