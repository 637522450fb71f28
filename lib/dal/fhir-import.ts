import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { assays, patients } from '@/db/schema';
import { clinicTimeZone } from '../clinic-time';
import { parseBundle, type ParsedBundle } from '../domain/fhir/import-bundle';
import { GROUP_WORDS } from '../domain/fhir/import-condition';
import { textTooDeep, valueTooDeep, MAX_DEPTH } from '../domain/fhir/import-entries';
import { capLines, NO_COUNTS, rejectedLine, type ImportCounts, type ImportReport, type ReportLine } from '../domain/fhir/import-report';
import { isObject, quote } from '../domain/fhir/import-values';
import type { Sex } from '../domain/types';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { loadCodeMap } from './fhir-import-code-map';
import { linkIdentifiers } from './fhir-import-ids';
import { writeLabs } from './fhir-import-labs';
import { problemText, rowRunner, writeMedications, writeVisits, type PatientMap } from './fhir-import-rows';
import { createPatient } from './patients';
import { readSignalSettings, recomputePatientSignals } from './signal-store';
import { writeTx, type Tx } from './tx';
import { fhirImportSummary, timedImport } from '../ops/timings';

/**
 * Largest Bundle text read by default (about 100 patients' full history as exported);
 * the CLI may pass a larger `maxChars`. Bigger exports are split per patient.
 */
export const MAX_FHIR_IMPORT_CHARS = 20 * 1024 * 1024;

export interface FhirImportOptions {
  /** Raises the size limit of text (the CLI reads local files). */
  maxChars?: number;
  /** Imports results with plausibility warnings, listing each (the importer confirmed them). */
  allowImplausible?: boolean;
  /** Checks everything as for an import and writes nothing (issue 18, item 5). */
  dryRun?: boolean;
  /** A feed (HL7 v2, lib/dal/hl7-feed.ts): results are filed only under patients already registered; an unknown MRN is refused, never registered. */
  existingPatientsOnly?: boolean;
  /** How the rows' reasons name their path ('FHIR import' when absent). */
  sourceLabel?: string;
  /** The HL7 v2 sending application (MSH-3): part of the code map's key for its codes. */
  application?: string;
  /** The import's own audit event in place of `import.fhir`, written even when nothing changed (a feed remembers every message it acknowledged). */
  audit?: { action: string; entity: string; entityId: string; details: Record<string, unknown> };
  /** The audit events' origin (`import` when absent); the HL7 feed says `hl7`. */
  origin?: 'import' | 'hl7';
}

const byEntry = (lines: readonly ReportLine[]) => capLines([...lines].sort((a, b) => (a.entry ?? -1) - (b.entry ?? -1)));

function refused(lines: readonly ReportLine[], dryRun: boolean, parsed?: Pick<ParsedBundle, 'mappings'>, counts: ImportCounts = NO_COUNTS): ImportReport {
  return { ok: false, dryRun, counts: { ...counts }, lines: byEntry(lines), mappings: parsed?.mappings ?? [] };
}

class RolledBack extends Error {
  constructor(readonly report: ImportReport) {
    super('FHIR import rolled back');
  }
}

