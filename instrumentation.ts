/**
 * Runs once when a server process starts (Next's instrumentation hook). Installs the
 * peer-address stamp that sign-in throttling reads (lib/peer-stamp.ts) and the request
 * log and metrics (lib/ops/request-log.ts), and starts the HL7 listener when
 * TITERLINE_HL7_PORT is set (lib/interop/hl7/start-with-app.ts); Node runtime only, the edge runtime has no
 * sockets. `onRequestError` logs what reached Next's error handling with the request id
 * and the digest that the error page shows (lib/ops/request-errors.ts).
 */
import type { Instrumentation } from 'next';

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerStamp } = await import('./lib/peer-stamp');
  installPeerStamp();
  const { installRequestLog } = await import('./lib/ops/request-log');
  installRequestLog();
  // The HL7 lab feed's MLLP listener, when TITERLINE_HL7_PORT is set (not during `next build`, never twice).
  // Not awaited: pages are served while it starts (its outcome is logged).
  const { startListenerWithApp } = await import('./lib/interop/hl7/start-with-app');
  void startListenerWithApp(process.env);
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logRequestError } = await import('./lib/ops/request-errors');
  logRequestError(error, request, context);
};
