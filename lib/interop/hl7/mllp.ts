/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol, release 2): each message is
 * sent as <VT> message <FS><CR> on one TCP stream. A decoder for the listener that
 * copes with frames split over (or sharing) TCP chunks and refuses, rather than
 * buffers, what is not MLLP: bytes outside a frame, a frame over the size limit, a
 * start byte inside a frame, an end byte not followed by CR. After a refusal the
 * stream cannot be trusted to resynchronise, so the decoder stops and the listener
 * answers and closes the connection. Pure (Buffers in, events out).
 */

export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export type FramingProblem = 'outside-frame' | 'too-large' | 'start-inside-frame' | 'bad-end';

export type MllpEvent =
  | { kind: 'message'; bytes: Buffer }
  | { kind: 'problem'; problem: FramingProblem; /** The start of the frame, to name its MSH-10 in the refusal. */ head: Buffer };

export const FRAMING_WORDS: Record<FramingProblem, string> = {
  'outside-frame': 'Data outside an MLLP frame: every message must start with the byte 0x0B and end with 0x1C 0x0D.',
  'too-large': 'The message is larger than this listener accepts: split it (one patient and a few orders per message).',
  'start-inside-frame': 'A new MLLP start byte (0x0B) arrived before the end of the message (0x1C 0x0D).',
  'bad-end': 'The MLLP end byte 0x1C was not followed by 0x0D.',
};

const HEAD_BYTES = 2048;

export class MllpDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private sawFs = false;
  private stopped = false;

  constructor(private readonly maxBytes: number) {}

  /** True once a problem was reported: the rest of the stream is ignored. */
  get broken(): boolean {
    return this.stopped;
  }

  push(chunk: Buffer): MllpEvent[] {
    const events: MllpEvent[] = [];
    let start = 0;
    const keep = (from: number, to: number) => {
      if (to <= from) return;
      this.parts.push(chunk.subarray(from, to));
      this.size += to - from;
    };
    const fail = (problem: FramingProblem, upTo: number) => {
      keep(start, Math.min(upTo, start + HEAD_BYTES));
      events.push({ kind: 'problem', problem, head: Buffer.concat(this.parts).subarray(0, HEAD_BYTES) });
      this.parts = [];
      this.stopped = true;
    };
    for (let i = 0; i < chunk.length && !this.stopped; i++) {
      const b = chunk[i]!;
      if (!this.inFrame) {
        // Line ends and spaces between frames are tolerated (some engines send them); anything else is not MLLP.
        if (b === VT) {
          this.inFrame = true;
          this.parts = [];
          this.size = 0;
          start = i + 1;
        } else if (b !== CR && b !== 0x0a && b !== 0x20) {
          start = i;
          fail('outside-frame', chunk.length);
        }
        continue;
      }
      if (this.sawFs) {
        this.sawFs = false;
        if (b !== CR) {
          fail('bad-end', i);
          continue;
        }
        keep(start, i - 1 < start ? start : i - 1);
        // The FS byte itself is not part of the message (it may sit at the end of the previous chunk).
        const bytes = Buffer.concat(this.parts);
        events.push({ kind: 'message', bytes: bytes.at(-1) === FS ? bytes.subarray(0, -1) : bytes });
        this.inFrame = false;
        this.parts = [];
        this.size = 0;
        continue;
      }
      if (b === FS) this.sawFs = true;
      else if (b === VT) fail('start-inside-frame', i);
      else if (this.size + (i - start) + 1 > this.maxBytes) fail('too-large', i);
    }
    if (this.inFrame && !this.stopped) keep(start, chunk.length);
    return events;
  }
}

/** One message framed for the wire. */
export function frame(message: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(message, 'utf8'), Buffer.from([FS, CR])]);
}