/** The recorded sex of the registered patient with an MRN (any case), read once per MRN: an enzyme range may be given by sex. */
function registeredSexes(db: ReturnType<typeof getDb>): (mrn: string) => Sex | undefined {
  const known = new Map<string, Sex | undefined>();
  return (mrn) => {
    if (!known.has(mrn)) known.set(mrn, db.select({ sex: patients.sex }).from(patients).where(sql`${patients.mrn} = ${mrn} collate nocase`).get()?.sex);
    return known.get(mrn);
  };
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();

/** What the import changed besides the counted rows (links of sender identifiers, given-name lists). */
interface Extra { links: number; names: number }

/** Keeps the sender's given names when there are several (Patient.name.given ["Astrid", "M"]), with its audit event. */
function keepGivenNames(tx: Tx, actor: Actor, patientId: number, names: readonly string[], extra: Extra): void {
  if (names.length < 2) return;
  const after = tx.update(patients).set({ givenNamesJson: JSON.stringify(names) }).where(eq(patients.id, patientId)).returning({ id: patients.id, givenNamesJson: patients.givenNamesJson }).get();
  appendAudit(tx, actor, { action: 'patient.given-names', entity: 'patient', entityId: patientId, patientId, after, reason: 'FHIR import: the given names as sent' });
  extra.names++;
}

/**
 * Matches every MRN of the bundle to a Titerline patient: an existing one (never
 * changed: an import is not a demographics correction, and a different birth date
 * or family name under the same MRN is refused as two people), or a new one created
 * through createPatient from the bundle's Patient resource. The sender's identifiers
 * of the Patient are linked to it (refused when they belong to another patient).
 */
function resolvePatients(tx: Tx, actor: Actor, parsed: ParsedBundle, lines: ReportLine[], counts: ImportCounts, extra: Extra, existingOnly: boolean): PatientMap {
  const map: PatientMap = new Map();
  const mrns = new Set([...parsed.patients, ...parsed.labs, ...parsed.retractions, ...parsed.visits, ...parsed.medications].map((x) => x.mrn));
  for (const mrn of mrns) {
    // MRNs are unique whatever their case (the database's index says so too): mrn-1 is MRN-1.
    const existing = tx.select().from(patients).where(sql`${patients.mrn} = ${mrn} collate nocase`).get();
    const plan = parsed.patients.find((p) => p.mrn === mrn);
    const fail = (message: string) => {
      map.set(mrn, plan ? `Its patient (MRN ${mrn}) was refused: see ${plan.label}.` : message);
      if (plan) lines.push(rejectedLine(plan.entry, plan.label, message));
    };
    const link = (patientId: number): boolean => {
      if (!plan) return true;
      try {
        tx.transaction(() => {
          extra.links += linkIdentifiers(tx, 'Patient', { entity: 'patient', entityId: patientId, patientId }, plan.identifiers);
        });
        return true;
      } catch (e) {
        const text = problemText(e);
        if (text === null) throw e;
        fail(`Patient ${mrn}: ${text}`);
        return false;
      }
    };
    if (existing?.enteredInError) fail(`MRN ${quote(mrn)} belongs to a patient record marked entered in error.`);
    else if (existing && plan) {
      const same = existing.birthDate === plan.form.birthDate && fold(existing.familyName) === fold(plan.form.familyName);
      if (!same) fail(`MRN ${quote(mrn)} already belongs to ${existing.familyName}, born ${existing.birthDate}; the Bundle says ${quote(plan.form.familyName)}, born ${plan.form.birthDate}. Refusing to merge two people.`);
      else if (link(existing.id)) {
        map.set(mrn, existing);
        counts.patientsMatched++;
        lines.push({ entry: plan.entry, resource: plan.label, outcome: 'note', message: `Matched the existing patient with MRN ${mrn}; demographics were not changed.` });
      }
    } else if (existing) map.set(mrn, existing);
    else if (!plan) map.set(mrn, `No patient with MRN ${quote(mrn)} in Titerline, and the Bundle has no Patient resource for it.`);
    else if (existingOnly) fail(`No patient with MRN ${quote(mrn)} in Titerline: results are filed only under registered patients. Register the patient (or correct the MRN at the lab), then resend.`);
    else if (!can(actor, 'patient:edit')) fail(`Patient ${mrn} is new, and your role may not register patients.`);
    else {
      try {
        const created = createPatient(actor, plan.form);
        keepGivenNames(tx, actor, created.id, plan.givenNames, extra);
        if (link(created.id)) {
          map.set(mrn, created);
          counts.patientsCreated++;
          if (plan.createNote) lines.push({ entry: plan.entry, resource: plan.label, outcome: 'note', message: plan.createNote });
        }
      } catch (e) {
        const text = problemText(e);
        if (text === null) throw e;
        fail(`Patient ${mrn}: ${text}`);
      }
    }
  }
  return map;
}

/** Report lines of the diagnosis groups Conditions propose (nothing is changed: issue 18, item 1). */
function proposalLines(parsed: ParsedBundle, map: PatientMap, lines: ReportLine[]): void {
  for (const pr of parsed.proposals) {
    const p = map.get(pr.mrn);
    const recorded = typeof p === 'object' ? p.diagnosisGroup : null;
    const push = (outcome: ReportLine['outcome'], message: string) => lines.push({ entry: pr.entry, resource: pr.label, outcome, message });
    if (pr.group !== null && recorded === pr.group) push('context', `${pr.why}: matches the recorded diagnosis group (${GROUP_WORDS[pr.group]}).`);
    else if (pr.group === null) push('proposal', `${pr.why}. Choose the diagnosis group in the patient's demographics${recorded ? ` (recorded: ${GROUP_WORDS[recorded]})` : ''}; nothing was changed.`);
    else push('proposal', `${pr.why}: proposed diagnosis group ${GROUP_WORDS[pr.group]}${recorded ? `; recorded: ${GROUP_WORDS[recorded]}` : ''}. Nothing was changed: edit the patient's demographics if it is right.`);
  }
}

/** The input as JSON, or the report line that says why it is not read. */
function readInput(json: unknown, opts: FhirImportOptions): { ok: true; input: unknown } | { ok: false; line: ReportLine } {
  const bundleLine = (m: string) => ({ ok: false as const, line: rejectedLine(null, 'Bundle', m) });
  if (typeof json !== 'string') return valueTooDeep(json) ? bundleLine(`The Bundle nests deeper than ${MAX_DEPTH} levels: not a FHIR resource.`) : { ok: true, input: json };
  const max = opts.maxChars ?? MAX_FHIR_IMPORT_CHARS;
  if (json.length > max) return bundleLine(`The Bundle is larger than ${Math.round(max / 1024 / 1024)} MB: split it (e.g. one Bundle per patient).`);
  if (textTooDeep(json)) return bundleLine(`The Bundle nests deeper than ${MAX_DEPTH} levels: not a FHIR resource.`);
  try {
    return { ok: true, input: JSON.parse(json) };
  } catch (e) {
    return bundleLine(`Not JSON: ${quote(e instanceof Error ? e.message : String(e), 160)}. FHIR must be sent as JSON (application/fhir+json).`);
  }
}

/**
 * Imports a FHIR R4 Bundle as hospitals send it (collection, batch, transaction or
 * searchset, or a single resource) through the product's write path, all or nothing
 * in ONE transaction (issue 18): patients matched by MRN or created; results stored,
 * corrected (amended, corrected) or retracted (cancelled, entered in error), held
 * when preliminary, "already present" when re-sent; lab and drug codes understood
 * through the confirmed code map; context resources read, others listed as ignored;
 * visits and dose epochs validated and audited (origin `import`) like single entry;
 * signals recomputed; one `import.fhir` audit event when anything changed. Anything
 * that cannot be understood gets a report line (with the codes to map) and nothing is
 * written. `dryRun` runs every check and writes nothing. A result with plausibility
 * warnings is refused as `confirmable` unless `allowImplausible`.
 * Needs 'lab:import'; visits and drugs also need the role that may enter them.
 */
export function importFhirBundle(actor: Actor, json: unknown, opts: FhirImportOptions = {}): ImportReport {
  return timedImport('fhir', actor.origin, () => importNow(actor, json, opts), fhirImportSummary);
}

function importNow(actor: Actor, json: unknown, opts: FhirImportOptions): ImportReport {
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  const dryRun = opts.dryRun === true;
  const read = readInput(json, opts);
  if (!read.ok) return refused([read.line], dryRun);
  const db = getDb();
  const catalog = db.select().from(assays).all();
  const parsed = parseBundle(read.input, { catalog, codeMap: loadCodeMap(db), application: opts.application, timeZone: clinicTimeZone(), registeredSex: registeredSexes(db) });
  // A broken Bundle stops here; broken entries do not: the rest is still tried (and rolled back) so one report lists every problem.
  if (parsed.lines.some((l) => l.outcome === 'rejected' && l.entry === null)) return refused(parsed.lines, dryRun, parsed);
  const importer: Actor = { ...actor, origin: opts.origin ?? 'import' };
  try {
    return writeTx((tx) => {
      const lines = [...parsed.lines];
      const counts: ImportCounts = { ...NO_COUNTS, held: parsed.counts.held, ignored: parsed.counts.ignored };
      const extra: Extra = { links: 0, names: 0 };
      const map = resolvePatients(tx, importer, parsed, lines, counts, extra, opts.existingPatientsOnly === true);
      const run = rowRunner(tx, importer, map, lines);
      writeLabs(tx, importer, catalog, parsed, map, run, lines, counts, opts.allowImplausible === true, opts.sourceLabel);
      writeVisits(tx, importer, parsed, run, lines, counts);
      writeMedications(tx, importer, parsed, run, lines, counts);
      proposalLines(parsed, map, lines);
      if (lines.some((l) => l.outcome === 'rejected')) throw new RolledBack(refused(lines, dryRun, parsed, dryRun ? counts : NO_COUNTS));
      if (dryRun) throw new RolledBack({ ok: true, dryRun, counts, lines: byEntry(lines), mappings: [] });
      const changed = counts.patientsCreated + counts.antibodyResults + counts.enzymeResults + counts.visits + counts.medications + counts.corrected + counts.retracted + extra.links + extra.names > 0;
      if (changed) {
        const settings = readSignalSettings(tx);
        for (const p of map.values()) if (typeof p !== 'string') recomputePatientSignals(tx, p.id, settings);
      }
      if (opts.audit) {
        const { action, entity, entityId, details } = opts.audit;
        appendAudit(tx, importer, { action, entity, entityId, after: { via: actor.origin, ...details, ...counts, identifiersLinked: extra.links } });
      } else if (changed) {
        const entries = isObject(read.input) && Array.isArray(read.input.entry) ? read.input.entry.length : 1;
        appendAudit(tx, importer, { action: 'import.fhir', entity: 'fhir-bundle', after: { via: actor.origin, entries, ...counts, identifiersLinked: extra.links } });
      }
      return { ok: true, dryRun, counts, lines: byEntry(lines), mappings: [] };
    });
  } catch (e) {
    if (e instanceof RolledBack) return e.report;
    throw e;
  }
}
