import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { hl7FeedActor, receiveHl7Message, type FeedOutcome } from '../../dal/hl7-feed';
import { effectiveAllowList } from '../../dal/hl7-allow-list';
import { recordFeedRefusal } from '../../dal/hl7-refusals';
import { buildAck } from './ack';
import { addressAllowed, plainAddress, type ListenerConfig } from './config';
import { FRAMING_WORDS, frame, MllpDecoder, type MllpEvent } from './mllp';
import { ERROR_CODE } from './problem';

/**
 * The MLLP listener (issue 19, item 1): a TCP server on `host:port` that reads
 * MLLP frames (mllp.ts), files each message through the feed's write path
 * (lib/dal/hl7-feed.ts) and answers it with an ACK only after that returned, i.e.
 * after the commit. The transport edge, like a route handler: no clinical rule here.
 * - A peer address not on the allow-list is audited and disconnected without a word.
 * - A framing problem (bytes outside a frame, a frame over `maxBytes`, a broken end)
 *   is answered with AR and the connection is closed: the stream cannot be trusted.
 * - Messages on one connection are answered in order (filing is synchronous).
 * - With `tls`, the same over TLS; with a CA, a client certificate it signed is required.
 */

export interface RunningListener { port: number; close: () => Promise<void> }

export interface ListenerHooks { log?: (line: string) => void; idleTimeoutMs?: number }

const decoder = new TextDecoder('utf-8', { fatal: false });
let ackSeq = 0;

/** MSH-3, MSH-4, MSH-10 and MSH-12 read from the start of a refused frame, to address the AR (best effort). */
function headerGuess(head: Buffer): FeedOutcome['header'] {
  const text = decoder.decode(head);
  const at = text.indexOf('MSH');
  if (at < 0 || text.length < at + 4) return undefined;
  const sep = text[at + 3]!;
  const f = text.slice(at).split(/[\r\n]/)[0]!.split(sep);
  return { sendingApplication: f[2] ?? '', sendingFacility: f[3] ?? '', receivingApplication: '', receivingFacility: '', controlId: (f[9] ?? '').slice(0, 199), processingId: '', version: f[11] ?? '' };
}

export function startHl7Listener(config: ListenerConfig, hooks: ListenerHooks = {}): Promise<RunningListener> {
  const log = hooks.log ?? (() => {});
  const actor = hl7FeedActor();
  const sockets = new Set<net.Socket>();
  const ackFor = (o: Pick<FeedOutcome, 'ack' | 'controlId' | 'text' | 'error' | 'header'>) => frame(buildAck({
    code: o.ack, controlId: o.controlId, text: o.text, error: o.error, self: config.self, now: new Date(), ackId: `TL${Date.now()}${++ackSeq}`,
    sender: o.header ? { application: o.header.sendingApplication, facility: o.header.sendingFacility, version: o.header.version } : undefined,
  }));

  // Read at each connection and message: an administrator's change on Admin, Lab feed applies without a restart.
  const allowList = () => effectiveAllowList({ senders: config.allowedSenders, addresses: config.allowedAddresses });
  const onConnection = (socket: net.Socket) => {
    const peer = plainAddress(socket.remoteAddress);
    if (!addressAllowed(allowList().addresses, peer)) {
      log(`refused connection from ${peer}: not on the address allow-list`);
      recordFeedRefusal(actor, { ack: 'AR', controlId: '', text: `Connection from ${peer} refused: the address is not on the allow-list (Admin, Lab feed).` }, peer);
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', (e) => log(`connection from ${peer}: ${e.message}`));
    socket.setTimeout(hooks.idleTimeoutMs ?? 10 * 60_000, () => socket.destroy());
    const mllp = new MllpDecoder(config.maxBytes);
    const handle = (ev: MllpEvent) => {
      if (ev.kind === 'problem') {
        const header = headerGuess(ev.head);
        const outcome = { ack: 'AR' as const, controlId: header?.controlId ?? '', header, text: `Nothing stored. ${FRAMING_WORDS[ev.problem]}${ev.problem === 'too-large' ? ` (limit ${Math.round(config.maxBytes / 1024)} KB)` : ''}`, error: { code: ERROR_CODE.segmentSequence } };
        recordFeedRefusal(actor, outcome, peer);
        log(`framing problem from ${peer}: ${ev.problem}; connection closed`);
        socket.end(ackFor(outcome));
        return;
      }
      let outcome: FeedOutcome;
      try {
        outcome = receiveHl7Message(actor, decoder.decode(ev.bytes), { ...config, allowedSenders: allowList().senders }, peer);
      } catch (e) {
        // A defect, not the sender's fault: the transaction rolled back; the engine may resend.
        log(`internal error filing a message from ${peer}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        outcome = { ack: 'AR', controlId: headerGuess(ev.bytes)?.controlId ?? '', text: 'Titerline could not file the message (internal error): nothing stored. Send it again later.', error: { code: ERROR_CODE.internal } };
      }
      // Codes only: the words may hold an MRN or a name, which never go in the log (docs/decisions/0034-operations.md).
      log(`${outcome.ack} ${outcome.controlId} from ${peer}${outcome.error ? `: error ${outcome.error.code}` : ''}`);
      if (!socket.destroyed) socket.write(ackFor(outcome));
    };
    socket.on('data', (chunk: Buffer) => {
      if (mllp.broken) return;
      for (const ev of mllp.push(chunk)) handle(ev);
    });
  };
  const t = config.tls;
  const server = t
    ? tls.createServer({ cert: fs.readFileSync(t.cert), key: fs.readFileSync(t.key), ...(t.ca ? { ca: fs.readFileSync(t.ca), requestCert: true, rejectUnauthorized: true } : {}) }, onConnection)
    : net.createServer(onConnection);
  // A failed TLS handshake (no or a wrong client certificate) never reaches onConnection: say so in the log.
  server.on('tlsClientError', (e: Error, s: tls.TLSSocket) => log(`TLS handshake refused from ${plainAddress(s.remoteAddress)}: ${e.message}`));
  server.maxConnections = 32;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      resolve({
        port,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
