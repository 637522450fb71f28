import { readStoredAllowList } from '../../dal/hl7-allow-list';
import { removeExpiredInboxText, retentionActor } from '../../dal/hl7-inbox-retention';
import { listenerConfigFrom, type ListenerConfig } from './config';
import { startHl7Listener, type ListenerHooks, type RunningListener } from './listener';

export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Removes expired inbox message text; a failure (a busy database) is logged and retried at the next run. */
function runRetention(hooks: ListenerHooks): void {
  try {
    const { removed, days } = removeExpiredInboxText(retentionActor());
    if (removed > 0) hooks.log?.(`inbox retention: message text removed from ${removed} resolved messages (older than ${days} days)`);
  } catch (e) {
    hooks.log?.(`inbox retention did not run: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Starts the listener from the environment and the stored allow-lists: the one way
 * both `npm run hl7:listen` and the web server (instrumentation.ts, when
 * TITERLINE_HL7_PORT is set) start it. The database must be migrated already.
 */
export async function startConfiguredListener(env: Readonly<Record<string, string | undefined>>, hooks: ListenerHooks = {}):
  Promise<{ ok: true; listener: RunningListener; config: ListenerConfig; summary: string } | { ok: false; problems: string[] }> {
  const read = listenerConfigFrom(env, { storedAllowList: readStoredAllowList() !== null });
  if (!read.ok) return read;
  const { config } = read;
  const started = await startHl7Listener(config, hooks);
  // The inbox's retention of message text: at start, then daily while the listener runs.
  const timer = setInterval(() => runRetention(hooks), RETENTION_INTERVAL_MS);
  timer.unref();
  runRetention(hooks);
  const listener: RunningListener = { port: started.port, close: () => { clearInterval(timer); return started.close(); } };
  const lists = readStoredAllowList();
  const where = lists ? 'set under Admin, Lab feed' : 'from the environment';
  const senders = (lists?.senders ?? config.allowedSenders).map((s) => `${s.application}|${s.facility}`).join(', ');
  const summary = `HL7 listener on ${config.host}:${listener.port} (MLLP${config.tls ? ' over TLS' : ''}); allow-lists ${where}; senders: ${senders}; addresses: ${(lists?.addresses ?? config.allowedAddresses).join(', ')}`;
  return { ok: true, listener, config, summary };
}
