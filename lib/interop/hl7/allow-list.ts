import { isIP } from 'node:net';

/**
 * The feed's two allow-lists as an administrator writes them (Admin, Lab feed) or the
 * environment gives them (TITERLINE_HL7_ALLOWED_SENDERS / _ADDRESSES): read and checked
 * here, once, so both say the same thing about the same text. Pure.
 * - Senders: "APPLICATION|FACILITY" (MSH-3|MSH-4), one per line or comma-separated; `*`
 *   matches any value.
 * - Addresses: IPv4 or IPv6 addresses of the interface engine; `*` allows any (only
 *   behind a firewall that does the same).
 */

export interface Sender { application: string; facility: string }

export const MAX_ENTRIES = 100;
const MAX_PART = 180;

const entries = (text: string) => text.split(/[,\r\n]+/).map((s) => s.trim()).filter((s) => s !== '');
const oneLine = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

export type Parsed<T> = { ok: true; value: T[] } | { ok: false; problems: string[] };

export function parseSenders(text: string): Parsed<Sender> {
  const problems: string[] = [];
  const list = entries(text);
  if (list.length > MAX_ENTRIES) return { ok: false, problems: [`At most ${MAX_ENTRIES} senders; ${list.length} were given.`] };
  const value = list.map((s) => {
    const [application = '', facility, ...rest] = s.split('|').map((p) => p.trim());
    const shown = JSON.stringify(s.slice(0, 60));
    if (facility === undefined || rest.length || (!application && !facility)) problems.push(`${shown} is not "sending application|sending facility" (MSH-3|MSH-4), e.g. LABSYS|CENTRAL LAB; * matches any value.`);
    else if (application.length > MAX_PART || facility.length > MAX_PART || !oneLine(s)) problems.push(`${shown}: each name is one line of at most ${MAX_PART} characters.`);
    return { application, facility: facility ?? '' };
  });
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

export function parseAddresses(text: string): Parsed<string> {
  const list = entries(text);
  if (list.length > MAX_ENTRIES) return { ok: false, problems: [`At most ${MAX_ENTRIES} addresses; ${list.length} were given.`] };
  const problems = list.filter((a) => a !== '*' && isIP(a) === 0)
    .map((a) => `${JSON.stringify(a.slice(0, 60))} is not a network address: write it as 10.20.0.15 or fe80::1 (names and ranges are not accepted), or * for any.`);
  return problems.length ? { ok: false, problems } : { ok: true, value: [...new Set(list)] };
}

export const sendersText = (senders: readonly Sender[]) => senders.map((s) => `${s.application}|${s.facility}`).join('\n');

/** The environment's lists (the default until an administrator saves them); unreadable entries are left out here, the listener's start refuses them. */
export function allowListFromEnv(env: Readonly<Record<string, string | undefined>>): { senders: Sender[]; addresses: string[] } {
  const senders = parseSenders(env.TITERLINE_HL7_ALLOWED_SENDERS ?? '');
  const addresses = env.TITERLINE_HL7_ALLOWED_ADDRESSES === undefined ? { ok: true as const, value: ['127.0.0.1', '::1'] } : parseAddresses(env.TITERLINE_HL7_ALLOWED_ADDRESSES);
  return { senders: senders.ok ? senders.value : [], addresses: addresses.ok ? addresses.value : [] };
}
