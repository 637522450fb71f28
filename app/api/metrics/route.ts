import { NextResponse, type NextRequest } from 'next/server';
import { storeGauges } from '@/lib/dal/operations';
import { logFailure } from '@/lib/ops/log';
import { renderMetrics } from '@/lib/ops/metrics';
import { metricsAccess } from '@/lib/ops/metrics-token';

const NO_STORE = { 'Cache-Control': 'no-store' };
const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  NextResponse.json({ error: { code, message } }, { status, headers: { ...NO_STORE, ...headers } });

/**
 * GET /api/metrics: Prometheus text format, for `Authorization: Bearer
 * <TITERLINE_METRICS_TOKEN>` (lib/ops/metrics-token.ts). Request counts and latency per
 * route, imports and their rows, signal recompute time, audit trail length, database
 * size, open sessions, and Node's process metrics.
 */
export async function GET(request: NextRequest) {
  const access = metricsAccess(process.env.TITERLINE_METRICS_TOKEN, request.headers.get('authorization'));
  if (access === 'off') return error(404, 'not-found', 'Metrics are not enabled on this server.');
  if (access === 'refused') {
    return error(401, 'unauthorized', 'Send the metrics token as Authorization: Bearer <token>.', { 'WWW-Authenticate': 'Bearer realm="titerline-metrics"' });
  }
  try {
    const { body, contentType } = await renderMetrics(storeGauges());
    return new NextResponse(body, { headers: { ...NO_STORE, 'Content-Type': contentType } });
  } catch (e) {
    logFailure('metrics failed', e);
    return error(503, 'unavailable', 'The metrics could not be read from the database; see the server log.');
  }
}
