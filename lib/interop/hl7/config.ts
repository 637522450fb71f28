import { parseAddresses, parseSenders } from './allow-list';

/**
 * The listener's settings from the environment (README, "HL7 v2 lab feed"), checked
 * once at start: a listener that would accept from everyone or file for no sender does
 * not start. Pure.
 */

export interface ListenerConfig {
  host: string;
  port: number;
  maxBytes: number;
  /** Peer addresses allowed to connect; '*' allows any (only behind a firewall that does the same). */
  /** The environment's allow-lists: the default while no administrator has set them (lib/dal/hl7-allow-list.ts). */
  allowedAddresses: string[];
  allowedSenders: { application: string; facility: string }[];
  mrnAuthority?: string;
  self: { application: string; facility: string };
  /** PEM files: the listener's certificate and key; with `ca`, only engines whose client certificate it signed may connect. */
  tls?: { cert: string; key: string; ca?: string };
}

export const ENV = {
  port: 'TITERLINE_HL7_PORT',
  host: 'TITERLINE_HL7_HOST',
  addresses: 'TITERLINE_HL7_ALLOWED_ADDRESSES',
  senders: 'TITERLINE_HL7_ALLOWED_SENDERS',
  authority: 'TITERLINE_HL7_MRN_AUTHORITY',
  maxKb: 'TITERLINE_HL7_MAX_KB',
  application: 'TITERLINE_HL7_APPLICATION',
  facility: 'TITERLINE_HL7_FACILITY',
  tlsCert: 'TITERLINE_HL7_TLS_CERT',
  tlsKey: 'TITERLINE_HL7_TLS_KEY',
  tlsCa: 'TITERLINE_HL7_TLS_CA',
} as const;


/**
 * `storedAllowList`: an administrator has set the allow-lists under Admin, Lab feed
 * (they take precedence over the environment, read at each connection and message),
 * so empty environment lists do not stop the listener.
 */
export function listenerConfigFrom(env: Readonly<Record<string, string | undefined>>, opts: { storedAllowList?: boolean } = {}): { ok: true; config: ListenerConfig } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const port = Number(env[ENV.port] ?? '2575');
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`${ENV.port} must be a TCP port (0-65535); got ${JSON.stringify(env[ENV.port])}.`);
  const maxKb = Number(env[ENV.maxKb] ?? '1024');
  if (!Number.isInteger(maxKb) || maxKb < 1 || maxKb > 65536) problems.push(`${ENV.maxKb} must be a whole number of kilobytes from 1 to 65536.`);
  const senders = parseSenders(env[ENV.senders] ?? '');
  if (!senders.ok) problems.push(...senders.problems.map((p) => `${ENV.senders}: ${p}`));
  else if (senders.value.length === 0 && !opts.storedAllowList) problems.push(`${ENV.senders} is empty: name the senders allowed to file results, e.g. LABSYS|CENTRAL LAB (or set them under Admin, Lab feed).`);
  const addresses = env[ENV.addresses] === undefined ? { ok: true as const, value: ['127.0.0.1', '::1'] } : parseAddresses(env[ENV.addresses] ?? '');
  if (!addresses.ok) problems.push(...addresses.problems.map((p) => `${ENV.addresses}: ${p}`));
  else if (addresses.value.length === 0 && !opts.storedAllowList) problems.push(`${ENV.addresses} is empty: name the interface engine's address (or leave it unset for this machine only).`);
  const [cert, key, ca] = [env[ENV.tlsCert]?.trim(), env[ENV.tlsKey]?.trim(), env[ENV.tlsCa]?.trim()];
  if (Boolean(cert) !== Boolean(key)) problems.push(`TLS needs both ${ENV.tlsCert} and ${ENV.tlsKey} (PEM files), or neither.`);
  if (ca && !cert) problems.push(`${ENV.tlsCa} (client certificates) needs ${ENV.tlsCert} and ${ENV.tlsKey}.`);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      host: env[ENV.host]?.trim() || '127.0.0.1', port, maxBytes: maxKb * 1024, allowedAddresses: addresses.ok ? addresses.value : [], allowedSenders: senders.ok ? senders.value : [],
      ...(env[ENV.authority]?.trim() ? { mrnAuthority: env[ENV.authority]!.trim() } : {}),
      self: { application: env[ENV.application]?.trim() || 'TITERLINE', facility: env[ENV.facility]?.trim() || 'CLINIC' },
      ...(cert && key ? { tls: { cert, key, ...(ca ? { ca } : {}) } } : {}),
    },
  };
}

/** An IPv4 peer as Node reports it on a dual-stack socket (::ffff:10.0.0.5) is 10.0.0.5. */
export const plainAddress = (a: string | undefined): string => (a ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

export const addressAllowed = (allowed: readonly string[], peer: string | undefined): boolean => allowed.includes('*') || allowed.includes(plainAddress(peer));
