/**
 * A FHIR import report in words: one summary sentence (the page's message, the API's
 * reader) and the plain-text report of `npm run import` (issue 18, item 5: the dry
 * run says what would be created, matched, mapped and ignored).
 */
import type { ImportCounts, ImportReport } from './import-report';

const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;

/** "2 patients created, 1 matched; 3 anti-Mi2 and 4 enzyme results; ..." (only what is not zero, except the results). */
export function countsText(c: ImportCounts): string {
  const parts = [
    c.patientsCreated || c.patientsMatched ? `patients: ${c.patientsCreated} new, ${c.patientsMatched} matched by MRN` : '',
    `${c.antibodyResults} anti-Mi2 and ${c.enzymeResults} enzyme results`,
    c.visits ? n(c.visits, 'visit') : '',
    c.medications ? n(c.medications, 'medication epoch') : '',
    c.corrected ? `${c.corrected} corrected by the lab` : '',
    c.retracted ? `${c.retracted} retracted by the lab` : '',
    c.mapped ? `${c.mapped} recognised through the code map` : '',
    c.alreadyPresent ? `${c.alreadyPresent} already present` : '',
    c.held ? `${c.held} preliminary held (not stored)` : '',
    c.ignored ? `${c.ignored} read for context or ignored` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

/** The one-sentence outcome. */
export function summaryText(r: ImportReport): string {
  const toMap = r.mappings.length;
  if (!r.ok) {
    const mapping = toMap ? ` ${n(toMap, 'sender code')} to map first (below).` : '';
    return `${r.dryRun ? 'Would not import' : 'Nothing was imported'}: correct the resources listed below (the Bundle is imported whole or not at all).${mapping}`;
  }
  const c = r.counts;
  const nothing = c.patientsCreated + c.antibodyResults + c.enzymeResults + c.visits + c.medications + c.corrected + c.retracted === 0;
  if (r.dryRun) return `Dry run, nothing written. Would import: ${countsText(c)}.`;
  return nothing ? `Nothing new: ${countsText(c)}.` : `Imported: ${countsText(c)}.`;
}

/** The report as the command line prints it. */
export function formatFhirReport(r: ImportReport): string {
  const out = [r.ok ? (r.dryRun ? 'Dry run: nothing was written. The Bundle would import.' : 'Imported.') : (r.dryRun ? 'Dry run: nothing was written. The Bundle would NOT import.' : 'Not imported: nothing was written.')];
  out.push(`  ${countsText(r.counts)}`);
  for (const l of r.lines) out.push(`  ${l.outcome.padEnd(9)} ${l.entry === null ? '' : `entry ${l.entry} `}${l.resource}: ${l.message}`);
  for (const m of r.mappings) {
    const best = m.best ? m.options.find((o) => o.value === m.best)?.label : undefined;
    out.push(`  to map    ${m.code.system}|${m.code.code}${m.lab ? ` from ${m.lab}` : ''} (${m.display || 'no name'}; entries ${m.entries.join(', ')}): ${best ? `best candidate ${best}. ${m.bestWhy}` : m.bestWhy}`);
  }
  if (r.mappings.length) out.push('  Confirm the mappings in the import page\'s preview, or under Admin, Code map; then import again.');
  return out.join('\n');
}
