import type { TimelineData } from '@/lib/domain/timeline/build';

/**
 * The timeline data the page carries: the stored gzipped JSON (lib/dal/timeline-wire.ts)
 * as base64, inflated by the browser's own DecompressionStream. The server sends the
 * stored bytes as they are (no JSON of 20 years of points rendered into React props,
 * which decision 11 measured as most of the page's time) and the charts need no second
 * request after hydration (issue 24: that round trip was a third of "charts drawn").
 */
export async function unpackTimeline(base64: string): Promise<TimelineData> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return (await new Response(inflated).json()) as TimelineData;
}
