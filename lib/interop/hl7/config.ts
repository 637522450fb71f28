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

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

export function listenerConfigFrom(env: Readonly<Record<string, string | undefined>>): { ok: true; config: ListenerConfig } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const port = Number(env[ENV.port] ?? '2575');
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`${ENV.port} must be a TCP port (0-65535); got ${JSON.stringify(env[ENV.port])}.`);
  const maxKb = Number(env[ENV.maxKb] ?? '1024');
  if (!Number.isInteger(maxKb) || maxKb < 1 || maxKb > 65536) problems.push(`${ENV.maxKb} must be a whole number of kilobytes from 1 to 65536.`);
  const senders = list(env[ENV.senders]).map((s) => {
    const [application = '', facility, ...rest] = s.split('|').map((p) => p.trim());
    if (facility === undefined || rest.length || (!application && !facility)) problems.push(`${ENV.senders}: ${JSON.stringify(s)} is not APPLICATION|FACILITY (MSH-3|MSH-4; * matches any).`);
    return { application, facility: facility ?? '' };
  });
  if (senders.length === 0) problems.push(`${ENV.senders} is empty: name the senders allowed to file results, e.g. LABSYS|CENTRAL LAB.`);
  const addresses = env[ENV.addresses] === undefined ? ['127.0.0.1', '::1'] : list(env[ENV.addresses]);
  if (addresses.length === 0) problems.push(`${ENV.addresses} is empty: name the interface engine's address (or leave it unset for this machine only).`);
  const [cert, key, ca] = [env[ENV.tlsCert]?.trim(), env[ENV.tlsKey]?.trim(), env[ENV.tlsCa]?.trim()];
  if (Boolean(cert) !== Boolean(key)) problems.push(`TLS needs both ${ENV.tlsCert} and ${ENV.tlsKey} (PEM files), or neither.`);
  if (ca && !cert) problems.push(`${ENV.tlsCa} (client certificates) needs ${ENV.tlsCert} and ${ENV.tlsKey}.`);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      host: env[ENV.host]?.trim() || '127.0.0.1', port, maxBytes: maxKb * 1024, allowedAddresses: addresses, allowedSenders: senders,
      ...(env[ENV.authority]?.trim() ? { mrnAuthority: env[ENV.authority]!.trim() } : {}),
      self: { application: env[ENV.application]?.trim() || 'TITERLINE', facility: env[ENV.facility]?.trim() || 'CLINIC' },
      ...(cert && key ? { tls: { cert, key, ...(ca ? { ca } : {}) } } : {}),
    },
  };
}

/** An IPv4 peer as Node reports it on a dual-stack socket (::ffff:10.0.0.5) is 10.0.0.5. */
export const plainAddress = (a: string | undefined): string => (a ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

export const addressAllowed = (allowed: readonly string[], peer: string | undefined): boolean => allowed.includes('*') || allowed.includes(plainAddress(peer));
