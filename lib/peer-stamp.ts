/**
 * The TCP peer of each request (the address the connection really comes from), which
 * Next does not give to route handlers or next-auth's authorize: Next copies the socket
 * address into `X-Forwarded-For` only when the client sent none, so a forged header
 * replaces it (issue 20, item 4). instrumentation.ts installs `installPeerStamp` once per
 * server process; from then on every request that process receives carries
 * `x-titerline-peer: <process secret> <socket address>`, written over whatever the
 * client sent under that name. `peerAddressFrom` accepts the stamp only with this
 * process's secret, so a client cannot supply its own (and without the stamp, e.g. in
 * unit tests or requests queued before the hook ran at start-up, the peer is unknown).
 * Node's http.Server emits 'request' for every request; wrapping that emit is the one
 * place that sees the socket before Next turns the request into a web Request.
 * See docs/decisions/0020-client-address.md.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';

export const PEER_HEADER = 'x-titerline-peer';
const SECRET = Symbol.for('titerline.peer-stamp-secret');
type Holder = { [SECRET]?: string };

/** Stamps every request this process's HTTP servers receive (idempotent). */
export function installPeerStamp(): void {
  const holder = globalThis as Holder;
  if (holder[SECRET]) return;
  const secret = randomBytes(18).toString('base64url');
  holder[SECRET] = secret;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function stampPeer(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = `${secret} ${req.socket?.remoteAddress ?? ''}`;
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
}

/** The socket address from a stamp written by this process, else null. */
export function peerAddressFrom(stamp: string | null | undefined): string | null {
  const secret = (globalThis as Holder)[SECRET];
  if (!secret || !stamp) return null;
  const space = stamp.indexOf(' ');
  if (space < 0 || stamp.slice(0, space) !== secret) return null;
  const address = stamp.slice(space + 1);
  return address === '' ? null : address;
}
