/**
 * A small RFC 4180 CSV reader and writer (no dependency: imports of lab results are
 * the only reader, and they need precise, line-numbered error reports more than
 * dialect options). Fields are separated by a comma, or by the semicolon or tab that
 * European spreadsheet and lab exports use (detectDelimiter reads it from the header
 * line); fields may be quoted, `""` is a quote inside a quoted field, quoted fields
 * may span lines; CRLF, LF and lone CR end a record; a UTF-8 byte-order mark is
 * dropped. Pure: no I/O.
 */
import { formatCsvField } from './csv-export';

export interface CsvRecord {
  /** Physical line (1-based) where the record starts, as an editor shows it. */
  line: number;
  cells: string[];
}

export type CsvRecords = { ok: true; records: CsvRecord[] } | { ok: false; error: string; line: number; tooMany?: true };

/** The field separators a lab-result file may use. */
export type Delimiter = ',' | ';' | '\t';

export type CsvTable =
  | { ok: true; header: string[]; headerLine: number; rows: CsvRecord[]; delimiter: Delimiter }
  | { ok: false; error: string; line: number | null };

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Newlines between `from` and `to` (a CRLF counts once), to keep line numbers true inside quoted fields. */
function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

// One regular expression scans a large file several times faster than a loop over its characters.
const NON_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/**
 * First character that cannot be in a text CSV: C0 controls other than tab/CR/LF,
 * DEL, or U+FFFD (what a UTF-8 decoder leaves for invalid bytes). Binary files,
 * UTF-16 "Unicode text" exports and Latin-1 files all stop here with a clear message.
 */
function firstNonText(text: string): number {
  return text.search(NON_TEXT);
}

const tooManyRows = (max: number) => `The file has more than ${max.toLocaleString('en-US')} rows; split it into smaller files.`;
const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The separator of a file, read from its header line (the first line that is not
 * blank): whichever of comma, semicolon and tab occurs most often outside quotes.
 * Column names hold none of them, so the header names its separator without doubt;
 * a tie (a one-column header) reads as comma, and the header check then says which
 * columns are missing.
 */
export function detectDelimiter(input: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let seen = false;
  for (let i = input.charCodeAt(0) === 0xfeff ? 1 : 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (seen) break;
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
    else if (ch.trim() !== '') seen = true;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  return counts['\t'] > counts[','] ? '\t' : ',';
}

/**
 * Splits CSV text into records. Stops at the first structural error (unterminated
 * quote, text after a closing quote, a quote inside an unquoted field) and names its
 * line. Blank lines are skipped. `maxRecords` bounds the work on hostile input.
 */
export function parseCsvRecords(input: string, maxRecords = Number.POSITIVE_INFINITY, delimiter: Delimiter = ','): CsvRecords {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const SEP = delimiter.charCodeAt(0);
  const bad = firstNonText(text);
  if (bad >= 0) {
    const line = 1 + countLines(text, 0, bad);
    const c = text.charCodeAt(bad);
    const what = c === 0xfffd ? 'bytes that are not valid UTF-8' : `a control character (${hex(c)})`;
    return { ok: false, line, error: `Line ${line} contains ${what}: this is not a UTF-8 text CSV file. Save it as "CSV UTF-8".` };
  }
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        let j = i + 1;
        cell = '';
        for (;;) {
          const k = text.indexOf('"', j);
          if (k < 0) return { ok: false, line: openLine, error: `Line ${openLine}: a quoted field is never closed (a " without its closing ").` };
          cell += text.slice(j, k);
          line += countLines(text, j, k);
          if (text.charCodeAt(k + 1) === QUOTE) {
            cell += '"';
            j = k + 2;
            continue;
          }
          i = k + 1;
          break;
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== SEP && next !== CR && next !== LF) {
          return { ok: false, line, error: `Line ${line}: unexpected text after a closing quote; a quote inside a quoted field must be doubled ("").` };
        }
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === SEP || c === CR || c === LF) break;
          if (c === QUOTE) return { ok: false, line, error: `Line ${line}: a quote (") inside an unquoted field; quote the whole field and double the inner quote ("").` };
        }
        cell = text.slice(i, j);
        i = j;
      }
      cells.push(cell);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === SEP) {
        i++; // a separator at the very end still opens one last (empty) field
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (cells.length === 1 && cells[0] === '') continue;
    if (records.length >= maxRecords) return { ok: false, line: start, tooMany: true, error: tooManyRows(maxRecords) };
    records.push({ line: start, cells });
  }
  return { ok: true, records };
}

const isFilled = (cell: string) => cell.trim() !== '';

/**
 * Reads a CSV file with a header row, separated by `delimiter` (default: the one its
 * header line uses, detectDelimiter). An empty file is refused; rows whose cells are
 * all empty (",,,," lines that spreadsheets leave behind) are dropped.
 */
export function parseCsv(text: string, maxRows = Number.POSITIVE_INFINITY, delimiter: Delimiter = detectDelimiter(text)): CsvTable {
  const parsed = parseCsvRecords(text, maxRows + 1, delimiter); // + the header
  if (!parsed.ok) return { ok: false, error: parsed.tooMany ? tooManyRows(maxRows) : parsed.error, line: parsed.line };
  const head = parsed.records[0];
  if (!head) return { ok: false, line: null, error: 'The file is empty: expected a header row and at least one row of results.' };
  const rows: CsvRecord[] = [];
  for (let i = 1; i < parsed.records.length; i++) {
    const r = parsed.records[i]!;
    if (r.cells.some(isFilled)) rows.push(r);
  }
  return { ok: true, header: head.cells, headerLine: head.line, rows, delimiter };
}

/** One CSV field (the quoting every writer shares). */
export { formatCsvField };

/**
 * Records to CSV text, CRLF line ends (RFC 4180), separated by `delimiter` (comma by
 * default), with no formula guard: for files a program reads back (lab-import CSVs,
 * bench data). Files people open in a spreadsheet go through csv-export.ts exportCsv.
 */
export function formatCsv(rows: readonly (readonly string[])[], delimiter: Delimiter = ','): string {
  return rows.map((r) => r.map((v) => formatCsvField(v, delimiter)).join(delimiter)).join('\r\n') + (rows.length ? '\r\n' : '');
}
