'use server';
import { revalidatePath } from 'next/cache';
import { errorState, type FormState } from '@/lib/actions/form-state';
import { sizeText, UPLOAD_LIMIT_BYTES } from '@/lib/api/body-limits';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { actorFor } from '@/lib/dal/session';
import { AppError, invalid } from '@/lib/errors';
import type { ImportReport } from '@/lib/domain/fhir/import-report';

export type FhirImportState = FormState & { report?: ImportReport };

/** Imports an uploaded FHIR R4 Bundle, all or nothing; the report lists every refused resource. */
export async function importFhirAction(_prev: FhirImportState, formData: FormData): Promise<FhirImportState> {
  try {
    const actor = await actorFor('lab:import');
    const file = formData.get('bundle');
    if (!(file instanceof File) || file.size === 0) throw invalid('Choose a FHIR Bundle (.json) file.', { bundle: ['Choose a FHIR Bundle (.json) file.'] });
    if (file.size > UPLOAD_LIMIT_BYTES) throw new AppError('too-large', `The file is ${sizeText(file.size)}; the web import takes up to ${sizeText(UPLOAD_LIMIT_BYTES)}: split the Bundle, or import it with npm run import on the server.`);
    // Ticked after a refusal whose lines were only values to check (lib/domain/plausibility.ts).
    const allowImplausible = formData.get('allowImplausible') === 'on';
    const report = importFhirBundle(actor, await file.text(), { allowImplausible });
    if (report.ok) revalidatePath('/', 'layout');
    const c = report.counts;
    return {
      status: report.ok ? 'ok' : 'error',
      message: report.ok
        ? `Imported: ${c.patientsCreated} patients created, ${c.patientsMatched} matched by MRN; ${c.antibodyResults} anti-Mi2 and ${c.enzymeResults} enzyme results, ${c.visits} visits, ${c.medications} medication epochs.`
        : 'Nothing was imported: correct the resources listed below (the Bundle is imported whole or not at all).',
      report,
    };
  } catch (e) {
    return errorState(e);
  }
}
