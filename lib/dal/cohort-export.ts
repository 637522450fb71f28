import 'server-only';
import { randomInt } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { patients } from '@/db/schema';
import { anonymize, drawDateShifts, drawPseudonyms, type Coarsened } from '../domain/cohort/deidentify';
import { exportReadme } from '../domain/cohort/export-readme';
import { RESEARCH_DICTIONARY, researchColumns, researchRows, sortRows, type Disclosure } from '../domain/cohort/research-export';
import { dictionaryCsv, tidyCsv } from '../domain/cohort/tidy-csv';
import { zip } from '../export/zip';
import { can } from '../permissions';
import { AppError, forbidden } from '../errors';
import type { Actor } from './actor';
import { recordRead } from './read-audit';
import { loadPatientClinicalData } from './patient-data';

/** Refused to a role that may export de-identified data only (reviewers): never silently de-identified instead. */
export const IDENTIFIED_REFUSED = 'Your role may export de-identified data only: leave "De-identify" ticked.';

/** The one rule of every cohort download: de-identified unless asked otherwise by a role that may export identified data. */
export function assertDisclosureAllowed(actor: Actor, identified: boolean): void {
  if (!can(actor, 'data:export')) throw forbidden({ actor, permission: 'data:export' });
  if (identified && !can(actor, 'data:export-identified')) throw new AppError('forbidden', IDENTIFIED_REFUSED);
}

export interface ExportArchive { zip: Buffer; filename: string; rows: number; patients: number; kAchieved: number | null }

/**
 * The research export as a ZIP of data.csv, dictionary.csv and README.txt: one row per
 * live result or visit measure. De-identified (random pseudonyms and date shifts per
 * export, k = 5 over birth year, sex and diagnosis group: lib/domain/cohort/deidentify.ts)
 * unless `identified` is asked for by a role that may export identified data. Every
 * export is audited with its kind, patients, rows and k achieved.
 */
export function exportCohortCsv(actor: Actor, opts: { identified: boolean }): ExportArchive {
  assertDisclosureAllowed(actor, opts.identified);
  const list = getDb().select().from(patients).where(eq(patients.enteredInError, false)).orderBy(asc(patients.id)).all();
  const ids = list.map((p) => p.id);
  const quasi = anonymize(list.map((p) => ({ id: p.id, birthYear: Number(p.birthDate.slice(0, 4)), sex: p.sex, group: p.diagnosisGroup })));
  const pseudonyms = drawPseudonyms(ids, randomInt);
  const shifts = drawDateShifts(ids, randomInt);
  const byId = new Map(list.map((p) => [p.id, p]));
  const exact = (id: number): Coarsened => {
    const p = byId.get(id);
    const year = p ? Number(p.birthDate.slice(0, 4)) : null;
    return { birthLow: year, birthHigh: year, sex: p?.sex ?? null, group: p?.diagnosisGroup ?? null };
  };
  const disclosure: Disclosure = opts.identified
    ? { identified: true, label: (id) => byId.get(id)?.mrn ?? '', shift: () => 0, quasi: exact }
    : { identified: false, label: (id) => pseudonyms.get(id) ?? '', shift: (id) => shifts.get(id) ?? -1, quasi: (id) => quasi.kept.get(id) ?? exact(id) };
  const included = opts.identified ? list : list.filter((p) => quasi.kept.has(p.id));
  const rows = sortRows(included.flatMap((p) => researchRows({ ...p, ...loadPatientClinicalData(p.id) }, disclosure)));
  const columns = researchColumns(opts.identified);
  const generatedAt = new Date().toISOString();
  const readme = exportReadme({
    title: `Titerline research export (${opts.identified ? 'identified' : 'de-identified'})`,
    generatedAt, identified: opts.identified, patients: included.length, rows: rows.length,
    k: opts.identified ? null : { over: 'birth year, sex and diagnosis group', achieved: quasi.kAchieved, steps: quasi.steps },
    notes: ['One row per live anti-Mi2 result, muscle-enzyme result or visit measure; rows entered in error are left out.'],
  });
  const archive = zip([{ name: 'data.csv', data: tidyCsv(columns, rows) }, { name: 'dictionary.csv', data: dictionaryCsv(columns, RESEARCH_DICTIONARY) }, { name: 'README.txt', data: readme }]);
  const kAchieved = opts.identified ? null : quasi.kAchieved;
  recordRead(actor, {
    action: 'export.cohort-csv', entity: 'cohort',
    after: { identified: opts.identified, patients: included.length, rows: rows.length, ...(opts.identified ? {} : { kAchieved, leftOut: quasi.leftOut.length }) },
  }, { durable: true });
  const day = generatedAt.slice(0, 10);
  return { zip: archive, filename: `titerline-research-${opts.identified ? 'identified' : 'deidentified'}-${day}.zip`, rows: rows.length, patients: included.length, kAchieved };
}
