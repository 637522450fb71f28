import 'server-only';
import { and, eq } from 'drizzle-orm';
import { medicationEpochs, visits, type Patient, type VisitRow } from '@/db/schema';
import type { ParsedBundle } from '../domain/fhir/import-bundle';
import { rejectedLine, type ImportCounts, type ReportLine } from '../domain/fhir/import-report';
import { quote, reject, Rejection, type EntryRef } from '../domain/fhir/import-values';
import { sameDrug } from '../domain/medications';
import { can, type Action } from '../permissions';
import { isAppError } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { drugIdentity, epochSchema } from '../validation/medications';
import { visitSchema, type VisitInput } from '../validation/visits';
import type { Actor } from './actor';
import { findByIdentifiers, linkIdentifiers } from './fhir-import-ids';
import { startMedication } from './medications';
import type { Tx } from './tx';
import { recordVisit } from './visits';

/** Where each MRN of the bundle landed: a patient row, or why there is none. */
export type PatientMap = Map<string, Patient | string>;

/**
 * What a refused write says: its message, or every field's message when several
 * fields failed (the product's schemas name what is allowed). Null for a bug.
 */
export function problemText(e: unknown): string | null {
  if (e instanceof Rejection) return e.message;
  if (!isAppError(e)) return null;
  const warnings = e.fieldErrors.allowImplausible;
  if (e.code === 'conflict' && warnings?.length) return `${CHECK} ${warnings.join(' ')} ${CONFIRM_HOW}`;
  if (e.code === 'conflict') return e.message;
  // The field messages are what every other path shows (the form beside the field, the CSV under its column, the API's fields).
  const details = [...new Set(Object.values(e.fieldErrors).flat())];
  return details.length ? details.join(' ') : e.message;
}

/** How a refused line with plausibility warnings begins, and how to import it (the report's `confirmable` lines). */
export const CHECK = 'Check:';
const CONFIRM_HOW = 'If the values are right, import the Bundle again with "Import values to check as they are" ticked (npm run import: --allow-implausible).';

const NEEDS: Record<'lab' | 'visit' | 'medication', { action: Action; text: string }> = {
  lab: { action: 'lab:write', text: 'Lab results need a nurse or physician (lab:write).' },
  visit: { action: 'visit:write', text: 'Visits (MMT-8, globals, HAQ-DI) need a physician (visit:write); your role may not record them.' },
  medication: { action: 'medication:write', text: 'Dose epochs need a physician (medication:write); your role may not record them.' },
};

/** Runs one row's write in a savepoint; a refusal becomes report lines for every entry of the row. */
export type RowRunner = (refs: readonly EntryRef[], mrn: string, need: keyof typeof NEEDS, write: (p: Patient, warnings: string[]) => void) => void;

export function rowRunner(tx: Tx, actor: Actor, map: PatientMap, lines: ReportLine[]): RowRunner {
  return (refs, mrn, need, write) => {
    try {
      const p = map.get(mrn);
      if (p === undefined) reject(`Patient ${mrn} was not resolved.`);
      if (typeof p === 'string') reject(p);
      if (!can(actor, NEEDS[need].action)) reject(NEEDS[need].text);
      const warnings: string[] = [];
      tx.transaction(() => write(p, warnings));
      // Confirmed by the importer (allowImplausible): imported, and each warning listed.
      for (const w of warnings) lines.push({ entry: refs[0]?.entry ?? null, resource: refs[0]?.label ?? '', outcome: 'note', message: `Imported as confirmed: ${w}` });
    } catch (e) {
      const text = problemText(e);
      if (text === null) throw e;
      const confirmable = isAppError(e) && e.code === 'conflict' && !!e.fieldErrors.allowImplausible?.length;
      refs.forEach((r, i) => lines.push({ ...rejectedLine(r.entry, r.label, i === 0 ? text : `Part of the visit refused above (${refs[0]?.label}).`), ...(confirmable ? { confirmable } : {}) }));
    }
  };
}

const sortedJson = (o: Record<string, unknown>) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));

