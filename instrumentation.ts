/**
 * Runs once when a server process starts (Next's instrumentation hook). Installs the
 * peer-address stamp that sign-in throttling reads (lib/peer-stamp.ts); Node runtime
 * only, the edge runtime has no sockets.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerStamp } = await import('./lib/peer-stamp');
  installPeerStamp();
}
