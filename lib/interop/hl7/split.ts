/**
 * A file of HL7 v2 messages for back-loading (`npm run hl7:replay`): MLLP-framed (as an
 * engine's capture writes them) or plain text with each message starting at an MSH
 * segment. Pure.
 */
import { MllpDecoder, VT, FRAMING_WORDS } from './mllp';

export function splitMessages(bytes: Buffer, maxBytes: number): { ok: true; messages: string[] } | { ok: false; problem: string; index: number } {
  const decode = (b: Buffer) => new TextDecoder('utf-8', { fatal: false }).decode(b);
  if (bytes.includes(VT)) {
    const d = new MllpDecoder(maxBytes);
    const messages: string[] = [];
    for (const ev of d.push(bytes)) {
      if (ev.kind === 'problem') return { ok: false, problem: FRAMING_WORDS[ev.problem], index: messages.length + 1 };
      messages.push(decode(ev.bytes));
    }
    return { ok: true, messages };
  }
  const messages = decode(bytes).split(/(?:^|[\r\n]+)(?=MSH.)/).map((m) => m.replace(/[\r\n]+$/, '')).filter((m) => m.trim() !== '');
  const tooLarge = messages.findIndex((m) => Buffer.byteLength(m) > maxBytes);
  if (tooLarge >= 0) return { ok: false, problem: FRAMING_WORDS['too-large'], index: tooLarge + 1 };
  return { ok: true, messages };
}
