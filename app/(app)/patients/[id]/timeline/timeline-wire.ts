import 'server-only';
import { deflateRawSync } from 'node:zlib';
import type { TimelineData } from '@/lib/domain/timeline/build';

/**
 * The full timeline for the browser: JSON, deflated (raw, level 1: the data is
 * repetitive, ~250 kB of JSON becomes ~30 kB in about 2 ms), base64 so it crosses
 * as one plain string prop with nothing to escape. Decoded by timeline-inflate.ts.
 */
export function compressTimeline(data: TimelineData): string {
  return deflateRawSync(JSON.stringify(data), { level: 1 }).toString('base64');
}
