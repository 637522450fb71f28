import type { FormState } from '@/lib/actions/form-state';
import type { ImportReport } from '@/lib/domain/fhir/import-report';

/** What the FHIR import's actions return: a message and, once a Bundle was read, its report. */
export type FhirImportState = FormState & {
  report?: ImportReport;
  /** SHA-256 of the previewed text: the import refuses a file changed since. */
  sha256?: string;
  /** When the state was produced, to show whichever of preview and import came last. */
  at?: number;
};

export const FHIR_IDLE: FhirImportState = { status: 'idle' };
