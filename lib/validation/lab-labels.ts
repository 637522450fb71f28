/**
 * Display labels of the lab vocabularies, without the zod schemas beside them in
 * labs.ts: client forms import these, and importing labs.ts put zod (about 30 kB
 * gzipped) into every page with a form (docs/performance.md).
 */
import type { ANALYTES, ASSAY_METHODS } from '../domain/types';

export const ANALYTE_LABELS: Record<(typeof ANALYTES)[number], string> = { 'mi2-alpha': 'Mi-2α', 'mi2-beta': 'Mi-2β', mi2: 'Mi-2 (unspecified)' };
export const METHOD_LABELS: Record<(typeof ASSAY_METHODS)[number], string> = {
  'line-blot': 'Line blot / immunoblot', elisa: 'ELISA', immunoprecipitation: 'Immunoprecipitation', iif: 'Indirect immunofluorescence', other: 'Other',
};
