/**
 * README.txt of an export archive: what the files are, whether the data name
 * patients, and for de-identified data exactly what was done to them, including the
 * k-anonymity achieved, so an auditor can accept the file without asking. Pure.
 */
import { K_ANONYMITY, MAX_SHIFT_DAYS } from './deidentify';

export interface KReport {
  /** The quasi-identifiers k was computed over, in words. */
  over: string;
  achieved: number | null;
  steps: readonly string[];
}

export interface ReadmeInput {
  title: string;
  generatedAt: string;
  identified: boolean;
  patients: number;
  rows: number;
  k: KReport | null;
  /** Lines about this export's content (filters, sections left out...). */
  notes: readonly string[];
}

export function exportReadme(i: ReadmeInput): string {
  const lines = [
    i.title,
    '='.repeat(i.title.length),
    '',
    `Generated: ${i.generatedAt} (UTC) by Titerline. The export is recorded in Titerline's audit log.`,
    `Patients: ${i.patients}. Data rows: ${i.rows}.`,
    '',
    'Files',
    '- data.csv: the data, UTF-8, comma-separated, one header row. Numbers are plain numbers; empty cells are missing values.',
    '- dictionary.csv: every column of data.csv with its type, unit, allowed values and meaning.',
    '- README.txt: this file.',
    '',
  ];
  if (i.identified) {
    lines.push(
      'IDENTIFIED DATA',
      'This file names patients (medical record numbers, and names where the columns say so) and keeps real dates.',
      'Handle it as a medical record: keep it where patient records may be kept and delete it when the analysis is done.',
    );
  } else {
    const k = i.k;
    lines.push(
      'De-identification',
      '- No names, medical record numbers, exact birth dates, internal record ids or free-text notes are in this export.',
      '- Patients appear under random pseudonyms drawn for this export only: the same patient has a different pseudonym in every export, and pseudonyms follow no order.',
      `- Every date of a patient is moved back by one random number of days (1 to ${MAX_SHIFT_DAYS}) drawn for that patient for this export: intervals within a patient are exact, calendar dates are not, and no date lies after the day of export.`,
      ...(k ? [
        `- k-anonymity, target k = ${K_ANONYMITY}, over ${k.over}.`,
        ...(k.steps.length ? k.steps.map((s) => `  - ${s}`) : ['  - nothing needed coarsening']),
        k.achieved === null
          ? '  - k achieved: not applicable (no patient-level data in this export).'
          : `  - k achieved = ${k.achieved}: every combination of these values in data.csv is shared by at least ${k.achieved} patients.`,
      ] : []),
    );
  }
  if (i.notes.length) lines.push('', 'Notes', ...i.notes.map((n) => `- ${n}`));
  return `${lines.join('\r\n')}\r\n`;
}
