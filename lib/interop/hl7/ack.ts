/**
 * The ACK of one message (original acknowledgment mode): MSH, MSA with the code and
 * the sender's MSH-10, and, when refused, ERR naming the problem in words (ERR-1 for
 * v2.3/2.4 receivers, ERR-2/3/4/8 for v2.5). MSA-3 repeats the words (80 characters,
 * the v2.3 limit) because many engines show only that. Pure.
 */
import { escapeValue, DEFAULT_DELIMITERS } from './escape';
import { where, type AckCode, type ErrorCode, type Location } from './problem';

export interface AckInput {
  code: AckCode;
  /** MSH-10 of the message acknowledged ('' when it could not be read). */
  controlId: string;
  /** What happened, in words (stored, held, or why refused). */
  text: string;
  error?: { code: ErrorCode; location?: Location };
  /** The sender's MSH-3/MSH-4, answered as the ACK's receiver, and its version. */
  sender?: { application: string; facility: string; version: string };
  /** This listener's MSH-3/MSH-4. */
  self: { application: string; facility: string };
  now: Date;
  ackId: string;
}

const ERROR_WORDS: Record<string, string> = {
  '100': 'Segment sequence error', '101': 'Required field missing', '102': 'Data type error', '103': 'Table value not found',
  '200': 'Unsupported message type', '202': 'Unsupported processing id', '203': 'Unsupported version id', '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier', '206': 'Application record locked', '207': 'Application internal error',
};

/** HL7 DTM in UTC with its offset. */
export const hl7Time = (d: Date): string => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;

const cap = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function buildAck(a: AckInput): string {
  const e = (s: string) => escapeValue(s, DEFAULT_DELIMITERS);
  const version = a.sender?.version && /^2\.\d(\.\d)?$/.test(a.sender.version) ? a.sender.version : '2.5.1';
  const msh = ['MSH', '^~\\&', e(a.self.application), e(a.self.facility), e(a.sender?.application ?? ''), e(a.sender?.facility ?? ''), hl7Time(a.now), '', 'ACK^R01^ACK', e(a.ackId), 'P', version].join('|');
  const msa = ['MSA', a.code, e(a.controlId), e(cap(a.text.replace(/\s+/g, ' '), 80))].join('|');
  const segments = [msh, msa];
  if (a.error) {
    const l = a.error.location;
    const erl = l ? [l.segment, String(l.sequence), l.field ? String(l.field) : ''].join('^') : '';
    const code = `${a.error.code}^${ERROR_WORDS[a.error.code] ?? ''}^HL70357`;
    segments.push(['ERR', erl, erl, code, 'E', '', '', '', e(cap(`${l ? `${where(l)}: ` : ''}${a.text}`, 2000))].join('|'));
  }
  return segments.join('\r');
}
