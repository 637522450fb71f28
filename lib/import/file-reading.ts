/**
 * How an import read its file: the separator, the number format and the columns it
 * ignored. The preview and the command line show it (a wrong guess is visible before
 * anything is written) and the audit trail keeps it. Pure.
 */
import type { Delimiter } from '../domain/csv';
import type { RowProblem } from './lab-columns';
import { describeNumberFormat, type DecimalMark, type NumberFormat } from './number-format';

export interface FileReading {
  delimiter: Delimiter;
  /** The decimal mark numbers were read with; null when the file's values disagree (every number with a mark refused). */
  decimal: DecimalMark | null;
  /** True when the user declared the number format, false when it was detected. */
  declared: boolean;
  /** Columns not read, as the header names them (the first 20, then "and N more"). */
  ignoredColumns: string[];
  /** "semicolon (;), detected from the header line" */
  delimiterText: string;
  /** "decimal comma (1.250,5), as declared" */
  numberFormatText: string;
}

const DELIMITER_NAMES: Readonly<Record<Delimiter, string>> = { ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab' };

/** At most this many ignored columns are named (then "and N more"): the preview and the audit event stay small. */
const NAMED_IGNORED = 20;

export function fileReading(delimiter: Delimiter, numbers: NumberFormat, ignored: readonly string[]): FileReading {
  const ignoredColumns = ignored.length > NAMED_IGNORED ? [...ignored.slice(0, NAMED_IGNORED), `and ${ignored.length - NAMED_IGNORED} more`] : [...ignored];
  return {
    delimiter, decimal: numbers.decimal, declared: numbers.declared, ignoredColumns,
    delimiterText: `${DELIMITER_NAMES[delimiter]}, detected from the header line`,
    numberFormatText: describeNumberFormat(numbers),
  };
}

/** The reading as lines of text: separator, number format, and the ignored columns when there are any. */
export function fileReadingLines(r: FileReading): string[] {
  const lines = [`Separator: ${r.delimiterText}.`, `Number format: ${r.numberFormatText}.`];
  if (r.ignoredColumns.length) lines.push(`Ignored columns: ${r.ignoredColumns.join(', ')}.`);
  return lines;
}

/** True when a row was refused for a number the file's format leaves open or contradicts: choosing the format is the fix. */
export function refusedForNumberFormat(rows: readonly { problems: readonly RowProblem[] }[]): boolean {
  return rows.some((r) => r.problems.some((p) => p.message.endsWith("declare the file's number format.") || p.message.endsWith('check the number format.')
    || p.message.includes('cannot be read until the number format is declared')));
}
