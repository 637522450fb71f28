import type { DisplayReport } from '@/lib/import/lab-report';

/** What the import page's actions return: a message and, once a file was read, its report. */
export interface ImportState {
  status: 'idle' | 'ok' | 'error';
  message?: string;
  report?: DisplayReport;
  /** When the state was produced, to show whichever of preview and import came last. */
  at?: number;
}

export const IMPORT_IDLE: ImportState = { status: 'idle' };
