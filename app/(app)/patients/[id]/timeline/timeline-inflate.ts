import type { TimelineData } from '@/lib/domain/timeline/build';

/**
 * Decodes timeline-wire.ts's string in the browser with the platform's own
 * DecompressionStream (no library in the bundle): base64 -> deflate-raw -> JSON.
 */
export async function inflateTimeline(encoded: string): Promise<TimelineData> {
  const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return JSON.parse(await new Response(stream).text()) as TimelineData;
}
