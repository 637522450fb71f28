'use server';
import { createHash } from 'node:crypto';
import { revalidatePath } from 'next/cache';
import { errorState } from '@/lib/actions/form-state';
import { sizeText, UPLOAD_LIMIT_BYTES } from '@/lib/api/body-limits';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { confirmCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { actorFor } from '@/lib/dal/session';
import { summaryText } from '@/lib/domain/fhir/import-report-text';
import { AppError, conflict, invalid } from '@/lib/errors';
import type { FhirImportState } from './fhir-state';

/** The uploaded Bundle's text and its SHA-256; the size is checked before the file is read. */
async function readBundle(formData: FormData): Promise<{ text: string; sha256: string }> {
  const file = formData.get('bundle');
  if (!(file instanceof File) || file.size === 0) throw invalid('Choose a FHIR Bundle (.json) file.', { bundle: ['Choose a FHIR Bundle (.json) file.'] });
  if (file.size > UPLOAD_LIMIT_BYTES) throw new AppError('too-large', `The file is ${sizeText(file.size)}; the web import takes up to ${sizeText(UPLOAD_LIMIT_BYTES)}: split the Bundle, or import it with npm run import on the server.`);
  const text = await file.text();
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

/** Checks the whole Bundle as an import would and writes nothing (issue 18, item 5): what would be created, matched, mapped, ignored, and the codes to map. */
export async function previewFhirAction(_prev: FhirImportState, formData: FormData): Promise<FhirImportState> {
  try {
    const actor = await actorFor('lab:import');
    const { text, sha256 } = await readBundle(formData);
    const report = importFhirBundle(actor, text, { dryRun: true, allowImplausible: formData.get('allowImplausible') === 'on' });
    return { status: report.ok ? 'ok' : 'error', message: summaryText(report), report, sha256, at: Date.now() };
  } catch (e) {
    return { ...errorState(e), at: Date.now() };
  }
}

/**
 * Imports an uploaded FHIR R4 Bundle, all or nothing; the report lists every resource
 * that was not simply imported. The server judges everything again (it trusts no
 * preview); a previewed checksum that does not match refuses a file changed since.
 */
export async function importFhirAction(_prev: FhirImportState, formData: FormData): Promise<FhirImportState> {
  try {
    const actor = await actorFor('lab:import');
    const { text, sha256 } = await readBundle(formData);
    const expected = formData.get('sha256');
    if (typeof expected === 'string' && expected !== '' && expected !== sha256) throw conflict('The file changed since its preview: preview it again before importing.');
    // Ticked after a refusal whose lines were only values to check (lib/domain/plausibility.ts).
    const report = importFhirBundle(actor, text, { allowImplausible: formData.get('allowImplausible') === 'on' });
    if (report.ok) revalidatePath('/', 'layout');
    return { status: report.ok ? 'ok' : 'error', message: summaryText(report), report, sha256, at: Date.now() };
  } catch (e) {
    return { ...errorState(e), at: Date.now() };
  }
}

/** Confirms once what a sender code offered in the preview is; later imports use the mapping without asking (issue 18, item 2). */
export async function confirmFhirMappingAction(_prev: FhirImportState, formData: FormData): Promise<FhirImportState> {
  try {
    const actor = await actorFor('code-map:manage');
    confirmCodeMapping(actor, { key: formData.get('key'), target: formData.get('target'), display: formData.get('display') ?? '', unit: formData.get('unit') ?? '' });
    revalidatePath('/admin/code-map');
    return { status: 'ok', message: 'Mapping confirmed: it is used for this and every later import. Previewing again…', at: Date.now() };
  } catch (e) {
    return { ...errorState(e), at: Date.now() };
  }
}
