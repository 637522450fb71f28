import 'server-only';
import { gzipSync } from 'node:zlib';
import type { TimelineData } from '../domain/timeline/build';

/**
 * The full timeline for the browser: JSON, gzipped once when stored (level 1: the
 * data is repetitive, ~250 kB of JSON for 20 years becomes ~35 kB). The timeline data
 * route sends these bytes as they are and the browser inflates them (DecompressionStream),
 * so the server never compresses the same data twice.
 */
export function gzipTimeline(data: TimelineData): Buffer {
  return gzipSync(JSON.stringify(data), { level: 1 });
}
