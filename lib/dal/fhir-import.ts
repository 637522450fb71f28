import 'server-only';
import { sql } from 'drizzle-orm';
import { patients } from '@/db/schema';
import { parseBundle, type ParsedBundle } from '../domain/fhir/import-bundle';
import { capLines, NO_COUNTS, rejectedLine, type ImportCounts, type ImportReport, type ReportLine } from '../domain/fhir/import-report';
import { isObject, quote } from '../domain/fhir/import-values';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { problemText, writeFhirRows, type PatientMap } from './fhir-import-rows';
import { createPatient } from './patients';
import { readSignalSettings, recomputePatientSignals } from './signal-store';
import { writeTx, type Tx } from './tx';

/**
 * Largest Bundle text read by default (about 100 patients' full history as exported);
 * the CLI may pass a larger `maxChars`. Bigger exports are split per patient.
 */
export const MAX_FHIR_IMPORT_CHARS = 20 * 1024 * 1024;

const refused = (lines: readonly ReportLine[]): ImportReport => ({
  ok: false,
  counts: { ...NO_COUNTS },
  lines: capLines([...lines].sort((a, b) => (a.entry ?? -1) - (b.entry ?? -1))),
});

class RolledBack extends Error {
  constructor(readonly report: ImportReport) {
    super('FHIR import rolled back');
  }
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();

/**
 * Matches every MRN of the bundle to a Titerline patient: an existing one (never
 * changed: an import is not a demographics correction, and a different birth date
 * or family name under the same MRN is refused as two people), or a new one created
 * through createPatient from the bundle's Patient resource.
 */
function resolvePatients(tx: Tx, actor: Actor, parsed: ParsedBundle, lines: ReportLine[], counts: ImportCounts): PatientMap {
  const map: PatientMap = new Map();
  const mrns = new Set([...parsed.patients, ...parsed.antibodies, ...parsed.enzymes, ...parsed.visits, ...parsed.medications].map((x) => x.mrn));
  for (const mrn of mrns) {
    // MRNs are unique whatever their case (the database's index says so too): mrn-1 is MRN-1.
    const existing = tx.select().from(patients).where(sql`${patients.mrn} = ${mrn} collate nocase`).get();
    const plan = parsed.patients.find((p) => p.mrn === mrn);
    const fail = (message: string) => {
      map.set(mrn, plan ? `Its patient (MRN ${mrn}) was refused: see ${plan.label}.` : message);
      if (plan) lines.push(rejectedLine(plan.entry, plan.label, message));
    };
    if (existing?.enteredInError) fail(`MRN ${quote(mrn)} belongs to a patient record marked entered in error.`);
    else if (existing && plan) {
      const same = existing.birthDate === plan.form.birthDate && fold(existing.familyName) === fold(plan.form.familyName);
      if (!same) fail(`MRN ${quote(mrn)} already belongs to ${existing.familyName}, born ${existing.birthDate}; the Bundle says ${quote(plan.form.familyName)}, born ${plan.form.birthDate}. Refusing to merge two people.`);
      else {
        map.set(mrn, existing);
        counts.patientsMatched++;
        lines.push({ entry: plan.entry, resource: plan.label, outcome: 'note', message: `Matched the existing patient with MRN ${mrn}; demographics were not changed.` });
      }
    } else if (existing) map.set(mrn, existing);
    else if (!plan) map.set(mrn, `No patient with MRN ${quote(mrn)} in Titerline, and the Bundle has no Patient resource for it.`);
    else if (!can(actor, 'patient:edit')) fail(`Patient ${mrn} is new, and your role may not register patients.`);
    else {
      try {
        map.set(mrn, createPatient(actor, plan.form));
        counts.patientsCreated++;
      } catch (e) {
        const text = problemText(e);
        if (text === null) throw e;
        fail(`Patient ${mrn}: ${text}`);
      }
    }
  }
  return map;
}

/**
 * Imports a FHIR R4 Bundle (collection, batch, transaction or searchset) of Patient,
 * Observation and MedicationStatement resources - Titerline's own export or another
 * system's - through the product's write path, all or nothing in ONE transaction:
 * patients matched by MRN or created, results, visits and dose epochs validated and
 * audited (origin `import`) like single entry, signals recomputed, one `import.fhir`
 * audit event. Any resource that cannot be mapped (bad JSON, wrong type, unknown
 * code, unit that does not convert, future date, unknown patient, duplicate...)
 * gets a report line and nothing is written. `json` is the text or parsed JSON;
 * `maxChars` raises the size limit of text (the CLI reads local files). A result with
 * plausibility warnings (lib/domain/plausibility.ts) is refused like any problem, its
 * line marked `confirmable`, unless `allowImplausible`: then it is imported and each
 * warning listed as a note (docs/decisions/0019-entry-rules.md).
 * Needs 'lab:import'; visits and drugs also need the role that may enter them.
 */
export function importFhirBundle(actor: Actor, json: unknown, opts: { maxChars?: number; allowImplausible?: boolean } = {}): ImportReport {
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  let input = json;
  if (typeof json === 'string') {
    const max = opts.maxChars ?? MAX_FHIR_IMPORT_CHARS;
    if (json.length > max) return refused([rejectedLine(null, 'Bundle', `The Bundle is larger than ${Math.round(max / 1024 / 1024)} MB: split it (e.g. one Bundle per patient).`)]);
    try {
      input = JSON.parse(json);
    } catch (e) {
      return refused([rejectedLine(null, 'Bundle', `Not JSON: ${quote(e instanceof Error ? e.message : String(e), 160)}. FHIR must be sent as JSON (application/fhir+json).`)]);
    }
  }
  const parsed = parseBundle(input);
  // A broken Bundle stops here; broken entries do not: the rest is still tried (and rolled back) so one report lists every problem.
  if (parsed.lines.some((l) => l.outcome === 'rejected' && l.entry === null)) return refused(parsed.lines);
  const importer: Actor = { ...actor, origin: 'import' };
  try {
    return writeTx((tx) => {
      const lines = [...parsed.lines];
      const counts = { ...NO_COUNTS };
      const map = resolvePatients(tx, importer, parsed, lines, counts);
      writeFhirRows(tx, importer, parsed, map, lines, counts, opts.allowImplausible === true);
      if (lines.some((l) => l.outcome === 'rejected')) throw new RolledBack(refused(lines));
      const settings = readSignalSettings(tx);
      for (const p of map.values()) if (typeof p !== 'string') recomputePatientSignals(tx, p.id, settings);
      const entries = isObject(input) && Array.isArray(input.entry) ? input.entry.length : 0;
      appendAudit(tx, importer, { action: 'import.fhir', entity: 'fhir-bundle', after: { via: actor.origin, entries, ...counts } });
      return { ok: true, counts, lines: capLines(lines) };
    });
  } catch (e) {
    if (e instanceof RolledBack) return e.report;
    throw e;
  }
}
