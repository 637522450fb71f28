import 'server-only';
import { randomInt } from 'node:crypto';
import { drawDateShifts, drawPseudonyms, K_ANONYMITY, shiftDate } from '../domain/cohort/deidentify';
import { cohortViewCsv, listedPatients, type ViewDisclosure } from '../domain/cohort/csv';
import { exportReadme } from '../domain/cohort/export-readme';
import { dictionaryCsv } from '../domain/cohort/tidy-csv';
import { viewColumnDefinition } from '../domain/cohort/view-dictionary';
import { zip } from '../export/zip';
import { COHORT_VIEW_LABELS, cohortSearch } from '../validation/cohort';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { getCohortView } from './cohort';
import { assertDisclosureAllowed, type ExportArchive } from './cohort-export';
import { recordRead } from './read-audit';

/** `identified=1` in the query asks for MRNs and real dates (roles that may export identified data). */
const asksIdentified = (raw: unknown) => typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>).identified === '1';

/**
 * The numbers of one cohort view for the filters in `raw` (the same computation as
 * the page), as a ZIP of data.csv, dictionary.csv and README.txt. The same rule as the
 * research export: de-identified (random pseudonyms and date shifts per export) unless
 * `identified=1` is asked by a role that may export identified data. Every listed
 * patient shares the filters, so the per-patient sections are left out when fewer than
 * k = 5 patients are listed, and so is any median, quartile or date describing fewer
 * than 5 (lib/domain/cohort/csv.ts); counts stay, and README.txt says both. Audited
 * with the view, filters, rows and k.
 */
export function exportCohortViewCsv(actor: Actor, raw: unknown): ExportArchive {
  if (!can(actor, 'cohort:view')) throw forbidden({ actor, permission: 'cohort:view' });
  const identified = asksIdentified(raw);
  assertDisclosureAllowed(actor, identified);
  const { query, result } = getCohortView(actor, raw);
  const listed = listedPatients(result);
  const pseudonyms = drawPseudonyms(listed, randomInt);
  const shifts = drawDateShifts(listed, randomInt);
  const enough = listed.length >= K_ANONYMITY;
  const disclosure: ViewDisclosure = identified
    ? { identified: true, showPatients: true, patient: (id) => result.patients.get(id)?.mrn ?? '', date: (_id, d) => d }
    : { identified: false, showPatients: enough, patient: (id) => pseudonyms.get(id) ?? '', date: (id, d) => (d ? shiftDate(d, shifts.get(id) ?? -1) : d) };
  const { csv, rows, columns } = cohortViewCsv(result, disclosure);
  const generatedAt = new Date().toISOString();
  const kAchieved = identified || !listed.length ? null : enough ? listed.length : null;
  const readme = exportReadme({
    title: `Titerline cohort view: ${COHORT_VIEW_LABELS[query.view]} (${identified ? 'identified' : 'de-identified'})`,
    generatedAt, identified, patients: result.total, rows,
    k: identified ? null : { over: 'the cohort filters every listed patient shares (diagnosis groups, sex, age at onset, diagnosis dates)', achieved: kAchieved, steps: [] },
    notes: [
      `Filters: ${cohortSearch(query) || 'defaults'}.`,
      'The numbers are the ones the cohort page shows for these filters.',
      ...(!identified && listed.length > 0 && !enough ? [`Per-patient rows left out: ${listed.length} patient${listed.length === 1 ? '' : 's'} listed, fewer than ${K_ANONYMITY}.`] : []),
      ...(identified ? [] : [
        `Small groups: a median or quartile of fewer than ${K_ANONYMITY} patients is left blank (of one patient it would be that patient's own value; the patients column still says how many), and so are the first and last dates of an assay fewer than ${K_ANONYMITY} patients had.`,
        `Counts of patients, percentages, correlations and p-values are given at every group size, as the cohort page shows them: in a group of fewer than ${K_ANONYMITY}, a count still tells how many of those few patients have a feature.`,
      ]),
    ],
  });
  const archive = zip([
    { name: 'data.csv', data: csv },
    { name: 'dictionary.csv', data: dictionaryCsv(columns, Object.fromEntries(columns.map((c) => [c, viewColumnDefinition(c)]))) },
    { name: 'README.txt', data: readme },
  ]);
  recordRead(actor, {
    action: 'export.cohort-insights', entity: 'cohort', entityId: query.view,
    after: { view: query.view, identified, filters: { ...query, course: undefined }, patients: result.total, rows, kAchieved },
  }, { durable: true });
  return { zip: archive, filename: `titerline-cohort-${query.view}-${identified ? 'identified' : 'deidentified'}-${generatedAt.slice(0, 10)}.zip`, rows, patients: result.total, kAchieved };
}
