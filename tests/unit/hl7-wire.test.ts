/**
 * The HL7 v2 wire format, as properties (fast-check): escape sequences round-trip for
 * any text under any legal delimiters, escaped values survive the parser's structure
 * (fields, repetitions, components, subcomponents), and the MLLP decoder yields the same
 * messages however TCP cuts the stream, refusing what is not MLLP.
 */
import fc from 'fast-check';
import { Hl7Message } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIMITERS, escapeValue, unescapeValue, type Delimiters } from '@/lib/interop/hl7/escape';
import { repetitions } from '@/lib/interop/hl7/fields';
import { CR, FS, frame, MllpDecoder, VT, type MllpEvent } from '@/lib/interop/hl7/mllp';

/** Five distinct printable delimiters (not letters or digits, which would clash with segment names and escapes). */
const delimiters: fc.Arbitrary<Delimiters> = fc.uniqueArray(fc.constantFrom(...'|^~\\&#$@!%*+/:;=?'.split('')), { minLength: 5, maxLength: 5 })
  .map(([field, component, repetition, escape, subcomponent]) => ({ field: field!, component: component!, repetition: repetition!, escape: escape!, subcomponent: subcomponent! }));
/** Any one code point (surrogate halves included: escaping must not care). */
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const text = fc.string({ unit: fc.oneof(fc.constantFrom(...'|^~\\&#$@!\n\r\tXF'.split('')), anyChar), maxLength: 40 });

describe('escape sequences', () => {
  it('round-trip any text under any delimiters', () => {
    fc.assert(fc.property(text, delimiters, (s, d) => unescapeValue(escapeValue(s, d), d) === s));
  });

  it('leave no delimiter or line end in the escaped value', () => {
    fc.assert(fc.property(text, delimiters, (s, d) => {
      const e = escapeValue(s, d);
      return ![d.field, d.component, d.repetition, d.subcomponent, '\r', '\n'].some((c) => e.includes(c));
    }));
  });

  it('read the standard sequences, hex bytes and line breaks; unknown ones stay as written', () => {
    expect(unescapeValue('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f')).toBe('a|b^c&d~e\\f');
    expect(unescapeValue('\\X4D6932\\-2\\.br\\ok\\H\\!\\N\\')).toBe('Mi2-2\nok!');
    expect(unescapeValue('\\XC3A9\\')).toBe('é');
    expect(unescapeValue('50\\% \\Q\\ and a lone \\')).toBe('50\\% \\Q\\ and a lone \\');
    expect(unescapeValue('#F#', { ...DEFAULT_DELIMITERS, escape: '#' })).toBe('|');
  });

  it('survive the parser: escaped leaves of a segment come back as the same tree', () => {
    const leaf = fc.string({ unit: fc.oneof(fc.constantFrom(...'|^~\\&#$@'.split('')), anyChar), minLength: 1, maxLength: 8 });
    const tree = fc.array(fc.array(fc.array(leaf, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(tree, delimiters, (reps, d) => {
      const field = reps.map((comps) => comps.map((subs) => subs.map((s) => escapeValue(s, d)).join(d.subcomponent)).join(d.component)).join(d.repetition);
      const msg = Hl7Message.parse(`MSH${d.field}${d.component}${d.repetition}${d.escape}${d.subcomponent}${d.field}A\rOBX${d.field}1${d.field}${field}`);
      expect(repetitions(msg.getSegment('OBX')!, 2)).toEqual(reps);
    }), { numRuns: 300 });
  });
});

const messages = (events: MllpEvent[]) => events.map((e) => (e.kind === 'message' ? e.bytes.toString('utf8') : `problem:${e.problem}`));

/** Feeds `bytes` cut at `cuts` and collects the events. */
function decodeIn(bytes: Buffer, cuts: number[], max = 1 << 20): string[] {
  const d = new MllpDecoder(max);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: MllpEvent[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...d.push(bytes.subarray(from, p)));
    from = p;
  }
  return messages(out);
}

describe('MLLP framing', () => {
  const body = fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('|', '\r', '^')), minLength: 1, maxLength: 60 })
    .filter((s) => ![VT, FS].some((b) => s.includes(String.fromCharCode(b))));

  it('yields every message whole, however the stream is cut (FS and CR in different chunks too)', () => {
    fc.assert(fc.property(fc.array(body, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 12 }), (bodies, cuts) => {
      const stream = Buffer.concat(bodies.map(frame));
      expect(decodeIn(stream, cuts)).toEqual(bodies);
    }));
  });

  it('refuses bytes outside a frame, a second start byte, a broken end, and stops reading', () => {
    expect(decodeIn(Buffer.from('MSH|no frame'), [])).toEqual(['problem:outside-frame']);
    expect(decodeIn(Buffer.from([VT, 0x41, VT, 0x42, FS, CR]), [])).toEqual(['problem:start-inside-frame']);
    expect(decodeIn(Buffer.from([VT, 0x41, FS, 0x41, VT, 0x42, FS, CR]), [])).toEqual(['problem:bad-end']);
    expect(decodeIn(Buffer.concat([frame('ok'), Buffer.from('junk'), frame('never read')]), [])).toEqual(['ok', 'problem:outside-frame']);
    // Line ends between frames are tolerated.
    expect(decodeIn(Buffer.concat([frame('a'), Buffer.from('\r\n'), frame('b')]), [])).toEqual(['a', 'b']);
  });

  it('refuses a frame over the limit without buffering it, and keeps its start for the refusal', () => {
    const d = new MllpDecoder(1000);
    const events = [...d.push(Buffer.concat([Buffer.from([VT]), Buffer.from(`MSH|^~\\&|A|B|||||ORU^R01|BIG-1|P|2.5${'x'.repeat(600)}`)])), ...d.push(Buffer.from('y'.repeat(5000)))];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'problem', problem: 'too-large' });
    expect(events[0]!.kind === 'problem' && events[0]!.head.toString().startsWith('MSH|^~\\&|A|B|||||ORU^R01|BIG-1|')).toBe(true);
    expect(d.broken).toBe(true);
    expect(d.push(frame('after'))).toEqual([]);
  });
});
