/**
 * Who may read /api/metrics: whoever presents TITERLINE_METRICS_TOKEN as a bearer token
 * (Prometheus: `authorization: { credentials_file: ... }`). A token of its own rather
 * than an API token: a scrape every 15 seconds should not write "last used" to the
 * database or need an administrator's account, and the metrics hold no patient data
 * (docs/decisions/0034-operations.md). Unset or shorter than 32 characters:
 * metrics are off.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const METRICS_TOKEN_MIN_LENGTH = 32;

export type MetricsAccess = 'off' | 'granted' | 'refused';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether `authorization` (the request's header) may read the metrics under `configured`. */
export function metricsAccess(configured: string | undefined, authorization: string | null): MetricsAccess {
  const token = configured?.trim() ?? '';
  if (token.length < METRICS_TOKEN_MIN_LENGTH) return 'off';
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!presented) return 'refused';
  return timingSafeEqual(digest(presented), digest(token)) ? 'granted' : 'refused';
}