/** The stored visit says what the incoming one says (a re-sent Bundle). */
function sameVisit(row: VisitRow, v: VisitInput): boolean {
  const graded = Object.keys(v.grades).length > 0;
  return row.mmtVersion === (graded ? v.mmtVersion : null)
    && sortedJson(JSON.parse(row.mmtGradesJson) as Record<string, unknown>) === sortedJson(v.grades)
    && row.physicianGlobal === v.physicianGlobal && row.patientGlobal === v.patientGlobal && row.haq === v.haq && row.extramuscular === v.extramuscular
    && JSON.stringify([...(JSON.parse(row.findingsJson) as string[])].sort()) === JSON.stringify([...v.findings].sort())
    && row.notes === v.notes && row.clinicianName === v.clinicianName;
}

const line = (lines: ReportLine[], r: EntryRef, outcome: ReportLine['outcome'], message: string) => lines.push({ entry: r.entry, resource: r.label, outcome, message });

/** Visits: recorded through recordVisit, or "already present" when the same visit is stored. */
export function writeVisits(tx: Tx, actor: Actor, parsed: ParsedBundle, run: RowRunner, lines: ReportLine[], counts: ImportCounts): void {
  for (const v of parsed.visits) {
    run(v.entries, v.mrn, 'visit', (p) => {
      const data = parseOrThrow(visitSchema, v.form);
      const sameDay = tx.select().from(visits).where(and(eq(visits.patientId, p.id), eq(visits.visitOn, v.day), eq(visits.enteredInError, false))).all();
      if (sameDay.some((row) => sameVisit(row, data))) {
        counts.alreadyPresent++;
        for (const r of v.entries) line(lines, r, 'present', `Already recorded: the visit of ${p.mrn} on ${v.day}.`);
        return;
      }
      // recordVisit has no duplicate check (two visits a day are possible); an import must not double a visit.
      if (sameDay.length) reject(`A different visit of ${p.mrn} on ${v.day} is already recorded: correct that visit by hand if this one replaces it.`);
      recordVisit(actor, p.id, v.form);
      counts.visits++;
    });
  }
}

/** Dose epochs: started through startMedication, or "already present" when the same epoch (or the same sender identifier) is stored. */
export function writeMedications(tx: Tx, actor: Actor, parsed: ParsedBundle, run: RowRunner, lines: ReportLine[], counts: ImportCounts): void {
  for (const m of parsed.medications) {
    run([m], m.mrn, 'medication', (p) => {
      const data = parseOrThrow(epochSchema, m.form);
      const { drug } = drugIdentity(data);
      const same = (e: typeof medicationEpochs.$inferSelect) => sameDrug(e.drug, drug) && e.startOn === data.startOn && e.endOn === data.endOn
        && e.dose === data.dose && e.doseUnit === data.doseUnit && e.route === data.route && e.frequency === data.frequency;
      const linked = findByIdentifiers(tx, 'MedicationStatement', m.identifiers)[0];
      if (linked && linked.patientId !== p.id) reject('Its identifier belongs to a medication of another patient in Titerline: refusing to attach it here.');
      const epochs = tx.select().from(medicationEpochs).where(eq(medicationEpochs.patientId, p.id)).all();
      const linkedEpoch = linked ? epochs.find((e) => e.id === linked.entityId) : undefined;
      if (linkedEpoch?.enteredInError) {
        counts.alreadyPresent++;
        line(lines, m, 'present', `Already recorded and marked entered in error in Titerline (${linkedEpoch.errorReason ?? 'no reason'}): not imported again.`);
        return;
      }
      const known = linked ? linkedEpoch : epochs.find((e) => !e.enteredInError && same(e));
      if (linked && (!known || !same(known))) {
        reject(`This statement was imported before (identifier ${quote(`${linked.system}|${linked.value}`, 120)}) with other facts: change that dose epoch by hand (stop, change dose or correct it).`);
      }
      if (known) {
        counts.alreadyPresent++;
        line(lines, m, 'present', `Already recorded: ${drug} from ${data.startOn}.`);
        return;
      }
      const row = startMedication(actor, p.id, m.form);
      linkIdentifiers(tx, 'MedicationStatement', { entity: 'medication-epoch', entityId: row.id, patientId: p.id }, m.identifiers);
      counts.medications++;
      if (m.mapped) counts.mapped++;
    });
  }
}
