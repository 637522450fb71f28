import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * next/link without prefetching. Every page here is dynamic and behind a session, so a
 * prefetch only fetches the shared layout, yet costs the server a signed-in request
 * (proxy, session check, layout) per link in view: a worklist view sent 22 of them,
 * a patient page 10, competing with the page's own charts (docs/performance.md).
 * Client-side navigation stays; the page is fetched when the link is followed.
 */
export function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
