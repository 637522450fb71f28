'use server';
import { revalidatePath } from 'next/cache';
import { errorState } from '@/lib/actions/form-state';
import { previewLabImport, runLabImport, WEB_IMPORT_LIMITS } from '@/lib/dal/lab-import';
import { actorFor } from '@/lib/dal/session';
import { AppError, invalid } from '@/lib/errors';
import { refusedForNumberFormat } from '@/lib/import/file-reading';
import { toDisplayReport, type LabImportReport } from '@/lib/import/lab-report';
import type { ImportState } from './import-state';

/** The uploaded file, or the pasted text. The size is checked before the file is read. */
async function readUpload(formData: FormData): Promise<{ text: string; fileName: string | null }> {
  const file = formData.get('file');
  if (file instanceof File && file.size > 0) {
    if (file.size > WEB_IMPORT_LIMITS.maxBytes) {
      throw new AppError('too-large', `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the web import takes up to ${WEB_IMPORT_LIMITS.maxBytes / 1024 / 1024} MB. Split it, or import it with npm run import on the server.`);
    }
    // Invalid UTF-8 becomes U+FFFD, which the CSV reader reports with its line.
    return { text: await file.text(), fileName: file.name.slice(0, 200) };
  }
  const pasted = formData.get('csv');
  if (typeof pasted === 'string' && pasted.trim() !== '') return { text: pasted, fileName: null };
  throw invalid('Choose a CSV file or paste its content.', { file: ['Choose a CSV file or paste its content.'] });
}

function summary(r: LabImportReport): string {
  if (r.fileProblem) return r.fileProblem;
  const c = r.counts;
  const counts = `${c.rows} rows: ${c.ok} new, ${c.duplicate} duplicates (skipped), ${c.error} with errors.`;
  if (r.outcome === 'imported') return `Imported ${c.created} results for ${c.patients} patients; signals recomputed. ${c.duplicate ? `${c.duplicate} duplicates skipped.` : ''}`.trim();
  const format = refusedForNumberFormat(r.rows) ? ' Some numbers read differently with a decimal point and a decimal comma: choose the file’s Number format above and preview again.' : '';
  if (c.error) return `${counts} Nothing can be imported until every error is corrected: the whole file is imported or none of it.${format}`;
  const check = c.warned ? ` ${c.warned} of them ${c.warned === 1 ? 'has' : 'have'} something to check: imported as ${c.warned === 1 ? 'it is' : 'they are'} when you import this file.` : '';
  return c.ok ? `${counts}${check} Check the rows below, then import.` : `${counts} Nothing new to import.`;
}

function stateOf(report: LabImportReport): ImportState {
  return { status: report.outcome === 'rejected' ? 'error' : 'ok', message: summary(report), report: toDisplayReport(report), at: Date.now() };
}

/** Reads the file (in the number format chosen, or detected) and judges every row; writes nothing. */
export async function previewLabImportAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  try {
    const actor = await actorFor('lab:import', { readOnly: true });
    const { text } = await readUpload(formData);
    return stateOf(previewLabImport(actor, text, WEB_IMPORT_LIMITS, formData.get('decimal')));
  } catch (e) {
    return { ...errorState(e), at: Date.now() };
  }
}

/** Imports the same content, read in the same number format, again from scratch (the server trusts no preview), refusing it if it is not the previewed file. */
export async function runLabImportAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  try {
    const actor = await actorFor('lab:import');
    const { text, fileName } = await readUpload(formData);
    const sha = formData.get('sha256');
    const report = runLabImport(actor, text, { expectedSha256: typeof sha === 'string' && sha ? sha : undefined, fileName: fileName ?? undefined, decimal: formData.get('decimal') });
    if (report.outcome === 'imported') revalidatePath('/', 'layout');
    return stateOf(report);
  } catch (e) {
    return { ...errorState(e), at: Date.now() };
  }
}
