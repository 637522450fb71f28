/**
 * Display labels of the lab vocabularies, without the zod schemas beside them in
 * labs.ts: client forms import these, and importing labs.ts put zod (about 30 kB
 * gzipped) into every page with a form (docs/performance.md). The labels themselves
 * live in the vocabulary module (lib/domain/vocabulary.ts).
 */
export { ANALYTE_LABELS, METHOD_LABELS } from '../domain/vocabulary';
