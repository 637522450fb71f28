import { readStoredAllowList } from '../../dal/hl7-allow-list';
import { listenerConfigFrom, type ListenerConfig } from './config';
import { startHl7Listener, type ListenerHooks, type RunningListener } from './listener';

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
  const listener = await startHl7Listener(config, hooks);
  const lists = readStoredAllowList();
  const where = lists ? 'set under Admin, Lab feed' : 'from the environment';
  const senders = (lists?.senders ?? config.allowedSenders).map((s) => `${s.application}|${s.facility}`).join(', ');
  const summary = `HL7 listener on ${config.host}:${listener.port} (MLLP${config.tls ? ' over TLS' : ''}); allow-lists ${where}; senders: ${senders}; addresses: ${(lists?.addresses ?? config.allowedAddresses).join(', ')}`;
  return { ok: true, listener, config, summary };
}
