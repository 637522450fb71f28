/**
 * Prometheus metrics (prom-client), served at /api/metrics behind TITERLINE_METRICS_TOKEN
 * (app/api/metrics/route.ts). Counters and histograms are observed where things happen
 * (the request log, imports, signal recomputes); the store's gauges (audit trail length,
 * database size, open sessions) are read when Prometheus scrapes. Labels are route
 * patterns, methods, statuses and formats: never an id, a name or a value.
 *
 * One registry per process on globalThis (Next bundles instrumentation.ts and each route
 * separately; see lib/ops/request-context.ts). Counters start from zero when the server
 * starts, as Prometheus expects; CLI runs (npm run import, signals:recompute, backup) are
 * other processes and appear in the log, not here.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    httpRequests: new Counter({
      name: 'titerline_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const, registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'titerline_http_request_duration_seconds', help: 'Time from a request arriving to its response finishing, by method and route pattern.',
      labelNames: ['method', 'route'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
    }),
    imports: new Counter({
      name: 'titerline_imports_total', help: 'Lab imports run by this server (web and API), by format and outcome.',
      labelNames: ['format', 'outcome'] as const, registers: [registry],
    }),
    importRows: new Counter({
      name: 'titerline_import_rows_total', help: 'Rows (CSV) or resources (FHIR) of lab imports run by this server, by format and what became of them.',
      labelNames: ['format', 'result'] as const, registers: [registry],
    }),
    importDuration: new Histogram({
      name: 'titerline_import_duration_seconds', help: 'How long a lab import took, by format.',
      labelNames: ['format'] as const, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], registers: [registry],
    }),
    recompute: new Histogram({
      name: 'titerline_signal_recompute_duration_seconds', help: "Time to recompute signals: one patient's (after each change) or all patients'.",
      labelNames: ['scope'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30, 120], registers: [registry],
    }),
    auditEvents: new Gauge({ name: 'titerline_audit_events', help: 'Length of the audit trail (events in the chain).', registers: [registry] }),
    databaseBytes: new Gauge({ name: 'titerline_database_size_bytes', help: 'Size of the SQLite database file and its write-ahead log.', registers: [registry] }),
    sessions: new Gauge({ name: 'titerline_sessions_open', help: 'Signed-in sessions not ended, idle-expired or past their lifetime.', registers: [registry] }),
  };
  return m;
}

export type Metrics = ReturnType<typeof build>;

const KEY = Symbol.for('titerline.metrics');
type Holder = { [KEY]?: Metrics };

/** The process's metrics. */
export function metrics(): Metrics {
  const holder = globalThis as Holder;
  holder[KEY] ??= build();
  return holder[KEY];
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A method as a label: the standard ones, anything else "OTHER" (labels stay few). */
export function methodLabel(method: string | undefined): string {
  const m = (method ?? '').toUpperCase();
  return KNOWN_METHODS.has(m) ? m : 'OTHER';
}

/** Seconds since `startNs` (process.hrtime.bigint()). */
export function secondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

/** The store's gauges as read at scrape time (lib/dal/operations.ts). */
export interface StoreGauges { auditEvents: number; databaseBytes: number; sessionsOpen: number }

/** Sets the store's gauges and renders every metric in Prometheus text format. */
export async function renderMetrics(gauges: StoreGauges): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  m.auditEvents.set(gauges.auditEvents);
  m.databaseBytes.set(gauges.databaseBytes);
  m.sessions.set(gauges.sessionsOpen);
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
