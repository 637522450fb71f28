/**
 * HL7 v2 escape sequences (v2.5 chapter 2, section 2.7): the delimiters of MSH-1/MSH-2
 * written inside a value, as the message declares them, not the defaults. Pure.
 * - \F\ field, \S\ component, \T\ subcomponent, \R\ repetition, \E\ the escape character;
 * - \Xhh..\ bytes in hex (read as UTF-8), \.br\ a line break;
 * - formatting (\H\ \N\ and other .xx commands) and character-set switches (\C..\ \M..\)
 *   carry no text and are dropped; anything else is kept as written, never guessed.
 */

export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

function hexText(hex: string): string | null {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** The text of an escaped value. */
export function unescapeValue(value: string, d: Delimiters = DEFAULT_DELIMITERS): string {
  const e = d.escape;
  if (!e || !value.includes(e)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i]!;
    const end = ch === e ? value.indexOf(e, i + 1) : -1;
    if (end < 0) {
      out += ch;
      i++;
      continue;
    }
    const seq = value.slice(i + 1, end);
    const plain: Record<string, string> = { F: d.field, S: d.component, T: d.subcomponent, R: d.repetition, E: d.escape };
    let text: string | null = plain[seq] ?? null;
    if (text === null && seq.startsWith('X')) text = hexText(seq.slice(1));
    if (text === null && seq === '.br') text = '\n';
    if (text === null && (seq === 'H' || seq === 'N' || /^\.[a-z]{2}/.test(seq) || /^[CM][0-9A-Fa-f]+$/.test(seq))) text = '';
    if (text === null) {
      // Not a sequence we know: the escape character stays as written, the rest is read on.
      out += ch;
      i++;
      continue;
    }
    out += text;
    i = end + 1;
  }
  return out;
}

const toHex = (s: string) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');

/** A value written so that no delimiter in it is read as structure (the inverse of unescapeValue). */
export function escapeValue(text: string, d: Delimiters = DEFAULT_DELIMITERS): string {
  const names = new Map<string, string>([[d.escape, 'E'], [d.field, 'F'], [d.component, 'S'], [d.subcomponent, 'T'], [d.repetition, 'R']]);
  let out = '';
  for (const ch of text) {
    const name = names.get(ch);
    if (name) out += `${d.escape}${name}${d.escape}`;
    else if (ch === '\n') out += `${d.escape}.br${d.escape}`;
    // Segment ends and other control characters would break the message: sent as bytes.
    else if (/[\u0000-\u001f\u007f]/.test(ch)) out += `${d.escape}X${toHex(ch)}${d.escape}`;
    else out += ch;
  }
  return out;
}
