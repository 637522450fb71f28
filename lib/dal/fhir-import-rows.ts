import 'server-only';
import { and, eq } from 'drizzle-orm';
import { assays, visits, type Patient } from '@/db/schema';
import type { ParsedBundle } from '../domain/fhir/import-bundle';
import { matchAssay } from '../domain/fhir/import-assay';
import { rejectedLine, type ImportCounts, type ReportLine } from '../domain/fhir/import-report';
import { reject, Rejection, type EntryRef } from '../domain/fhir/import-values';
import { can, type Action } from '../permissions';
import { isAppError } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { antibodyResultSchema, enzymeResultSchema } from '../validation/labs';
import type { Actor } from './actor';
import { insertAntibodyResult } from './antibody-results';
import { insertEnzymeResult } from './enzyme-results';
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

/**
 * Writes the clinical rows of a parsed bundle in the caller's transaction, each
 * through the product's own checks: anti-Mi2 and enzyme results via the tx-accepting
 * inserts (signals are recomputed once per patient by the caller), visits and dose
 * epochs via recordVisit / startMedication, which nest as SQLite savepoints. Every
 * refusal becomes a report line; the caller rolls everything back if there is one.
 */
export function writeFhirRows(tx: Tx, actor: Actor, parsed: ParsedBundle, map: PatientMap, lines: ReportLine[], counts: ImportCounts, allowImplausible = false): void {
  const catalog = tx.select().from(assays).all();
  /** Runs one row's write in a savepoint; a refusal becomes lines for every entry of the row. */
  const row = (refs: readonly EntryRef[], mrn: string, need: keyof typeof NEEDS, write: (p: Patient, warnings: string[]) => void) => {
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
  const reason = (r: EntryRef) => `FHIR import, entry ${r.entry} (${r.label})`;

  for (const a of parsed.antibodies) {
    row([a], a.mrn, 'lab', (p, warnings) => {
      const assay = matchAssay(catalog, a);
      const data = parseOrThrow(antibodyResultSchema, {
        assayId: assay.id, collectedOn: a.day, value: a.value, comparator: a.comparator ?? '', qualitative: a.qualitative ?? '', cutoff: a.cutoff, accession: a.accession, allowImplausible,
      });
      const full = catalog.find((c) => c.id === assay.id);
      insertAntibodyResult(tx, actor, p, data, { assay: full, reason: reason(a), warnings });
      counts.antibodyResults++;
    });
  }
  for (const e of parsed.enzymes) {
    row([e], e.mrn, 'lab', (p, warnings) => {
      const data = parseOrThrow(enzymeResultSchema, {
        analyte: e.analyte, collectedOn: e.day, value: e.value, unit: e.unit, lowerLimit: e.lowerLimit, upperLimit: e.upperLimit, accession: e.accession, allowImplausible,
      });
      insertEnzymeResult(tx, actor, p, data, { reason: reason(e), warnings });
      counts.enzymeResults++;
    });
  }
  for (const v of parsed.visits) {
    row(v.entries, v.mrn, 'visit', (p) => {
      // recordVisit has no duplicate check (two visits a day are possible); an import must not double a visit.
      const same = tx.select({ id: visits.id }).from(visits).where(and(eq(visits.patientId, p.id), eq(visits.visitOn, v.day), eq(visits.enteredInError, false))).get();
      if (same) reject(`A visit of ${p.mrn} on ${v.day} is already recorded (duplicate).`);
      recordVisit(actor, p.id, v.form);
      counts.visits++;
    });
  }
  for (const m of parsed.medications) {
    row([m], m.mrn, 'medication', (p) => {
      startMedication(actor, p.id, m.form);
      counts.medications++;
    });
  }
}
