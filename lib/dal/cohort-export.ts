import 'server-only';
import { randomInt } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { patients } from '@/db/schema';
import { addDays } from '../domain/dates';
import { classifyAntibody, xCutoff } from '../domain/antibody';
import { mmtTotal } from '../domain/mmt';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { recordRead } from './read-audit';
import { csvCell } from './audit-log';
import { loadPatientClinicalData } from './patient-data';

const COLUMNS = ['patient', 'mrn', 'family_name', 'given_name', 'birth_year', 'sex', 'diagnosis_group', 'date', 'kind', 'measure', 'value', 'comparator', 'unit', 'class_or_flag', 'x_cutoff_or_uln', 'reference', 'assay'] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string | number | null>>;

/**
 * One CSV row per result or visit, for research (admins, physicians, reviewers).
 * De-identified: names and MRN dropped, patients renumbered, birth year only, and every
 * date of a patient shifted by one random offset (-180..180 days, new per export) so
 * intervals within a patient are kept but calendar dates are not. The export is audited.
 */
export function exportCohortCsv(actor: Actor, opts: { deidentified: boolean }): string {
  if (!can(actor, 'data:export')) throw forbidden();
  const db = getDb();
  const list = db.select().from(patients).where(eq(patients.enteredInError, false)).orderBy(asc(patients.id)).all();
  const lines = [COLUMNS.join(',')];
  list.forEach((p, i) => {
    const shift = opts.deidentified ? randomInt(-180, 181) : 0;
    const d = (date: string) => (shift ? addDays(date, shift) : date);
    const who: Row = opts.deidentified
      ? { patient: `P${String(i + 1).padStart(5, '0')}`, birth_year: p.birthDate.slice(0, 4), sex: p.sex, diagnosis_group: p.diagnosisGroup }
      : { patient: p.id, mrn: p.mrn, family_name: p.familyName, given_name: p.givenName, birth_year: p.birthDate.slice(0, 4), sex: p.sex, diagnosis_group: p.diagnosisGroup };
    const data = loadPatientClinicalData(p.id);
    const rows: Row[] = [];
    for (const r of data.antibodyResults.filter((x) => !x.enteredInError)) {
      rows.push({ date: d(r.collectedOn), kind: 'antibody', measure: r.analyte, value: r.value ?? r.qualitative, comparator: r.comparator, unit: r.unit, class_or_flag: classifyAntibody(r), x_cutoff_or_uln: r.value === null ? null : xCutoff(r.value, r.cutoff), reference: r.cutoff, assay: r.assayLabel });
    }
    for (const r of data.enzymeResults.filter((x) => !x.enteredInError)) {
      rows.push({ date: d(r.collectedOn), kind: 'enzyme', measure: r.analyte, value: r.valueUL, unit: 'U/L', class_or_flag: r.valueUL > r.upperLimitUL ? 'high' : 'normal', x_cutoff_or_uln: Number((r.valueUL / r.upperLimitUL).toFixed(3)), reference: `${r.lowerLimitUL ?? ''}-${r.upperLimitUL}` });
    }
    for (const v of data.visits.filter((x) => !x.enteredInError)) {
      const t = v.mmtVersion ? mmtTotal(v.mmtVersion, v.mmtGrades) : null;
      const base = { date: d(v.visitOn), kind: 'visit' };
      if (t) rows.push({ ...base, measure: `mmt8-${v.mmtVersion}`, value: t.total, unit: `of ${t.max}`, class_or_flag: t.complete ? 'complete' : `partial ${t.tested}/${t.required}` });
      for (const [measure, value] of [['physician-global', v.physicianGlobal], ['patient-global', v.patientGlobal], ['haq-di', v.haq], ['extramuscular', v.extramuscular]] as const) {
        if (value !== null) rows.push({ ...base, measure, value });
      }
    }
    for (const r of rows) lines.push(COLUMNS.map((c) => csvCell({ ...who, ...r }[c])).join(','));
  });
  recordRead(actor, { action: 'export.cohort-csv', entity: 'cohort', after: { deidentified: opts.deidentified, patients: list.length, rows: lines.length - 1 } }, { durable: true });
  return `${lines.join('\r\n')}\r\n`;
}
