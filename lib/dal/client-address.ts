/**
 * The client address that sign-in throttling counts against and the audit trail names
 * (issue 20, item 4). It is the TCP peer of the request (lib/peer-stamp.ts) unless that
 * peer is a proxy the operator trusts, listed in TITERLINE_TRUSTED_PROXIES:
 *
 * - unset or empty: forwarded headers are ignored; the client is the peer;
 * - addresses and CIDR ranges (`127.0.0.1, 10.0.0.0/8, ::1`): when the peer is one of
 *   them, X-Forwarded-For is read from the right (each proxy appends the address it
 *   saw) past every trusted address; the first one that is not trusted is the client;
 * - a hop count (`1`): that many proxies stand in front, whatever their addresses; the
 *   client is the entry that many places left of the peer.
 *
 * Entries a client wrote to the left of what the trusted proxies appended are never
 * read, so a forged X-Forwarded-For neither picks another client's counter nor hides
 * from its own. X-Real-IP is not read.
 */
import { BlockList, isIP } from 'node:net';
import { PEER_HEADER, peerAddressFrom } from '../peer-stamp';
import { log } from '../ops/log';

export type ProxyTrust =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'list'; trusted: BlockList; entries: string[] };

export interface ParsedTrust { trust: ProxyTrust; problems: string[] }

/** The peer of a request whose peer the server could not see (no stamp: see lib/peer-stamp.ts). */
export const UNKNOWN_CLIENT = 'unknown';

const MAX_HOPS = 10;

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1; IPv6 in lower case; anything else null. */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim();
  // "[::1]:443" and "10.0.0.1:5000" (some proxies add the port)
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  const family = isIP(a);
  return family === 4 ? a : family === 6 ? a.toLowerCase() : null;
}

/** Reads TITERLINE_TRUSTED_PROXIES; entries it cannot read are reported and left out. */
export function parseTrustedProxies(raw: string | undefined): ParsedTrust {
  const text = (raw ?? '').trim();
  if (text === '') return { trust: { kind: 'none' }, problems: [] };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops === 0) return { trust: { kind: 'none' }, problems: [] };
    if (hops > MAX_HOPS) return { trust: { kind: 'none' }, problems: [`a hop count must be 1 to ${MAX_HOPS}, not ${text}`] };
    return { trust: { kind: 'hops', hops }, problems: [] };
  }
  const trusted = new BlockList();
  const entries: string[] = [];
  const problems: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const [addr = '', bits, extra] = entry.split('/');
    const a = normalizeAddress(addr);
    const family = a === null ? 0 : isIP(a);
    const prefix = bits === undefined ? null : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (a === null || extra !== undefined || Number.isNaN(prefix) || (prefix !== null && prefix > (family === 4 ? 32 : 128))) {
      problems.push(`"${entry}" is not an IP address or a CIDR range`);
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === null) trusted.addAddress(a, type);
    else trusted.addSubnet(a, prefix, type);
    entries.push(prefix === null ? a : `${a}/${prefix}`);
  }
  return { trust: entries.length ? { kind: 'list', trusted, entries } : { kind: 'none' }, problems };
}

const isTrusted = (list: BlockList, a: string) => list.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');

/**
 * The client address for a request that reached this server from `peer` (null when
 * unknown) carrying `forwardedFor` (the X-Forwarded-For value, possibly several
 * headers joined with commas). Pure.
 */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, trust: ProxyTrust): string {
  const from = peer === null ? null : normalizeAddress(peer);
  if (from === null) return UNKNOWN_CLIENT;
  if (trust.kind === 'none') return from;
  const hops = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (trust.kind === 'hops') {
    // hops[hops.length - 1] was written by the nearest proxy, and so on to the left.
    const i = hops.length - trust.hops;
    const picked = hops[Math.max(0, i)];
    if (picked === undefined) return from;
    return normalizeAddress(picked) ?? from;
  }
  if (!isTrusted(trust.trusted, from)) return from;
  let nearest = from;
  for (let i = hops.length - 1; i >= 0; i--) {
    const a = normalizeAddress(hops[i]!);
    // Not an address: whatever is further left was not written by a trusted proxy.
    if (a === null) return nearest;
    if (!isTrusted(trust.trusted, a)) return a;
    nearest = a;
  }
  return nearest;
}

let cached: { raw: string | undefined; parsed: ParsedTrust } | null = null;

/** TITERLINE_TRUSTED_PROXIES, parsed once per value; unreadable entries are logged once. */
export function proxyTrust(): ProxyTrust {
  const raw = process.env.TITERLINE_TRUSTED_PROXIES;
  if (cached === null || cached.raw !== raw) {
    const parsed = parseTrustedProxies(raw);
    for (const p of parsed.problems) log().warn({ setting: 'TITERLINE_TRUSTED_PROXIES' }, `TITERLINE_TRUSTED_PROXIES: ${p}; ignored.`);
    cached = { raw, parsed };
  }
  return cached.parsed.trust;
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers;

function header(headers: HeaderBag, name: string): string | null {
  const v = headers instanceof Headers ? headers.get(name) : headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? null);
}

/** The client address of a request, from its headers (the peer stamp and X-Forwarded-For). */
export function clientAddressFrom(headers: HeaderBag): string {
  return resolveClientAddress(peerAddressFrom(header(headers, PEER_HEADER)), header(headers, 'x-forwarded-for'), proxyTrust());
}
